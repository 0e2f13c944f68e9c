/**
 * Our own small view of a parsed YAML node: what it is (`yamlKind`), its value (`yamlScalarValue`),
 * where it is (`yamlOffsets`) and what it holds (`yamlEntries` for a mapping, `yamlItems` for a
 * sequence, `yamlAliasTarget` for an alias). Shared libraries and rules read YAML trees through it,
 * so that what builds the trees (the `yaml` package, or the fast path of `yaml-fast.ts` that builds
 * the same nodes) can change without touching them: only this module and `source.ts` know the
 * package's node classes. It uses only the package's public guards and fields.
 */
import { isAlias, isMap, isScalar, isSeq, type Document } from 'yaml';

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

/** The start and end offsets of a node in its file, when the parser recorded them. */
export function yamlOffsets(n: YamlNodeRef): [number, number] | undefined {
  const r = (n as { range?: [number, number, number] } | null | undefined)?.range;
  return r ? [r[0], r[1]] : undefined;
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

/** The root node of a document (null when the document is empty). */
export function yamlRoot(doc: Document): YamlNodeRef {
  return doc.contents ?? null;
}

/** A parsed YAML document (as `SourceFile.yamlDocs` gives them). */
export type YamlDocument = Document;
