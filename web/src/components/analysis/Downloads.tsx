/** Downloads of a chart or table: its SVG, a PNG drawn from it, and the CSV data behind it. */
import { useEffect, useState } from 'react';
import type { DataFile } from '../../contracts.ts';
import {
  type DownloadKind,
  downloadName,
  isoDate,
  MEDIA_TYPES,
  saveBlob,
  svgToPng,
} from '../../lib/download.ts';

const STUDY = 'NCT05168163';

/** An `<a download>` to a Blob of `text`, its object URL released when it goes. */
function BlobLink({
  text,
  kind,
  name,
  label,
}: {
  text: string;
  kind: DownloadKind;
  name: string;
  label: string;
}) {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    const objectUrl = URL.createObjectURL(new Blob([text], { type: MEDIA_TYPES[kind] }));
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [text, kind]);
  return (
    <a className="button secondary" href={url} download={name} aria-label={label}>
      {kind.toUpperCase()}
      {kind === 'csv' ? `: ${name.replace(/^nct\d+-|-\d{4}-\d{2}-\d{2}\.csv$/g, '')}` : ''}
    </a>
  );
}

function PngButton({ svg, name, label }: { svg: string; name: string; label: string }) {
  const [failed, setFailed] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="secondary"
        aria-label={label}
        onClick={() => {
          setFailed(null);
          svgToPng(svg)
            .then((blob) => saveBlob(blob, name))
            .catch((e: unknown) => setFailed(e instanceof Error ? e.message : 'PNG failed'));
        }}
      >
        PNG
      </button>
      {failed && (
        <span role="alert" className="error">
          {failed}
        </span>
      )}
    </>
  );
}

/** The downloads of one chart: its SVG, a PNG drawn from it, and the CSV data behind it. */
export function Downloads({
  what,
  title,
  svg,
  data,
}: {
  what: string;
  title: string;
  svg?: string;
  data: DataFile[];
}) {
  const date = isoDate(new Date());
  const name = (stem: string, kind: DownloadKind) => downloadName({ study: STUDY, what: stem, date, kind });
  return (
    <div className="downloads">
      <span className="muted">Download</span>
      {svg && (
        <>
          <BlobLink text={svg} kind="svg" name={name(what, 'svg')} label={`${title} as SVG`} />
          <PngButton svg={svg} name={name(what, 'png')} label={`${title} as PNG`} />
        </>
      )}
      {data.map((d) => (
        <BlobLink
          key={d.name}
          text={d.csv}
          kind="csv"
          name={name(d.name, 'csv')}
          label={`data of ${title}: ${d.name} as CSV`}
        />
      ))}
    </div>
  );
}
