/**
 * The one JSON reader of the engine: strict JSON (RFC 8259) parsed with the platform's parser, giving
 * either the value or the parser's message with the offset where it broke. `SourceFile.json` caches it
 * per file version; rules that meet a JSON fragment inside another format (a Dockerfile's exec form)
 * call `jsonValue` here instead of `JSON.parse`.
 */

/** Why a JSON text does not parse: the parser's message (without the position) and the offset. */
export interface JsonError {
  message: string;
  offset: number;
}

/** A parsed JSON text: its value, or the error when it does not parse. */
export type JsonView = { ok: true; value: unknown } | { ok: false; error: JsonError };

/** Parses strict JSON; never throws. */
export function parseJson(text: string): JsonView {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    const raw = ((e as Error)?.message ?? String(e)).replace(/^JSON\.parse: /, '');
    const m = /position (\d+)/.exec(raw);
    return { ok: false, error: { message: raw.replace(/ in JSON at position \d+.*$/, '').replace(/^Unexpected/, 'unexpected'), offset: m ? Number(m[1]) : 0 } };
  }
}

/** The value of a JSON text, or undefined when it does not parse (for fragments inside other formats). */
export function jsonValue(text: string): unknown {
  const v = parseJson(text);
  return v.ok ? v.value : undefined;
}

/** The value of a JSON view when it is a plain object, else undefined. */
export function jsonObject(view: JsonView): Record<string, unknown> | undefined {
  const v = view.ok ? view.value : undefined;
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
