/** The analysis options: PFS censoring rules, where overall responses come from, ORR counting, time unit. */
import type { AnalysisOptions } from '../../contracts.ts';

/** The options the form sets; no PFS censoring rules = the protocol's (the server applies them). */
export type ChosenOptions = Pick<AnalysisOptions, 'responseSource' | 'timeUnit' | 'orrResponse'> &
  Partial<Pick<AnalysisOptions, 'pfsRules'>>;

const PFS_RULES: Record<AnalysisOptions['pfsRules'], string> = {
  'fda-2018': 'FDA 2018 guidance',
  simple: 'admiralonco ADTTE template',
};

export function AnalysisOptionsFieldset({
  formId,
  options,
  protocolPfsRules,
  setOption,
}: {
  /** The form's id, the prefix of the fields' ids. */
  formId: string;
  options: ChosenOptions;
  /** The protocol's PFS censoring rules (GET /api/protocol endpointParameters), once loaded. */
  protocolPfsRules: AnalysisOptions['pfsRules'] | null;
  /** Sets one option. */
  setOption: <K extends keyof ChosenOptions>(key: K, value: ChosenOptions[K]) => void;
}) {
  return (
    <fieldset>
      <legend>Options</legend>
      <div className="file-grid">
        <div>
          <label htmlFor={`${formId}-pfs`}>PFS censoring</label>
          <select
            id={`${formId}-pfs`}
            value={options.pfsRules ?? ''}
            onChange={(e) =>
              setOption(
                'pfsRules',
                e.target.value === '' ? undefined : (e.target.value as AnalysisOptions['pfsRules']),
              )
            }
          >
            <option value="">
              the protocol’s{protocolPfsRules ? ` (${PFS_RULES[protocolPfsRules]})` : ''}
            </option>
            {(Object.keys(PFS_RULES) as AnalysisOptions['pfsRules'][]).map((rules) => (
              <option key={rules} value={rules}>
                {PFS_RULES[rules]}
              </option>
            ))}
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
