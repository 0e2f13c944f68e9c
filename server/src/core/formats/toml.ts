/**
 * The one TOML reader of the engine: `smol-toml` (TOML 1.0), giving either the document's value or
 * the parser's message with its line and column. `SourceFile.toml` caches it per file version. TOML
 * values carry no positions, so `tomlTableLine` finds the header that opens a table, for evidence and
 * findings that point at it.
 */
import { parse } from 'smol-toml';

/** Why a TOML text does not parse: the parser's first line of message, and its line and column (1-based) when known. */
export interface TomlError {
  message: string;
  line?: number;
  column?: number;
}

/** A parsed TOML text: its root table, or the error when it does not parse. */
export type TomlView = { ok: true; value: Record<string, unknown> } | { ok: false; error: TomlError };

/** Parses TOML; never throws. */
export function parseToml(text: string): TomlView {
  try {
    return { ok: true, value: parse(text) as Record<string, unknown> };
  } catch (e) {
    const err = e as Error & { line?: number; column?: number };
    const message = String(err?.message ?? e).split('\n')[0].replace(/^Invalid TOML document: /, '');
    return { ok: false, error: { message, ...(typeof err?.line === 'number' ? { line: err.line } : {}), ...(typeof err?.column === 'number' ? { column: err.column } : {}) } };
  }
}

/**
 * The value at a path of keys in a parsed TOML document (`['tool', 'ruff']`), or undefined when the
 * document does not parse or has no such key.
 */
export function tomlAt(view: TomlView, path: string[]): unknown {
  let v: unknown = view.ok ? view.value : undefined;
  for (const k of path) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = Object.prototype.hasOwnProperty.call(v, k) ? (v as Record<string, unknown>)[k] : undefined;
  }
  return v;
}

/** The keys of a table header (`[ tool . "ruff" ]` → tool, ruff) and whether it opens an array of tables, or undefined when the line is not a header. */
function headerKeys(line: string): { keys: string[]; array: boolean } | undefined {
  const m = /^\s*(\[\[?)([^\]]*)\]\]?\s*(?:#.*)?$/.exec(line);
  if (!m) return undefined;
  const keys: string[] = [];
  for (const part of m[2].match(/"(?:[^"\\]|\\.)*"|'[^']*'|[^.]+/g) ?? []) {
    const t = part.trim();
    keys.push(t.startsWith('"') || t.startsWith("'") ? t.slice(1, -1) : t);
  }
  return { keys, array: m[1] === '[[' };
}

/**
 * The zero-based line of the first table header at or under a path (`['tool', 'ruff']` finds
 * `[tool.ruff]`, `[tool.ruff.lint]` or `[[tool.ruff.x]]`), or with `exact` only the header of that
 * table itself (`[tool.ruff]`, where a key inserted after the header lands in that table); undefined
 * when no header opens one (the table may still exist through dotted keys or inline tables).
 */
export function tomlTableLine(lines: readonly string[], path: string[], exact = false): number | undefined {
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].includes('[')) continue;
    const h = headerKeys(lines[i]);
    if (!h || h.keys.length < path.length || !path.every((k, j) => h.keys[j] === k)) continue;
    if (!exact || (h.keys.length === path.length && !h.array)) return i;
  }
  return undefined;
}
