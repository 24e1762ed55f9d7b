/**
 * The statistician's analysis: SDTM TU/TR/RS and ADSL CSV files (or the example study) → POST
 * /api/analysis → PFS and OS by arm (Kaplan–Meier with number at risk, medians, HR, log-rank), ORR with
 * exact CIs, waterfall, spider and swimmer plots, each downloadable as SVG, PNG and its data as CSV,
 * and the readers' data problems. The figures are the server's SVGs (the CLI's), shown as images with
 * their own title and description as text alternative, each beside a table of the same numbers.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiError, get, post } from '../api.ts';
import {
  AnalysisOptionsFieldset,
  type ChosenOptions,
} from '../components/analysis/AnalysisOptionsFieldset.tsx';
import { AnalysisResults } from '../components/analysis/AnalysisResults.tsx';
import { loadProtocol } from '../components/screening/protocol.ts';
import type {
  AnalysisOptions,
  AnalysisReport,
  AnalysisRequestInput,
  ExampleStudy,
  FieldError,
} from '../contracts.ts';

/** The study's files as POST /api/analysis takes them: CSV texts and the names problems cite. */
type StudyTexts = Omit<AnalysisRequestInput, 'options'>;

const MAX_BYTES = 20 * 1024 * 1024;
const DOMAINS = [
  { key: 'tu', label: 'TU — tumor identification', required: true },
  { key: 'tr', label: 'TR — tumor results', required: true },
  { key: 'rs', label: 'RS — recorded responses (optional)', required: false },
  { key: 'adsl', label: 'ADSL — subject level (arm, randomization, death, last alive)', required: true },
] as const;
type Domain = (typeof DOMAINS)[number]['key'];
/** PFS censoring is left to the protocol (the server applies protocol.yaml's) unless the user picks one. */
const DEFAULT_OPTIONS: ChosenOptions = {
  responseSource: 'measurements',
  timeUnit: 'months',
  orrResponse: 'unconfirmed',
};

export default function Analysis() {
  const formId = useId();
  const [files, setFiles] = useState<Partial<Record<Domain, File>>>({});
  const [options, setOptions] = useState<ChosenOptions>(DEFAULT_OPTIONS);
  const [protocolPfsRules, setProtocolPfsRules] = useState<AnalysisOptions['pfsRules'] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; fields: FieldError[] } | null>(null);
  const [result, setResult] = useState<{ report: AnalysisReport; source: string } | null>(null);
  const resultsHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (result) resultsHeading.current?.focus();
  }, [result]);

  useEffect(() => {
    let live = true;
    void loadProtocol().then(
      (p) => live && setProtocolPfsRules(p?.endpointParameters.pfsCensoring.value ?? null),
    );
    return () => {
      live = false;
    };
  }, []);

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
      const example = await get<ExampleStudy>('/api/analysis/example');
      await run(example, 'the example study (examples/cdisc: tu.csv, tr.csv, rs.csv, adsl.csv)');
    } catch (e) {
      setBusy(false);
      setError({
        message: e instanceof ApiError ? e.message : 'The example could not be loaded.',
        fields: [],
      });
    }
  };

  const option = <K extends keyof ChosenOptions>(key: K, value: ChosenOptions[K]) =>
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
        <AnalysisOptionsFieldset
          formId={formId}
          options={options}
          protocolPfsRules={protocolPfsRules}
          setOption={option}
        />
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
          <AnalysisResults report={result.report} source={result.source} />
        </div>
      )}
    </div>
  );
}
