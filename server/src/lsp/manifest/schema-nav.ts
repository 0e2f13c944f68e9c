/**
 * Walks the manifest's JSON schema (generated from the zod schema, the single source of truth) along
 * a YAML path, so that completion and hover read key names and descriptions from the same place as
 * validation.
 */
import { manifestJsonSchema } from '../../manifest/schema';
import { allRules } from '../../rules';

/** A JSON schema node, loosely typed. */
export type SchemaNode = Record<string, unknown>;

let root: SchemaNode | undefined;

/** The manifest's JSON schema (computed once). */
export function manifestSchemaRoot(): SchemaNode {
  if (!root) root = manifestJsonSchema(allRules);
  return root;
}

function resolve(node: SchemaNode | undefined): SchemaNode | undefined {
  if (!node) return undefined;
  const ref = node.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/')) {
    let cur: unknown = manifestSchemaRoot();
    for (const seg of ref.slice(2).split('/')) cur = (cur as SchemaNode | undefined)?.[seg];
    return resolve(cur as SchemaNode | undefined);
  }
  return node;
}

/** The object-like variants of a node (unions are flattened). */
function variants(node: SchemaNode | undefined): SchemaNode[] {
  const n = resolve(node);
  if (!n) return [];
  const alts = (n.anyOf ?? n.oneOf) as SchemaNode[] | undefined;
  if (Array.isArray(alts)) return alts.flatMap((a) => variants(a));
  return [n];
}

/** The schema node at a path (`-` steps into array items), or undefined. */
export function schemaAt(path: string[]): SchemaNode | undefined {
  let nodes: SchemaNode[] = [manifestSchemaRoot()];
  for (const seg of path) {
    const next: SchemaNode[] = [];
    for (const n of nodes.flatMap((x) => variants(x))) {
      if (seg === '-') {
        if (n.items && typeof n.items === 'object') next.push(n.items as SchemaNode);
        continue;
      }
      const props = n.properties as Record<string, SchemaNode> | undefined;
      if (props?.[seg]) next.push(props[seg]);
      else if (n.additionalProperties && typeof n.additionalProperties === 'object') next.push(n.additionalProperties as SchemaNode);
    }
    if (next.length === 0) return undefined;
    nodes = next;
  }
  return nodes.length === 1 ? resolve(nodes[0]) : { anyOf: nodes };
}

/** The keys an object at a path may have, with their descriptions. */
export function keysAt(path: string[]): { key: string; description?: string }[] {
  const node = schemaAt(path);
  const out = new Map<string, string | undefined>();
  for (const v of variants(node)) {
    const props = v.properties as Record<string, SchemaNode> | undefined;
    for (const [k, p] of Object.entries(props ?? {})) if (!out.has(k)) out.set(k, describe(p));
  }
  return [...out].map(([key, description]) => ({ key, ...(description ? { description } : {}) }));
}

/** The enumerated values allowed at a path (enums, literals and booleans). */
export function valuesAt(path: string[]): string[] {
  const out = new Set<string>();
  for (const v of variants(schemaAt(path))) {
    if (Array.isArray(v.enum)) for (const e of v.enum) out.add(String(e));
    if (v.const !== undefined) out.add(String(v.const));
    if (v.type === 'boolean') {
      out.add('true');
      out.add('false');
    }
  }
  return [...out];
}

/** The description of a node (its own or its first variant's). */
export function describe(node: SchemaNode | undefined): string | undefined {
  for (const v of [resolve(node), ...variants(node)]) if (v && typeof v.description === 'string') return v.description;
  return undefined;
}
