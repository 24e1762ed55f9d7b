/**
 * The computable protocol: registry facts, arms, schedule, endpoints, sites and criteria as data
 * (protocols/<id>/), the terminology they read (terminology/), and how they read as text and JSON.
 * The criteria vocabulary itself (blocks, their evaluation and rendering) lives in src/eligibility/.
 */

export type { DrugClass, DrugClassMember, LabDefinition, ValueSet } from '../eligibility/index.ts';
export {
  DEFAULT_PROTOCOL_DIR,
  DEFAULT_TERMINOLOGY_DIR,
  loadProtocol,
  loadTerminology,
  type ProtocolData,
  ProtocolError,
  protocolData,
  protocolFromData,
} from './load.ts';
export { attestedCriteria } from './questionnaire.ts';
export { describeRule, protocolToJson, protocolToText } from './render.ts';
export type { Protocol, RegistryFacts, Site } from './schema.ts';
export { siteIdOf } from './schema.ts';
