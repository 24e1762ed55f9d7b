/**
 * Lengths and their comparisons, exact.
 *
 * Diameters are rounded to 0.01 mm and held as integers in hundredths of a millimetre, so sums are
 * exact and every threshold is an integer comparison with no epsilon: "≥ 20 % over the nadir" is
 * `100·(sum − nadir) ≥ 20·nadir`, "≥ 30 % decrease" is `100·(sum − base) ≤ −30·base`. Readers record
 * 0.1 mm at best, so rounding to 0.01 mm loses nothing. Floating point would get the boundaries
 * wrong: (32.2 − 46)/46·100 = −29.999…93 (exactly −30 %, a PR) and (32.4 − 27)/27·100 = 19.999…96
 * (exactly +20 %, with +5.4 mm a PD). Percentages returned are rounded to 0.1 % for display only.
 */
import type { Lesion, Measurement, Problem } from './types.ts';

/** Hundredths of a millimetre. */
export type Hmm = number;

export const mmToH = (mm: number): Hmm => Math.round(mm * 100);
export const hToMm = (h: Hmm): number => h / 100;

/** RECIST 1.1 thresholds: measurable §3.1.1; pathological node ≥ 10 mm §3.1.2 / §4.2. */
export const MEASURABLE_NON_NODAL: Hmm = 1000;
export const MEASURABLE_NODE: Hmm = 1500;
export const PATHOLOGICAL_NODE: Hmm = 1000;
/** §4.3.2: a target believed present but too small to measure counts as 5 mm. */
export const TOO_SMALL_DEFAULT: Hmm = 500;
/** §4.3.1: PD also needs an absolute increase of at least 5 mm. */
export const PD_ABSOLUTE: Hmm = 500;

/** §4.3.1 PD: ≥ 20 % and ≥ 5 mm over the nadir. With a nadir of 0 the 20 % holds for any increase. */
export function isProgression(sum: Hmm, nadir: Hmm): boolean {
  return sum - nadir >= PD_ABSOLUTE && 100 * (sum - nadir) >= 20 * nadir;
}

/** §4.3.1 PR: ≥ 30 % decrease from the baseline sum. */
export function isPartialResponse(sum: Hmm, base: Hmm): boolean {
  return base > 0 && 100 * (sum - base) <= -30 * base;
}

/** Percent change rounded to 0.1 (display); null when the reference is 0. */
export function pctChange(value: Hmm, ref: Hmm): number | null {
  if (ref === 0) return null;
  return Math.round(((value - ref) / ref) * 1000) / 10;
}

export function formatMm(h: Hmm): string {
  return `${Number(hToMm(h).toFixed(2))} mm`;
}

export function formatSignedMm(h: Hmm): string {
  return `${h >= 0 ? '+' : '-'}${formatMm(Math.abs(h))}`;
}

export function formatPct(p: number | null): string {
  if (p === null) return 'n/a %';
  return `${p >= 0 ? '+' : '-'}${Math.abs(p).toFixed(1)} %`;
}

/** A diameter read from a measurement: hundredths, `null` when absent, or a problem message. */
export type Diameter = { ok: true; h: Hmm | null } | { ok: false; message: string };

export function readDiameter(m: Measurement): Diameter {
  const d: unknown = m.diameterMm;
  if (d === undefined || d === null) return { ok: true, h: null };
  if (typeof d !== 'number' || !Number.isFinite(d)) {
    return { ok: false, message: `diameter ${JSON.stringify(d)} is not a number: not used` };
  }
  if (d < 0) return { ok: false, message: `diameter ${d} mm is negative: not used` };
  return { ok: true, h: mmToH(d) };
}

/**
 * The measurements of one time point by lesion id. A lesion measured twice on one date is reported
 * and treated as not assessed (no silent choice between the two); ids that are not among the
 * subject's lesions are reported and ignored.
 */
export function indexMeasurements(
  date: string,
  measurements: readonly Measurement[],
  lesionsById: ReadonlyMap<string, Lesion>,
): { byId: Map<string, Measurement>; problems: Problem[] } {
  const problems: Problem[] = [];
  const counts = new Map<string, number>();
  for (const m of measurements) counts.set(m.lesionId, (counts.get(m.lesionId) ?? 0) + 1);
  const byId = new Map<string, Measurement>();
  for (const [lesionId, n] of counts) {
    const m = measurements.find((x) => x.lesionId === lesionId);
    if (!m) continue;
    if (!lesionsById.has(lesionId)) {
      problems.push({
        date,
        lesionId,
        message: `lesion ${lesionId} measured on ${date} was never identified at baseline: ignored`,
      });
    } else if (n > 1) {
      problems.push({
        date,
        lesionId,
        message: `lesion ${lesionId} has ${n} measurements on ${date}: duplicate, treated as not assessed`,
      });
    } else {
      byId.set(lesionId, m);
    }
  }
  return { byId, problems };
}
