/** Numbers for people: 4 significant digits (as R's print), p-values as "< 0.0001" below that. */
export function formatNumber(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined) return 'NA';
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Inf' : '-Inf';
  if (value === 0) return '0';
  const text = Number(value.toPrecision(digits));
  return Math.abs(text) >= 1e-4 && Math.abs(text) < 1e7 ? String(text) : text.toExponential(digits - 1);
}

export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || Number.isNaN(p)) return 'NA';
  return p < 1e-4 ? `< 0.0001 (${p.toExponential(2)})` : formatNumber(p, 3);
}
