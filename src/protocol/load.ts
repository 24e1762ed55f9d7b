/**
 * Loads a protocol folder (protocols/<id>/) and the terminology it reads (terminology/), validates
 * every file against its schema and every cross-reference (labs, value sets, drug classes, sites, the
 * questionnaire items and codes the rules read), and compiles the terminology for the screener. A bad protocol fails here, at startup, with the
 * file and the path of the offending value — never later, in the middle of a screening batch.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { z } from 'zod';
import { convertUnit } from '../clinical/index.ts';
import {
  DEFAULT_LIMITS,
  type ResourceLimits,
  resourceLimits,
  type SpecimensFile,
  specimensFile,
} from '../contracts/index.ts';
import {
  type Block,
  type Criterion,
  compileTerminology,
  criterionSchema,
  type DrugClass,
  drugClassSchema,
  type LabDefinition,
  labDefinitionSchema,
  type ValueSet,
  valueSetSchema,
  walkBlocks,
} from '../eligibility/index.ts';
import { questionnaireProblems, questionnaireSchema } from './questionnaire.ts';
import { scheduleProblems } from './schedule-rules.ts';
import { type Protocol, registryFactsSchema, siteIdOf, sitesFileSchema } from './schema.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_PROTOCOL_DIR = join(REPO_ROOT, 'protocols', 'nct05168163');
export const DEFAULT_TERMINOLOGY_DIR = join(REPO_ROOT, 'terminology');

export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

function readYaml(file: string): unknown {
  try {
    return parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ProtocolError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function validate<S extends z.ZodType>(schema: S, value: unknown, file: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues
    .map((i) => `  at ${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('\n');
  throw new ProtocolError(`${file} is not valid:\n${issues}`);
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(dir, f));
}

function loadCollection<S extends z.ZodType<{ id: string }>>(dir: string, schema: S): z.output<S>[] {
  return yamlFiles(dir).map((file) => {
    const item = validate(schema, readYaml(file), file);
    const expected = file.slice(dir.length + 1, -'.yaml'.length);
    if (item.id !== expected)
      throw new ProtocolError(`${file}: id "${item.id}" must equal the file name "${expected}"`);
    return item;
  });
}

export interface LoadedTerminology {
  labs: LabDefinition[];
  valueSets: ValueSet[];
  drugClasses: DrugClass[];
}

export function loadTerminology(dir = DEFAULT_TERMINOLOGY_DIR): LoadedTerminology {
  const labsFile = join(dir, 'labs.yaml');
  const rawLabs = readYaml(labsFile);
  if (!Array.isArray(rawLabs)) throw new ProtocolError(`${labsFile}: expected a list of lab definitions`);
  const labs = rawLabs.map((lab, i) => validate(labDefinitionSchema, lab, `${labsFile} [${i}]`));
  return {
    labs,
    valueSets: loadCollection(join(dir, 'value-sets'), valueSetSchema),
    drugClasses: loadCollection(join(dir, 'drug-classes'), drugClassSchema),
  };
}

/** Every ID a block refers to, by kind of reference. */
function referencesOf(block: Block): {
  labs: string[];
  valueSets: string[];
  drugClasses: string[];
  sites: string[];
} {
  const refs = {
    labs: [] as string[],
    valueSets: [] as string[],
    drugClasses: [] as string[],
    sites: [] as string[],
  };
  switch (block.kind) {
    case 'lab-threshold':
      refs.labs.push(block.lab);
      if (block.withoutSupport) refs.drugClasses.push(block.withoutSupport.drugClass);
      break;
    case 'uln-multiple':
    case 'lab-result':
      refs.labs.push(block.lab);
      break;
    case 'derived-score':
      if (block.uln) refs.labs.push(block.uln);
      break;
    case 'condition':
      refs.valueSets.push(...block.valueSet, ...block.except.map((e) => e.valueSet));
      refs.drugClasses.push(...block.except.flatMap((e) => (e.whileTaking ? [e.whileTaking] : [])));
      break;
    case 'medication':
      refs.drugClasses.push(...block.drugClass);
      break;
    case 'procedure':
      refs.valueSets.push(
        ...block.procedureSet,
        ...(block.unlessProcedureSet ? [block.unlessProcedureSet] : []),
      );
      break;
    case 'immunization':
      refs.valueSets.push(block.vaccineSet);
      break;
    case 'allergy':
      refs.valueSets.push(...block.substanceSet, ...(block.reactionSet ? [block.reactionSet] : []));
      break;
    case 'prior-systemic-therapy':
      refs.drugClasses.push(...block.systemicClasses);
      refs.valueSets.push(block.diagnosisSet);
      break;
    case 'pregnancy-test':
      refs.labs.push(block.urineLab, block.serumLab);
      break;
    case 'varices-at-risk':
      refs.valueSets.push(block.varicesSet, block.bleedingSet, block.therapySet);
      break;
    case 'immunosuppressant-use':
      refs.drugClasses.push(block.drugClass);
      refs.valueSets.push(
        ...[...block.allowedIndications, ...block.lowDoseIndications].map((i) => i.valueSet),
      );
      break;
    case 'uncontrolled-hypertension':
      refs.drugClasses.push(block.antihypertensiveClass);
      refs.labs.push('systolic-bp', 'diastolic-bp');
      break;
    case 'recent-surgery':
      refs.valueSets.push(block.majorSet, block.minorSet, block.complicationSet);
      break;
    case 'uncontrolled-encephalopathy':
      refs.valueSets.push(block.valueSet);
      break;
    case 'site-rule':
      refs.sites.push(...block.sites);
      break;
    default:
      break;
  }
  return refs;
}

function checkReferences(
  criteria: readonly Criterion[],
  terminology: LoadedTerminology,
  siteIds: Set<string>,
  file: string,
) {
  const known = {
    labs: new Map(terminology.labs.map((l) => [l.id, l])),
    valueSets: new Set(terminology.valueSets.map((v) => v.id)),
    drugClasses: new Set(terminology.drugClasses.map((d) => d.id)),
  };
  const problems: string[] = [];
  for (const criterion of criteria) {
    for (const block of walkBlocks(criterion.rule)) {
      const refs = referencesOf(block);
      for (const id of refs.labs)
        if (!known.labs.has(id)) problems.push(`${criterion.id}: unknown lab "${id}"`);
      for (const id of refs.valueSets)
        if (!known.valueSets.has(id)) problems.push(`${criterion.id}: unknown value set "${id}"`);
      for (const id of refs.drugClasses)
        if (!known.drugClasses.has(id)) problems.push(`${criterion.id}: unknown drug class "${id}"`);
      for (const id of refs.sites)
        if (!siteIds.has(id)) problems.push(`${criterion.id}: unknown site "${id}"`);
      if (block.kind === 'lab-threshold') {
        const lab = known.labs.get(block.lab);
        const options = lab?.molarMass ? { molarMass: lab.molarMass } : {};
        if (lab?.unit && lab.unit !== block.unit && !convertUnit(1, lab.unit, block.unit, options).ok) {
          problems.push(
            `${criterion.id}: threshold unit ${block.unit} is not convertible from ${lab.id}'s unit ${lab.unit}`,
          );
        }
      }
    }
  }
  const ids = criteria.map((c) => c.id);
  const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (duplicates.length) problems.push(`duplicate criterion IDs: ${duplicates.join(', ')}`);
  if (problems.length)
    throw new ProtocolError(`${file} refers to things that do not exist:\n  ${problems.join('\n  ')}`);
}

/**
 * limits.yaml (every limit optional: one left out is the default). The randomization limits may only
 * tighten the engine's defaults: an allocation list stored under them is checked again by the engine,
 * with its defaults, every time a subject is randomized.
 */
function loadLimits(file: string): ResourceLimits {
  const limits = validate(resourceLimits, existsSync(file) ? (readYaml(file) ?? {}) : {}, file);
  const defaults = DEFAULT_LIMITS.randomization;
  const raised = (Object.keys(defaults) as (keyof typeof defaults)[])
    .filter((key) => limits.randomization[key] > defaults[key])
    .map(
      (key) => `randomization.${key}: ${limits.randomization[key]} is above the engine's ${defaults[key]}`,
    );
  if (raised.length)
    throw new ProtocolError(`${file} raises limits it may only lower:\n  ${raised.join('\n  ')}`);
  return limits;
}

/**
 * specimens.yaml (optional): each specimen names the criterion that asked for it, and that criterion
 * must decide it as the definition says (a site rule for `site-rule`, an attestation otherwise).
 */
function loadSpecimens(file: string, criteria: readonly Criterion[]): SpecimensFile {
  if (!existsSync(file))
    return { endOfTreatmentWindowDays: 0, endOfTreatmentWindowSource: 'no specimens.yaml', specimens: [] };
  const loaded = validate(specimensFile, readYaml(file), file);
  const { specimens } = loaded;
  const problems = specimens.flatMap((s) => {
    const criterion = criteria.find((c) => c.id === s.criterion);
    if (!criterion) return [`${s.id}: criterion ${s.criterion} does not exist`];
    const kind = (criterion.rule as { kind: string }).kind;
    if (s.requiredFor === 'site-rule' ? kind !== 'site-rule' : !criterion.attestation)
      return [
        `${s.id}: criterion ${s.criterion} is not ${s.requiredFor === 'site-rule' ? 'a site rule' : 'an attestation'}`,
      ];
    return [];
  });
  if (problems.length) throw new ProtocolError(`${file}:\n  ${problems.join('\n  ')}`);
  return loaded;
}

/** A loaded protocol as plain data (no compiled terminology): what can be sent to a worker thread. */
export type ProtocolData = Omit<Protocol, 'terminology'>;

export function protocolData(protocol: Protocol): ProtocolData {
  const { terminology: _compiled, ...data } = protocol;
  return data;
}

/**
 * A protocol from data that loadProtocol has already validated (sent from the main thread to a
 * worker): only the terminology is compiled again, nothing is read or validated twice.
 */
export function protocolFromData(data: ProtocolData): Protocol {
  return { ...data, terminology: compileTerminology(data.terminologySource) };
}

export function loadProtocol(dir = DEFAULT_PROTOCOL_DIR, terminologyDir = DEFAULT_TERMINOLOGY_DIR): Protocol {
  const registryFile = join(dir, 'protocol.yaml');
  const sitesFile = join(dir, 'sites.yaml');
  const criteriaFile = join(dir, 'criteria.yaml');
  const registry = validate(registryFactsSchema, readYaml(registryFile), registryFile);
  const overlapping = scheduleProblems({ registry });
  if (overlapping.length)
    throw new ProtocolError(`${registryFile}: visit windows overlap:\n  ${overlapping.join('\n  ')}`);
  const { sites } = validate(sitesFileSchema, readYaml(sitesFile), sitesFile);
  for (const site of sites) {
    if (site.id !== siteIdOf(site.name)) {
      throw new ProtocolError(
        `${sitesFile}: site "${site.name}" must have ID "${siteIdOf(site.name)}", not "${site.id}"`,
      );
    }
  }
  const rawCriteria = readYaml(criteriaFile) as { criteria?: unknown };
  const criteria = validate(
    criterionSchema.array().min(1),
    rawCriteria?.criteria,
    criteriaFile,
  ) as Criterion[];
  const terminology = loadTerminology(terminologyDir);
  checkReferences(criteria, terminology, new Set(sites.map((s) => s.id)), criteriaFile);
  const questionnaireFile = join(dir, 'questionnaire.yaml');
  const questionnaire = validate(questionnaireSchema, readYaml(questionnaireFile), questionnaireFile);
  const problems = questionnaireProblems(questionnaire, criteria, registry);
  if (problems.length)
    throw new ProtocolError(
      `${questionnaireFile} does not fit the criteria and registry facts:\n  ${problems.join('\n  ')}`,
    );
  return {
    id: registry.id,
    registry,
    sites,
    arms: registry.arms.map((a) => ({ id: a.id, name: a.label })),
    criteria,
    questionnaire,
    terminology: compileTerminology(terminology),
    terminologySource: terminology,
    randomization: readYaml(join(dir, 'randomization.yaml')),
    limits: loadLimits(join(dir, 'limits.yaml')),
    specimens: loadSpecimens(join(dir, 'specimens.yaml'), criteria),
  };
}
