/**
 * The statistician's analysis: SDTM TU/TR/RS and ADSL CSV files (or the example study) → POST
 * /api/analysis → PFS and OS by arm (Kaplan–Meier with number at risk, medians, HR, log-rank), ORR with
 * exact CIs, waterfall, spider and swimmer plots, each downloadable as SVG, PNG and its data as CSV,
 * and the readers' data problems. The figures are the server's SVGs (the CLI's), shown as images with
 * their own title and description as text alternative, each beside a table of the same numbers.
 */
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { ApiError, type FieldError, get, post } from '../api.ts';
import { formatInterval, formatLevel, formatNumber, formatP, formatPercent } from '../lib/analysis-format.ts';
import {
  type DownloadKind,
  downloadName,
  isoDate,
  MEDIA_TYPES,
  parseSvg,
  saveBlob,
  svgDataUrl,
  svgTextAlternative,
  svgToPng,
} from '../lib/download.ts';
import type {
  AnalysisOptions,
  AnalysisProblem,
  AnalysisReport,
  DataFile,
  OrrReport,
  StudyTexts,
  SurvivalReport,
} from '../lib/report-types.ts';

const STUDY = 'NCT05168163';
const MAX_BYTES = 20 * 1024 * 1024;
const DOMAINS = [
  { key: 'tu', label: 'TU — tumor identification', required: true },
  { key: 'tr', label: 'TR — tumor results', required: true },
  { key: 'rs', label: 'RS — recorded responses (optional)', required: false },
  { key: 'adsl', label: 'ADSL — subject level (arm, randomization, death, last alive)', required: true },
] as const;
type Domain = (typeof DOMAINS)[number]['key'];
const RESPONSES = ['CR', 'PR', 'SD', 'NON-CR/NON-PD', 'PD', 'NE', 'MISSING'];
const DEFAULT_OPTIONS: AnalysisOptions = {
  pfsRules: 'fda-2018',
  responseSource: 'measurements',
  timeUnit: 'months',
  orrResponse: 'unconfirmed',
};

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
function Downloads({
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

/**
 * A server-drawn figure inlined in the page (its own `<title>` and `<desc>` label it for screen
 * readers), parsed as SVG and cleaned of anything that could run; an image if it cannot be parsed.
 */
function Chart({ svg, what, title, data }: { svg: string; what: string; title: string; data: DataFile[] }) {
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

function Survival({ report }: { report: SurvivalReport }) {
  const unit = report.timeUnit;
  const level = report.confLevel;
  const hr = report.hazardRatio;
  return (
    <>
      <Chart svg={report.svg} what={`km-${report.paramcd}`} title={report.title} data={report.data} />
      <div className="table-scroll">
        <table>
          <caption>
            {report.title}: events and median ({unit})
          </caption>
          <thead>
            <tr>
              <th scope="col">Arm</th>
              <th scope="col" className="num">
                Subjects
              </th>
              <th scope="col" className="num">
                Events
              </th>
              <th scope="col" className="num">
                Censored
              </th>
              <th scope="col">Median ({formatLevel(level)} CI)</th>
            </tr>
          </thead>
          <tbody>
            {report.arms.map((a) => (
              <tr key={a.arm}>
                <th scope="row">{a.arm}</th>
                <td className="num">{a.n}</td>
                <td className="num">{a.events}</td>
                <td className="num">{a.censored}</td>
                <td>{formatInterval(a.median, { unit, level })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="stats-lines">
        {hr && (
          <li>
            Hazard ratio (Cox, Efron ties), {hr.comparison} vs {hr.reference}:{' '}
            {hr.estimable ? (
              <>
                <strong>
                  {formatInterval(
                    { estimate: hr.estimate, lower: hr.lower, upper: hr.upper },
                    { digits: 2, level },
                  )}
                </strong>
                , Wald {formatP(hr.waldP)}
              </>
            ) : (
              <strong>
                not estimable (monotone likelihood, as when one arm has no events: the estimate runs to 0 or
                ∞)
              </strong>
            )}
          </li>
        )}
        {report.logRank && (
          <li>
            Log-rank test: χ² = {formatNumber(report.logRank.chisq, 2)} on {report.logRank.df} df,{' '}
            <strong>{formatP(report.logRank.p)}</strong>
          </li>
        )}
        <li className="muted">“NR”: not reached (the curve or its confidence limit does not cross 0.5).</li>
      </ul>
      <div className="table-scroll">
        <table>
          <caption>Number at risk by time ({unit} since randomization)</caption>
          <thead>
            <tr>
              <th scope="col">Arm</th>
              {report.atRisk.times.map((t) => (
                <th scope="col" className="num" key={t}>
                  {t} {unit === 'days' ? 'd' : unit === 'weeks' ? 'wk' : 'mo'}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.atRisk.byArm.map((row) => (
              <tr key={row.arm}>
                <th scope="row">{row.arm}</th>
                {row.counts.map((n, i) => (
                  <td className="num" key={report.atRisk.times[i]}>
                    {n}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Orr({ report }: { report: OrrReport }) {
  const level = report.confLevel;
  const seen = RESPONSES.filter((r) => report.arms.some((a) => a.bestResponse[r]));
  return (
    <>
      <p className="muted">
        {report.definition}. Interval: {report.interval}, {formatLevel(level)}.
      </p>
      <div className="table-scroll">
        <table>
          <caption>Objective response rate by arm</caption>
          <thead>
            <tr>
              <th scope="col">Arm</th>
              <th scope="col" className="num">
                Subjects
              </th>
              <th scope="col" className="num">
                Responders (CR + PR)
              </th>
              <th scope="col">ORR ({formatLevel(level)} CI)</th>
              {seen.map((r) => (
                <th scope="col" className="num" key={r}>
                  {r}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.arms.map((a) => (
              <tr key={a.arm}>
                <th scope="row">{a.arm}</th>
                <td className="num">{a.n}</td>
                <td className="num">{a.responders}</td>
                <td>
                  {formatPercent(a.rate.estimate)} ({formatPercent(a.rate.lower)}–
                  {formatPercent(a.rate.upper)})
                </td>
                {seen.map((r) => (
                  <td className="num" key={r}>
                    {a.bestResponse[r] ?? 0}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {report.comparison && (
        <p>
          {report.comparison.test}, {report.comparison.comparison} vs {report.comparison.reference}:{' '}
          {report.comparison.oddsRatio.estimate === null
            ? 'odds ratio not estimable (an arm has no responders, or only responders)'
            : `odds ratio ${formatInterval(report.comparison.oddsRatio, { digits: 2, level, missing: '∞' })}`}
          , <strong>{formatP(report.comparison.p)}</strong>
        </p>
      )}
      <Downloads what="orr" title="Objective response rate" data={report.data} />
    </>
  );
}

function Problems({ problems }: { problems: AnalysisProblem[] }) {
  if (problems.length === 0) return <p>No data problems: every row was read and used.</p>;
  const errors = problems.filter((p) => p.severity === 'error').length;
  return (
    <>
      <p>
        {errors} error{errors === 1 ? '' : 's'} (data left out) and {problems.length - errors} warning
        {problems.length - errors === 1 ? '' : 's'} (data used with an assumption stated).
      </p>
      <div className="table-scroll">
        <table className="problems">
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col">Step</th>
              <th scope="col">File and line</th>
              <th scope="col">Subject</th>
              <th scope="col">Visit</th>
              <th scope="col">Lesion</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: problems have no identity; the list never reorders
              <tr key={i} className={p.severity === 'error' ? 'problem-error' : undefined}>
                <td>
                  <span className={`badge ${p.severity === 'error' ? 'status-not_met' : 'status-unknown'}`}>
                    {p.severity}
                  </span>
                </td>
                <td>{p.stage === 'read' ? 'reading' : p.stage === 'derive' ? 'deriving' : 'analysis'}</td>
                <td>{p.file ? `${p.file}${p.line ? `:${p.line}` : ''}` : '–'}</td>
                <td>{p.usubjid ?? '–'}</td>
                <td>{p.visit ?? '–'}</td>
                <td>{p.lesion ?? '–'}</td>
                <td>{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="analysis-section">
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}

function Results({ report, source }: { report: AnalysisReport; source: string }) {
  const { summary, survival, orr, figures } = report;
  const unit = summary.options.timeUnit;
  return (
    <>
      <Section id="summary" title="Summary">
        <dl className="summary-list">
          <dt>Data</dt>
          <dd>{source}</dd>
          <dt>Subjects</dt>
          <dd>
            {summary.subjects} read, {summary.analysed} with endpoints derived
          </dd>
          <dt>Arms (reference first)</dt>
          <dd>{summary.arms.join(' · ') || '–'}</dd>
          <dt>Derived records</dt>
          <dd>
            {summary.records.adtte} ADTTE, {summary.records.adrs} ADRS, {summary.records.adtr} ADTR,{' '}
            {summary.records.timepoints} time points; recorded response differs from the measurements at{' '}
            {summary.disagreements} visit{summary.disagreements === 1 ? '' : 's'}
          </dd>
          <dt>Rules</dt>
          <dd>
            {[
              `PFS censoring: ${summary.options.pfsRules === 'fda-2018' ? 'FDA 2018 guidance' : 'admiralonco template'}`,
              `responses ${summary.options.responseSource === 'measurements' ? 'computed from the measurements (RECIST 1.1)' : 'as recorded in RS'}`,
              `times in ${unit}`,
            ].join(' · ')}
          </dd>
        </dl>
        <Downloads what="adam" title="Derived ADaM datasets" data={report.datasets} />
      </Section>

      <Section id="problems" title={`Data problems (${report.problems.length})`}>
        <Problems problems={report.problems} />
      </Section>

      <Section id="pfs" title="Progression-free survival">
        {survival.pfs ? (
          <Survival report={survival.pfs} />
        ) : (
          <p>PFS could not be analysed: see the data problems.</p>
        )}
      </Section>
      <Section id="os" title="Overall survival">
        {survival.os ? (
          <Survival report={survival.os} />
        ) : (
          <p>OS could not be analysed: see the data problems.</p>
        )}
      </Section>

      <Section id="orr" title="Objective response rate">
        {orr ? <Orr report={orr} /> : <p>ORR could not be computed: see the data problems.</p>}
      </Section>

      <Section id="waterfall" title="Waterfall plot">
        {figures.waterfall ? (
          <>
            <Chart
              svg={figures.waterfall.svg}
              what="waterfall"
              title="Waterfall plot"
              data={figures.waterfall.data}
            />
            <details>
              <summary>Best change per subject as a table</summary>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Subject</th>
                    <th scope="col">Arm</th>
                    <th scope="col" className="num">
                      Best change in sum of diameters
                    </th>
                    <th scope="col">Best overall response</th>
                  </tr>
                </thead>
                <tbody>
                  {[...figures.waterfall.detail.bars]
                    .sort((a, b) => a.bestPercentChange - b.bestPercentChange)
                    .map((b) => (
                      <tr key={b.subject}>
                        <th scope="row">{b.subject}</th>
                        <td>{b.arm}</td>
                        <td className="num">
                          {b.bestPercentChange > 0 ? '+' : ''}
                          {formatNumber(b.bestPercentChange)}%
                        </td>
                        <td>{b.bestResponse ?? '–'}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </details>
          </>
        ) : (
          <p>No target-lesion measurements after baseline to draw.</p>
        )}
      </Section>

      <Section id="spider" title="Spider plot">
        {figures.spider ? (
          <Chart svg={figures.spider.svg} what="spider" title="Spider plot" data={figures.spider.data} />
        ) : (
          <p>No target-lesion measurements after baseline to draw.</p>
        )}
      </Section>

      <Section id="swimmer" title="Swimmer plot">
        {figures.swimmer ? (
          <>
            <Chart
              svg={figures.swimmer.svg}
              what="swimmer"
              title="Swimmer plot"
              data={figures.swimmer.data}
            />
            <details>
              <summary>Time on study and responses per subject as a table</summary>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Subject</th>
                    <th scope="col">Arm</th>
                    <th scope="col" className="num">
                      Days on study
                    </th>
                    <th scope="col">Status</th>
                    <th scope="col">Responses (day)</th>
                  </tr>
                </thead>
                <tbody>
                  {figures.swimmer.detail.lanes.map((l) => (
                    <tr key={l.subject}>
                      <th scope="row">{l.subject}</th>
                      <td>{l.arm}</td>
                      <td className="num">{l.endDay} d</td>
                      <td>
                        {l.events.some((e) => e.kind === 'death')
                          ? 'died'
                          : l.ongoing
                            ? 'alive, on study'
                            : 'off study'}
                      </td>
                      <td>
                        {l.events
                          .filter((e) => e.kind !== 'death')
                          .map((e) => `${e.kind} (${e.day})`)
                          .join(', ') || '–'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </>
        ) : (
          <p>No overall survival records to draw.</p>
        )}
      </Section>
    </>
  );
}

export default function Analysis() {
  const formId = useId();
  const [files, setFiles] = useState<Partial<Record<Domain, File>>>({});
  const [options, setOptions] = useState<AnalysisOptions>(DEFAULT_OPTIONS);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; fields: FieldError[] } | null>(null);
  const [result, setResult] = useState<{ report: AnalysisReport; source: string } | null>(null);
  const resultsHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (result) resultsHeading.current?.focus();
  }, [result]);

  const run = async (texts: StudyTexts, source: string) => {
    setBusy(true);
    setError(null);
    try {
      const report = await post<AnalysisReport>('/api/analysis', { ...texts, options });
      setResult({ report, source });
    } catch (e) {
      setResult(null);
      setError(
        e instanceof ApiError
          ? { message: e.message, fields: e.fields }
          : { message: 'The analysis could not be run.', fields: [] },
      );
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const missing = DOMAINS.filter((d) => d.required && !files[d.key]).map((d) => d.key.toUpperCase());
    if (missing.length) {
      setError({
        message: `Choose the ${missing.join(', ')} file${missing.length > 1 ? 's' : ''}.`,
        fields: [],
      });
      return;
    }
    const chosen = DOMAINS.flatMap((d) => (files[d.key] ? [[d.key, files[d.key] as File] as const] : []));
    const bytes = chosen.reduce((sum, [, f]) => sum + f.size, 0);
    if (bytes > MAX_BYTES) {
      setError({
        message: `The files hold ${(bytes / 1024 / 1024).toFixed(1)} MB; at most 20 MB can be analysed at once.`,
        fields: [],
      });
      return;
    }
    const texts = Object.fromEntries(await Promise.all(chosen.map(async ([k, f]) => [k, await f.text()])));
    const fileNames = Object.fromEntries(chosen.map(([k, f]) => [k, f.name]));
    await run(
      { ...(texts as Pick<StudyTexts, 'tu' | 'tr' | 'adsl'>), fileNames },
      chosen.map(([, f]) => f.name).join(', '),
    );
  };

  const loadExample = async () => {
    setBusy(true);
    setError(null);
    try {
      const example = await get<StudyTexts>('/api/analysis/example');
      await run(example, 'the example study (examples/cdisc: tu.csv, tr.csv, rs.csv, adsl.csv)');
    } catch (e) {
      setBusy(false);
      setError({
        message: e instanceof ApiError ? e.message : 'The example could not be loaded.',
        fields: [],
      });
    }
  };

  const option = <K extends keyof AnalysisOptions>(key: K, value: AnalysisOptions[K]) =>
    setOptions((o) => ({ ...o, [key]: value }));

  return (
    <div className="analysis">
      <h1>Analysis</h1>
      <p className="muted">
        Progression-free and overall survival, objective response and tumor response figures by arm, derived
        from SDTM TU, TR, RS and ADSL files with RECIST 1.1 — the same computation as{' '}
        <code>trialkit derive</code> and <code>trialkit analyze</code>.
      </p>
      <form onSubmit={(e) => void onSubmit(e)} aria-describedby={`${formId}-limit`} className="analysis-form">
        <fieldset>
          <legend>Study files (CSV)</legend>
          <div className="file-grid">
            {DOMAINS.map((d) => (
              <div key={d.key}>
                <label htmlFor={`${formId}-${d.key}`}>{d.label}</label>
                <input
                  id={`${formId}-${d.key}`}
                  type="file"
                  accept=".csv,text/csv"
                  required={d.required}
                  onChange={(e) => {
                    const file = e.target.files?.[0];
                    setFiles((f) => {
                      const next = { ...f };
                      if (file) next[d.key] = file;
                      else delete next[d.key];
                      return next;
                    });
                  }}
                />
              </div>
            ))}
          </div>
          <p id={`${formId}-limit`} className="muted">
            Up to 20 MB together. Records of other evaluators than the investigator are set aside and counted.
          </p>
        </fieldset>
        <fieldset>
          <legend>Options</legend>
          <div className="file-grid">
            <div>
              <label htmlFor={`${formId}-pfs`}>PFS censoring</label>
              <select
                id={`${formId}-pfs`}
                value={options.pfsRules}
                onChange={(e) => option('pfsRules', e.target.value as AnalysisOptions['pfsRules'])}
              >
                <option value="fda-2018">FDA 2018 guidance (protocol)</option>
                <option value="simple">admiralonco ADTTE template</option>
              </select>
            </div>
            <div>
              <label htmlFor={`${formId}-source`}>Overall responses</label>
              <select
                id={`${formId}-source`}
                value={options.responseSource}
                onChange={(e) =>
                  option('responseSource', e.target.value as AnalysisOptions['responseSource'])
                }
              >
                <option value="measurements">computed from TU/TR by RECIST 1.1</option>
                <option value="recorded">as recorded in RS</option>
              </select>
            </div>
            <div>
              <label htmlFor={`${formId}-orr`}>ORR counts</label>
              <select
                id={`${formId}-orr`}
                value={options.orrResponse}
                onChange={(e) => option('orrResponse', e.target.value as AnalysisOptions['orrResponse'])}
              >
                <option value="unconfirmed">best overall response (confirmation not required)</option>
                <option value="confirmed">confirmed responses only</option>
              </select>
            </div>
            <div>
              <label htmlFor={`${formId}-unit`}>Time unit</label>
              <select
                id={`${formId}-unit`}
                value={options.timeUnit}
                onChange={(e) => option('timeUnit', e.target.value as AnalysisOptions['timeUnit'])}
              >
                <option value="months">months (365.25 / 12 days)</option>
                <option value="weeks">weeks</option>
                <option value="days">days</option>
              </select>
            </div>
          </div>
        </fieldset>
        <div className="actions">
          <button type="submit" disabled={busy}>
            Analyze files
          </button>
          <button type="button" className="secondary" disabled={busy} onClick={() => void loadExample()}>
            Use example data
          </button>
          {busy && (
            <span role="status" className="muted">
              Analysing…
            </span>
          )}
        </div>
      </form>
      {error && (
        <div role="alert" className="error panel">
          <p>{error.message}</p>
          {error.fields.length > 0 && (
            <ul>
              {error.fields.map((f) => (
                <li key={f.path}>
                  <code>{f.path.replace(/^body\./, '')}</code>: {f.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {result && (
        <div className="analysis-results">
          <h2 ref={resultsHeading} tabIndex={-1} className="results-heading">
            Results
          </h2>
          <Results report={result.report} source={result.source} />
        </div>
      )}
    </div>
  );
}
