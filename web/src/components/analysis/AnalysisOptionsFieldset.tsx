/** The analysis options: PFS censoring rules, where overall responses come from, ORR counting, time unit. */
import type { AnalysisOptions } from '../../lib/report-types.ts';

export function AnalysisOptionsFieldset({
  formId,
  options,
  setOption,
}: {
  /** The form's id, the prefix of the fields' ids. */
  formId: string;
  options: AnalysisOptions;
  /** Sets one option. */
  setOption: <K extends keyof AnalysisOptions>(key: K, value: AnalysisOptions[K]) => void;
}) {
  return (
    <fieldset>
      <legend>Options</legend>
      <div className="file-grid">
        <div>
          <label htmlFor={`${formId}-pfs`}>PFS censoring</label>
          <select
            id={`${formId}-pfs`}
            value={options.pfsRules}
            onChange={(e) => setOption('pfsRules', e.target.value as AnalysisOptions['pfsRules'])}
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
            onChange={(e) => setOption('responseSource', e.target.value as AnalysisOptions['responseSource'])}
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
            onChange={(e) => setOption('orrResponse', e.target.value as AnalysisOptions['orrResponse'])}
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
            onChange={(e) => setOption('timeUnit', e.target.value as AnalysisOptions['timeUnit'])}
          >
            <option value="months">months (365.25 / 12 days)</option>
            <option value="weeks">weeks</option>
            <option value="days">days</option>
          </select>
        </div>
      </div>
    </fieldset>
  );
}
