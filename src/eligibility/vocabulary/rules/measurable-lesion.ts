/**
 * I10: at least one measurable lesion per RECIST 1.1 (Eisenhauer et al., Eur J Cancer 2009;45:228-47)
 * that has not been treated locally, or has progressed since local treatment.
 * - §3.1.1 measurable: non-nodal lesions ≥ 10 mm longest diameter (CT slice ≤ 5 mm); lymph nodes
 *   ≥ 15 mm in short axis; §3.1.2: nodes ≥ 10 and < 15 mm are non-measurable, < 10 mm normal.
 * - §3.1.3: lesions in a previously irradiated or locally treated area are not measurable unless
 *   they have progressed since (the registry's wording for this trial).
 * - §3.2.1: baseline assessment never more than 4 weeks before the start of treatment.
 */
import { convertUnit } from '../../../clinical/index.ts';
import { describeDuration, isWithin } from '../../evidence/time.ts';
import { formatNumber } from '../../format.ts';
import type { Quantity, TumorLesionFact } from '../../patient-facts.ts';
import { outcome } from '../../status.ts';
import type { BlockDefinition } from '../definition.ts';
import type { MeasurableLesionBlock } from '../rule-schema.ts';

const NON_NODAL_MIN_MM = 10;
const NODAL_MIN_MM = 15;

/**
 * A size in mm, or why it cannot be read. A size without a unit is not assumed to be in mm (criteria
 * catalog, "Units": convert, never assume — a "3.2" could as well be centimetres).
 */
function millimetres(
  quantity: Quantity | undefined,
): { ok: true; value: number } | { ok: false; why: string } {
  if (!quantity) return { ok: false, why: 'not recorded' };
  if (!Number.isFinite(quantity.value)) return { ok: false, why: 'the size is not a number' };
  const unit = quantity.unit?.trim();
  if (!unit) return { ok: false, why: `${formatNumber(quantity.value)} has no unit` };
  const converted = convertUnit(quantity.value, unit, 'mm');
  return converted.ok
    ? converted
    : { ok: false, why: `${formatNumber(quantity.value)} ${unit} cannot be converted to mm` };
}

type Judgement = { measurable: true; text: string } | { measurable: false | 'unknown'; text: string };

function judgeLesion(lesion: TumorLesionFact): Judgement {
  const name = `${lesion.site ?? 'lesion'}${lesion.lesionId ? ` (${lesion.lesionId})` : ''} on ${lesion.date} [${lesion.ref}]`;
  let size: Judgement;
  if (lesion.nodal) {
    const read = millimetres(lesion.shortAxis);
    if (!read.ok)
      return {
        measurable: 'unknown',
        text: `${name}: lymph node without a readable short axis (${read.why})`,
      };
    const shortAxis = read.value;
    size =
      shortAxis >= NODAL_MIN_MM
        ? {
            measurable: true,
            text: `${name}: node, short axis ${formatNumber(shortAxis)} mm ≥ ${NODAL_MIN_MM} mm`,
          }
        : {
            measurable: false,
            text: `${name}: node, short axis ${formatNumber(shortAxis)} mm < ${NODAL_MIN_MM} mm`,
          };
  } else {
    const read = millimetres(lesion.longestDiameter);
    if (!read.ok)
      return { measurable: 'unknown', text: `${name}: no readable longest diameter (${read.why})` };
    const longest = read.value;
    const kind = lesion.nodal === false ? 'non-nodal' : 'lesion type not stated, read as non-nodal';
    size =
      longest >= NON_NODAL_MIN_MM
        ? {
            measurable: true,
            text: `${name}: ${kind}, longest diameter ${formatNumber(longest)} mm ≥ ${NON_NODAL_MIN_MM} mm`,
          }
        : {
            measurable: false,
            text: `${name}: ${kind}, longest diameter ${formatNumber(longest)} mm < ${NON_NODAL_MIN_MM} mm`,
          };
  }
  if (size.measurable !== true || !lesion.locallyTreated) {
    return size.measurable === true ? { measurable: true, text: `${size.text}, not treated locally` } : size;
  }
  if (lesion.progressedSinceTreatment === true) {
    return { measurable: true, text: `${size.text}, treated locally and progressed since` };
  }
  if (lesion.progressedSinceTreatment === false) {
    return { measurable: false, text: `${size.text}, but treated locally and not progressed since` };
  }
  return {
    measurable: 'unknown',
    text: `${size.text}, treated locally; progression since treatment not recorded`,
  };
}

export const measurableLesion: BlockDefinition<MeasurableLesionBlock> = {
  evaluate(block, env) {
    const { asOf } = env.context;
    const lesions = env.facts.tumorLesions.filter((l) => l.date && isWithin(l.date, asOf, block.within));
    if (lesions.length === 0) {
      const older = env.facts.tumorLesions.filter((l) => l.date && l.date < asOf).map((l) => l.date);
      const latest = older.sort().at(-1);
      // Assessments dated after T0 are not used, and the reason says so (docs/decisions/0002).
      const newer = [
        ...new Set(env.facts.tumorLesions.filter((l) => l.date && l.date > asOf).map((l) => l.date)),
      ].sort();
      const ignored = newer.length ? `; assessment of ${newer.join(', ')} ignored (after T0)` : '';
      return outcome(
        'unknown',
        `no tumor assessment within ${describeDuration(block.within)} before T0${latest ? ` (latest ${latest})` : ''}${ignored}`,
      );
    }
    const judged = lesions.map((l) => ({ lesion: l, ...judgeLesion(l) }));
    const measurable = judged.filter((j) => j.measurable === true);
    if (measurable.length > 0) {
      return outcome(
        'met',
        `measurable per RECIST 1.1: ${measurable.map((j) => j.text).join('; ')}`,
        measurable.map((j) => j.lesion.ref),
      );
    }
    const open = judged.filter((j) => j.measurable === 'unknown');
    if (open.length > 0) {
      return outcome(
        'unknown',
        open.map((j) => j.text).join('; '),
        open.map((j) => j.lesion.ref),
      );
    }
    return outcome(
      'not_met',
      `no measurable untreated lesion: ${judged.map((j) => j.text).join('; ')}`,
      judged.map((j) => j.lesion.ref),
    );
  },
  render(block) {
    return `a lesion measurable per RECIST 1.1 (non-nodal ≥ ${NON_NODAL_MIN_MM} mm longest diameter, node ≥ ${NODAL_MIN_MM} mm short axis) not treated locally or progressed since, in a tumor assessment within ${describeDuration(block.within)}`;
  },
};
