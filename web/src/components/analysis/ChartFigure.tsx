import { useEffect, useRef, useState } from 'react';
import type { DataFile } from '../../contracts.ts';
import { parseSvg, svgDataUrl, svgTextAlternative } from '../../lib/download.ts';
import { Downloads } from './Downloads.tsx';

/**
 * A server-drawn figure inlined in the page (its own `<title>` and `<desc>` label it for screen
 * readers), parsed as SVG and cleaned of anything that could run; an image if it cannot be parsed.
 */
export function ChartFigure({
  svg,
  what,
  title,
  data,
}: {
  svg: string;
  what: string;
  title: string;
  data: DataFile[];
}) {
  const host = useRef<HTMLDivElement>(null);
  const [inlined, setInlined] = useState(true);
  useEffect(() => {
    const figure = parseSvg(svg);
    if (!figure) {
      setInlined(false);
      return;
    }
    figure.removeAttribute('width');
    figure.removeAttribute('height');
    host.current?.replaceChildren(figure);
    setInlined(true);
  }, [svg]);
  const text = svgTextAlternative(svg);
  return (
    <figure className="figure">
      {inlined ? (
        <div ref={host} className="svg-figure" />
      ) : (
        <img src={svgDataUrl(svg)} alt={`${text.title}. ${text.desc}`} />
      )}
      <figcaption>
        <Downloads what={what} title={title} svg={svg} data={data} />
      </figcaption>
    </figure>
  );
}
