/**
 * JSON as the R reference fixtures write it (../shared/fixtures/r-survival/FORMAT.md): non-finite
 * doubles as the strings "Inf", "-Inf", "NaN" (JSON has no literal for them), NA as null, and
 * typed arrays as plain arrays — so an R user can diff trialkit's output against R's.
 */
function encode(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    if (Number.isNaN(value)) return 'NaN';
    return value > 0 ? 'Inf' : '-Inf';
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return Array.from(value as unknown as ArrayLike<number>);
  return value;
}

export function toRJson(value: unknown): string {
  return `${JSON.stringify(value, encode, 2)}\n`;
}
