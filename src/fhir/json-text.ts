/** JSON.parse that says where a syntax error is (line and column, 1-based). */

export type JsonResult =
  | { ok: true; value: unknown }
  | { ok: false; detail: string; line: number; column: number };

export function parseJson(text: string): JsonResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // V8: "… in JSON at position 123" (Node 22 adds " (line 4 column 5)"); end of input has no position.
    const at = /\s*in JSON at position (\d+)/.exec(message);
    const position = at === null ? text.length : Number(at[1]);
    const detail = (at === null ? message : message.slice(0, at.index)).trim();
    let line = 1;
    let lineStart = 0;
    for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    return { ok: false, detail, line, column: position - lineStart + 1 };
  }
}
