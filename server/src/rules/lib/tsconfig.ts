/**
 * Resolves the effective compiler options of a tsconfig.json through its `extends` chain (relative
 * files in the workspace; well-known strict bases from npm such as `@tsconfig/strictest`), reading
 * every file as JSON with comments.
 */
import type { Workspace } from '../../core/workspace';
import { asRecord } from '../../core/source';
import { dirOf } from './stacks';

/** npm bases known to set `strict: true`. */
const STRICT_BASES = /^(@tsconfig\/(strictest|recommended|node[\w-]*|bun|deno|vite-react|create-react-app|svelte|remix|next|nuxt|react-native|docusaurus|ember|cypress|taro|qjsengine)|@vue\/tsconfig|astro\/tsconfigs\/(strict|strictest)|@sindresorhus\/tsconfig|@total-typescript\/tsconfig)/;

/** The merged options of a tsconfig and what could not be followed. */
export interface EffectiveConfig {
  options: Record<string, unknown>;
  /** Which file set each option. */
  setBy: Map<string, string>;
  /** `extends` targets that are outside the workspace and not known. */
  unknownBases: string[];
  /** The raw top-level object of the leaf file. */
  raw: Record<string, unknown>;
}

/** Resolves a relative `extends` path to a workspace path. */
function resolveBase(from: string, spec: string): string {
  const parts = (dirOf(from) ? dirOf(from).split('/') : []);
  for (const seg of spec.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  const p = parts.join('/');
  return p.endsWith('.json') ? p : `${p}.json`;
}

/** Reads a tsconfig and its bases; undefined when the leaf is not valid JSONC. */
export function effectiveTsconfig(ws: Workspace, path: string): EffectiveConfig | undefined {
  const leaf = asRecord(ws.read(path)?.jsonc.value);
  if (!leaf) return undefined;
  const options: Record<string, unknown> = {};
  const setBy = new Map<string, string>();
  const unknownBases: string[] = [];
  const visit = (p: string, cfg: Record<string, unknown>, depth: number) => {
    const ext = cfg.extends;
    const bases = typeof ext === 'string' ? [ext] : Array.isArray(ext) ? ext.filter((e): e is string => typeof e === 'string') : [];
    for (const b of bases) {
      if (depth > 8) break;
      if (b.startsWith('.') || b.startsWith('/')) {
        const bp = resolveBase(p, b);
        const base = asRecord(ws.read(bp)?.jsonc.value);
        if (base) visit(bp, base, depth + 1);
        else unknownBases.push(b);
      } else if (STRICT_BASES.test(b)) {
        options.strict = true;
        setBy.set('strict', b);
      } else unknownBases.push(b);
    }
    for (const [k, v] of Object.entries(asRecord(cfg.compilerOptions) ?? {})) {
      options[k] = v;
      setBy.set(k, p);
    }
  };
  visit(path, leaf, 0);
  return { options, setBy, unknownBases, raw: leaf };
}
