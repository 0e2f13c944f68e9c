/**
 * Our own small view of a parsed YAML node: what it is (`yamlKind`), its value (`yamlScalarValue`,
 * and `yamlPlain` for the plain JavaScript value of any node), where it is (`yamlOffsets`) and what it
 * holds (`yamlEntries` for a mapping, `yamlItems` for a sequence, or one at a time without allocating:
 * `yamlKeyAt`, `yamlValueAt`, `yamlItemAt`; `yamlAliasTarget` for an alias). Shared libraries and rules read YAML trees through it,
 * so that what builds the trees (the `yaml` package, or the fast path of `yaml-fast.ts` that builds
 * the same nodes) can change without touching them: only this module and `source.ts` know the
 * package's node classes. It uses only the package's public guards and fields.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, YAMLMap, YAMLSeq, type Document, type Node } from 'yaml';

/** What a YAML node is: a mapping, a sequence, a scalar, an alias, or nothing (an empty value). */
export type YamlKind = 'map' | 'seq' | 'scalar' | 'alias' | 'none';

/** An opaque YAML node (as `SourceFile.yamlDocs` gives them); read it through the functions below. */
export type YamlNodeRef = unknown;

/** One entry of a mapping: its key node, the key as text and its value node (null when empty). */
export interface YamlEntry {
  key: YamlNodeRef;
  /** The key's text; a YAML 1.1 boolean key (`on:`) is read back from its source, an empty key is ''. */
  keyText: string;
  value: YamlNodeRef;
}

/** What a node is. */
export function yamlKind(n: YamlNodeRef): YamlKind {
  if (isMap(n)) return 'map';
  if (isSeq(n)) return 'seq';
  if (isScalar(n)) return 'scalar';
  if (isAlias(n)) return 'alias';
  return 'none';
}

/** The value of a scalar node (string, number, boolean, null...), or undefined for any other node. */
export function yamlScalarValue(n: YamlNodeRef): unknown {
  return isScalar(n) ? n.value : undefined;
}

/** The start and end offsets of a node in its file (`[start, end, ...]`, the node's own record: read it, never change it), when the parser recorded them. */
export function yamlOffsets(n: YamlNodeRef): Readonly<[number, number, ...number[]]> | undefined {
  return (n as { range?: [number, number, number] } | null | undefined)?.range ?? undefined;
}

/** The text of a mapping key, reading a YAML 1.1 boolean key (`on:`) back from its source. */
export function yamlKeyText(k: YamlNodeRef): string {
  if (isScalar(k)) {
    if (typeof k.value === 'boolean' && typeof k.source === 'string') return k.source;
    return k.value === null || k.value === undefined ? '' : String(k.value as string);
  }
  return k === null || k === undefined ? '' : String(k as string);
}

/** The entries of a mapping node in source order; none for any other node. */
export function yamlEntries(n: YamlNodeRef): YamlEntry[] {
  if (!isMap(n)) return [];
  return n.items.map((p) => ({ key: p.key, keyText: yamlKeyText(p.key), value: p.value ?? null }));
}

/**
 * The key node of a mapping's entry `i` (in source order), or undefined past its end or for any other
 * node. With `yamlValueAt` and `yamlItemAt`, a walk over a large document allocates nothing per entry.
 */
export function yamlKeyAt(n: YamlNodeRef, i: number): YamlNodeRef {
  return isMap(n) ? n.items[i]?.key : undefined;
}

/** The value node of a mapping's entry `i` (null when empty), or undefined past its end or for any other node. */
export function yamlValueAt(n: YamlNodeRef, i: number): YamlNodeRef {
  if (!isMap(n)) return undefined;
  const p = n.items[i];
  return p ? (p.value ?? null) : undefined;
}

/** Item `i` of a sequence node (null for an empty item), or undefined past its end or for any other node. */
export function yamlItemAt(n: YamlNodeRef, i: number): YamlNodeRef {
  return isSeq(n) && i < n.items.length ? (n.items[i] ?? null) : undefined;
}

/** The items of a sequence node in order (null for an empty item); none for any other node. */
export function yamlItems(n: YamlNodeRef): YamlNodeRef[] {
  return isSeq(n) ? n.items.map((it) => it ?? null) : [];
}

/** The number of entries of a mapping or items of a sequence (0 for anything else). */
export function yamlSize(n: YamlNodeRef): number {
  return isMap(n) || isSeq(n) ? n.items.length : 0;
}

/** True for a mapping or sequence written in flow style (`{a: 1}`, `[a, b]`). */
export function yamlIsFlow(n: YamlNodeRef): boolean {
  return (isMap(n) || isSeq(n)) && (n as { flow?: boolean }).flow === true;
}

/** The anchor name an alias node refers to (`*name` gives `name`), or undefined for any other node. */
export function yamlAliasName(n: YamlNodeRef): string | undefined {
  return isAlias(n) ? n.source : undefined;
}

/** The node an alias refers to in its document, or undefined when it is not an alias or names no anchor. */
export function yamlAliasTarget(n: YamlNodeRef, doc: Document): YamlNodeRef {
  if (!isAlias(n)) return undefined;
  try {
    return n.resolve(doc) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Thrown inside `plainOf` where the package's own conversion must decide (one instance, never seen outside). */
class NotPlain extends Error {}
const NOT_PLAIN = new NotPlain('left to the package');

/**
 * The plain JavaScript value of a node (a mapping as an object, a sequence as an array, a scalar as its
 * value), exactly as the package's `node.toJS(doc, { maxAliasCount })` gives it. The common case (only
 * mappings, sequences and scalars, scalar keys, no alias, merge key or tag class of its own) is
 * converted directly, without the package's per-call conversion context; anything else goes to the
 * package. Throws where the package throws (an alias over the count, for one).
 */
export function yamlPlain(n: YamlNodeRef, doc: Document, maxAliasCount: number): unknown {
  if (isScalar(n)) return n.value;
  try {
    return plainOf(n);
  } catch (e) {
    if (e !== NOT_PLAIN) throw e;
    return (n as Node).toJS(doc, { maxAliasCount });
  }
}

/** `yamlPlain`'s direct conversion: the same steps as the package's `toJS`, `YAMLMap.toJSON` and `addPairToJSMap`. */
function plainOf(n: unknown): unknown {
  if (n === null || typeof n !== 'object') return n;
  if (isScalar(n)) return n.value;
  // Tag classes of their own (YAML 1.1 `!!set`, `!!omap`, `!!pairs`) are subclasses, left to the package.
  if (isMap(n) && n.constructor === YAMLMap) {
    const map: Record<string, unknown> = {};
    for (const pair of n.items as unknown[]) {
      if (!isPair(pair)) throw NOT_PLAIN;
      const key = pair.key;
      let jsKey: unknown = key;
      if (isScalar(key)) {
        if ((key as { addToJSMap?: unknown }).addToJSMap !== undefined) throw NOT_PLAIN;
        jsKey = key.value;
      } else if (key !== null && typeof key === 'object') throw NOT_PLAIN;
      // Merge keys, and keys the package would stringify as YAML, are left to the package.
      if (jsKey === '<<' || (jsKey !== null && typeof jsKey === 'object') || typeof jsKey === 'symbol') throw NOT_PLAIN;
      const stringKey = jsKey === null ? '' : String(jsKey);
      const value = plainOf(pair.value);
      if (stringKey in map) Object.defineProperty(map, stringKey, { value, writable: true, enumerable: true, configurable: true });
      else map[stringKey] = value;
    }
    return map;
  }
  if (isSeq(n) && n.constructor === YAMLSeq) {
    const seq: unknown[] = [];
    for (const item of n.items as unknown[]) seq.push(plainOf(item));
    return seq;
  }
  throw NOT_PLAIN;
}

/** The root node of a document (null when the document is empty). */
export function yamlRoot(doc: Document): YamlNodeRef {
  return doc.contents ?? null;
}

/** A parsed YAML document (as `SourceFile.yamlDocs` gives them). */
export type YamlDocument = Document;
