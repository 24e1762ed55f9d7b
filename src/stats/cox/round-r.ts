/**
 * R ≥ 4.0's `round(x, digits)` for digits ≥ 1: of the two neighbours with `digits` decimals, the
 * nearer to x in double arithmetic, the even one on a tie (so `round(0.125, 2)` is 0.12 and
 * `round(29.925, 2)` is 29.92, where JavaScript's toFixed gives 0.13 and 29.93).
 */
export function roundR(x: number, digits: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  // R skips rounding when the number already has no more than 15 significant digits' worth.
  const log10 = Math.LOG10E * Math.LN2 * (0.5 + Math.floor(Math.log2(a)));
  if (log10 + digits > 15) return x;
  const pow10 = 10 ** digits;
  const scaled = a * pow10;
  const down = Math.floor(scaled);
  const lower = down / pow10;
  const upper = Math.ceil(scaled) / pow10;
  const du = upper - a;
  const dd = a - lower;
  return sign * (du < dd || (down % 2 === 1 && du === dd) ? upper : lower);
}
