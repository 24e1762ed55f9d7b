/**
 * Tumor lesion measurements (docs/fhir-intake.md, "Tumor lesions"): an Observation coded LOINC 21889-1
 * (Size Tumor) or 33728-7 (Size.maximum dimension in Tumor), one per lesion per assessment.
 */
import type { Observation, ObservationComponent } from '@medplum/fhirtypes';
import { type Code, type IsoDate, SYSTEMS, type TumorLesionFact } from '../eligibility/index.ts';
import type { MapContext } from './mapping.ts';
import { arr, codesOf, hasCode, labelOf, quantityOf, str } from './values.ts';

export const TUMOR_SIZE = '21889-1';
export const TUMOR_MAX_DIMENSION = '33728-7';
/** SNOMED CT 59441001 |Structure of lymph node|. */
export const LYMPH_NODE_STRUCTURE = '59441001';

/** trialkit codes for what RECIST needs and LOINC has no code for (system SYSTEMS.trialkit). */
export const LESION_COMPONENTS = {
  shortAxis: 'short-axis',
  lymphNode: 'lymph-node',
  locallyTreated: 'locally-treated',
  progressedSinceLocalTherapy: 'progressed-since-local-therapy',
} as const;

export function isTumorSize(codes: readonly Code[]): boolean {
  return hasCode(codes, SYSTEMS.loinc, TUMOR_SIZE) || hasCode(codes, SYSTEMS.loinc, TUMOR_MAX_DIMENSION);
}

export function mapTumorLesion(
  obs: Observation,
  date: IsoDate | undefined,
  ctx: MapContext,
): TumorLesionFact {
  const lesion: TumorLesionFact = { ref: ctx.ref, source: ctx.source };
  if (date !== undefined) lesion.date = date;

  const focus = str(arr(obs.focus)[0]?.reference);
  const identifier = str(arr(obs.identifier)[0]?.value);
  const lesionId = focus ?? identifier;
  if (lesionId !== undefined) lesion.lesionId = lesionId;
  const site = labelOf(obs.bodySite);
  if (site !== undefined) lesion.site = site;

  const components = arr(obs.component).filter(
    (c): c is ObservationComponent => c !== null && typeof c === 'object',
  );
  const find = (system: string, code: string) =>
    components.find((c) => hasCode(codesOf(c.code), system, code));
  const flag = (code: string): boolean | undefined => {
    const value = find(SYSTEMS.trialkit, code)?.valueBoolean;
    return typeof value === 'boolean' ? value : undefined;
  };

  const longest =
    obs.valueQuantity !== undefined
      ? quantityOf(obs.valueQuantity, 'valueQuantity', ctx.warn)
      : quantityOf(
          find(SYSTEMS.loinc, TUMOR_MAX_DIMENSION)?.valueQuantity,
          `component ${TUMOR_MAX_DIMENSION}`,
          ctx.warn,
        );
  if (longest !== undefined) lesion.longestDiameter = longest;
  const shortAxis = quantityOf(
    find(SYSTEMS.trialkit, LESION_COMPONENTS.shortAxis)?.valueQuantity,
    `component ${LESION_COMPONENTS.shortAxis}`,
    ctx.warn,
  );
  if (shortAxis !== undefined) lesion.shortAxis = shortAxis;

  // An explicit lymph-node component wins; otherwise the body site may say so (RECIST 1.1 §3.1:
  // nodes are measured by their short axis, so this decides which measurement counts).
  const nodal = flag(LESION_COMPONENTS.lymphNode) ?? (bodySiteIsLymphNode(obs) ? true : undefined);
  if (nodal !== undefined) lesion.nodal = nodal;
  const treated = flag(LESION_COMPONENTS.locallyTreated);
  if (treated !== undefined) lesion.locallyTreated = treated;
  const progressed = flag(LESION_COMPONENTS.progressedSinceLocalTherapy);
  if (progressed !== undefined) lesion.progressedSinceTreatment = progressed;
  return lesion;
}

/** "lymph node(s)" / "lymph-node" / "lymph nodal" as whole words (not inside another word). */
const LYMPH_NODE = /\blymph[\s-]+nod(?:e|es|al)\b/i;

function bodySiteIsLymphNode(obs: Observation): boolean {
  const site = obs.bodySite;
  if (hasCode(codesOf(site), SYSTEMS.snomed, LYMPH_NODE_STRUCTURE)) return true;
  const texts = [str(site?.text), ...arr(site?.coding).map((c) => str(c?.display))];
  return texts.some((t) => t !== undefined && LYMPH_NODE.test(t));
}
