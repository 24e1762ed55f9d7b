/**
 * The endpoint derivations' parameters as the engine takes them (src/endpoints `EndpointParameters`),
 * from the protocol: protocol.yaml `endpointParameters` and the tumor-assessment interval of its
 * schedule. `trialkit derive` and POST /api/analysis start from these; a flag or a request field may
 * override one for a run.
 */
import type { EndpointParameters } from '../endpoints/index.ts';
import { scheduleRulesOf } from './schedule-rules.ts';
import type { Protocol } from './schema.ts';

export function endpointParametersOf(protocol: Pick<Protocol, 'registry'>): EndpointParameters {
  const { endpointParameters: p } = protocol.registry;
  return {
    pfsRules: p.pfsCensoring.value,
    confirmMinDays: p.confirmMinDays.value,
    sdMinDays: p.sdMinDays.value,
    assessmentIntervalDays: scheduleRulesOf(protocol).assessmentIntervalDays,
  };
}
