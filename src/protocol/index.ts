/**
 * The computable protocol: registry facts, arms, schedule, endpoints and their parameters, sites,
 * criteria and the screening questionnaire as data (protocols/<id>/), the terminology they read
 * (terminology/), and how they read as text and JSON.
 * The criteria vocabulary itself (blocks, their evaluation and rendering) lives in src/eligibility/.
 */

export type {
  DrugClass,
  DrugClassMember,
  LabDefinition,
  Questionnaire,
  QuestionnaireAnswer,
  QuestionnaireItem,
  ValueSet,
} from '../eligibility/index.ts';
export { endpointParametersOf } from './endpoint-parameters.ts';
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
export { attestedCriteria, questionnaireSchema } from './questionnaire.ts';
export { describeRule, protocolToJson, protocolToText } from './render.ts';
export { scheduleRulesOf } from './schedule-rules.ts';
export type { Protocol, RegistryFacts, Site } from './schema.ts';
export { siteIdOf } from './schema.ts';
