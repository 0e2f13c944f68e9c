/**
 * What a Docker build context holds and what a `.dockerignore` must keep out of it, for the
 * `dockerignore/*` rules.
 *
 * The context is where the project's builds really run (compose `build.context`, a CI `context:`,
 * `docker build <dir>`, `podman build <dir>`, GoReleaser's temporary folder), read from the build
 * reader (`builds.ts`); only a Dockerfile nothing builds is assumed to be built from its own folder
 * (or the nearest parent holding a `.dockerignore`). The `.dockerignore` in effect is the one Docker
 * reads: `<Dockerfile>.dockerignore` next to the Dockerfile, else `.dockerignore` at the context's root.
 *
 * The exclusions asked for come from what the context holds and what the Dockerfile copies from it:
 * a whole-context copy (`COPY . .`) takes the git history (only a context at the repository's root
 * holds `.git`), local `.env` files and the dependency folders of every Node or Python tree in it; a
 * copy of named folders takes only the dependency folders of the trees those folders are; a Dockerfile
 * that copies only named files, or nothing, needs no exclusion at all.
 *
 * Patterns are matched with Docker's own meaning, not git's: a pattern is anchored at the context's
 * root (`node_modules` is only `./node_modules`; `*\/node_modules` and `**\/node_modules` reach into
 * folders), a path is excluded when the pattern matches it or one of its parent folders, and the last
 * matching pattern wins (`!` re-includes). Matching is segment by segment without regular expressions,
 * in time bounded by the sizes of the pattern and the path.
 */
import type { SourceFile } from '../../core/source';
import type { Workspace } from '../../core/workspace';
import { buildsOf, versionMemo, whereOf, type ImageBuild } from './builds';
import { pathMemo } from './evidence';
import { dirOf, dockerignoreFor } from './container-scaffold';
import { judgedStages, shippedStages, stagesOf, type Instruction, type Stage } from './dockerfile';

/** One rule of a `.dockerignore`: its segments (cleaned as Docker cleans them) and whether it re-includes. */
interface IgnorePattern {
  segments: string[];
  negated: boolean;
}

/** Most patterns read from one `.dockerignore`, and most segments of one pattern (a file cannot make matching slow). */
const MAX_PATTERNS = 2000;
const MAX_SEGMENTS = 64;

/** The patterns of a `.dockerignore` text, cleaned as Docker cleans them (leading `/` and `./`, `..`, trailing `/`). */
export function dockerignorePatterns(text: string): IgnorePattern[] {
  const out: IgnorePattern[] = [];
  for (const raw of text.split(/\r?\n/)) {
    if (out.length >= MAX_PATTERNS) break;
    let l = raw.trim();
    if (l === '' || l.startsWith('#')) continue;
    const negated = l.startsWith('!');
    if (negated) l = l.slice(1).trim();
    const segments: string[] = [];
    for (const seg of l.split('/')) {
      if (seg === '' || seg === '.') continue;
      if (seg === '..') segments.pop();
      else segments.push(seg);
    }
    if (segments.length === 0 || segments.length > MAX_SEGMENTS) continue;
    out.push({ segments, negated });
  }
  return out;
}

/** True when a `.dockerignore`'s patterns keep a context-relative path (a file, or a folder with what it holds) out of the context. */
export function dockerExcludes(patterns: IgnorePattern[], path: string): boolean {
  const parts = path.split('/').filter((p) => p !== '');
  let excluded = false;
  for (const p of patterns) {
    // A pattern matches a path when it matches the path itself or one of its parent folders.
    let hit = false;
    for (let n = parts.length; n >= 1 && !hit; n--) hit = matchSegments(p.segments, parts.slice(0, n));
    if (hit) excluded = !p.negated;
  }
  return excluded;
}

/** Segment-wise glob match where a `**` segment stands for any number of segments (dynamic programming). */
function matchSegments(pat: string[], parts: string[]): boolean {
  // ok[j]: the first i pattern segments match the first j path segments.
  let ok: boolean[] = parts.map(() => false).concat(false);
  ok[0] = true;
  for (const seg of pat) {
    const next: boolean[] = new Array<boolean>(parts.length + 1).fill(false);
    if (seg === '**') {
      let any = false;
      for (let j = 0; j <= parts.length; j++) {
        any = any || ok[j];
        next[j] = any;
      }
    } else {
      for (let j = 1; j <= parts.length; j++) next[j] = ok[j - 1] && matchSegment(seg, parts[j - 1]);
    }
    ok = next;
  }
  return ok[parts.length];
}

/** Go `filepath.Match` for one segment: `*`, `?`, `[...]` classes (with `^`/`!` and ranges) and `\` escapes. */
function matchSegment(pat: string, s: string): boolean {
  let pi = 0;
  let si = 0;
  let starP = -1;
  let starS = 0;
  while (si < s.length) {
    if (pi < pat.length && pat[pi] === '*') {
      starP = ++pi;
      starS = si;
      continue;
    }
    const step = pi < pat.length ? matchOne(pat, pi, s[si]) : -1;
    if (step > 0) {
      pi = step;
      si++;
      continue;
    }
    if (starP < 0) return false;
    pi = starP;
    si = ++starS;
  }
  while (pi < pat.length && pat[pi] === '*') pi++;
  return pi === pat.length;
}

/** Matches one character at `pi` of a segment pattern; the index after the pattern element, or -1. */
function matchOne(pat: string, pi: number, c: string): number {
  const p = pat[pi];
  if (p === '?') return pi + 1;
  if (p === '\\' && pi + 1 < pat.length) return pat[pi + 1] === c ? pi + 2 : -1;
  if (p === '[') {
    let i = pi + 1;
    const negate = pat[i] === '^' || pat[i] === '!';
    if (negate) i++;
    let found = false;
    let first = true;
    for (; i < pat.length && (first || pat[i] !== ']'); first = false) {
      let lo = pat[i];
      if (lo === '\\' && i + 1 < pat.length) lo = pat[++i];
      let hi = lo;
      i++;
      if (pat[i] === '-' && i + 1 < pat.length && pat[i + 1] !== ']') {
        hi = pat[i + 1];
        if (hi === '\\' && i + 2 < pat.length) hi = pat[++i + 1];
        i += 2;
      }
      if (c >= lo && c <= hi) found = true;
    }
    if (i >= pat.length) return p === c ? pi + 1 : -1; // An unclosed class is a literal `[`.
    return found !== negate ? i + 1 : -1;
  }
  return p === c ? pi + 1 : -1;
}

/** A build context of a Dockerfile as this module judges it. */
export interface BuildContext {
  /** The Dockerfile built. */
  dockerfile: string;
  /** The context folder in the workspace ('' for the root), or undefined for a folder the build creates. */
  dir: string | undefined;
  /** Where the context comes from: the build sites, or why it is assumed. */
  from: string;
  /** The builds behind it (empty when the context is assumed). */
  builds: ImageBuild[];
}

/**
 * The build contexts of a Dockerfile: the contexts of its builds (those written in the trees the
 * rule judges first, without the ones that say they are not for production when others exist), else
 * the folder it is assumed to be built from.
 */
export function contextsOf(ws: Workspace, dockerfile: string): BuildContext[] {
  const all = buildsOf(ws.unfiltered, dockerfile);
  const visible = all.filter((b) => ws.exists(b.where.file));
  const chosen = (visible.length > 0 ? visible : all).filter((b, _i, list) => !b.purpose || list.every((x) => x.purpose));
  const byDir = new Map<string, BuildContext>();
  const out: BuildContext[] = [];
  let assumed = chosen.length === 0;
  for (const b of chosen) {
    if (b.context.kind === 'unknown') {
      assumed = true;
      continue;
    }
    const key = b.context.kind === 'repo' ? `repo:${b.context.dir}` : `ext:${b.context.what}`;
    const hit = byDir.get(key);
    if (hit) {
      hit.builds.push(b);
      hit.from = `${hit.from}, ${whereOf(b)}`;
      continue;
    }
    const c: BuildContext = { dockerfile, dir: b.context.kind === 'repo' ? b.context.dir : undefined, from: b.context.kind === 'repo' ? whereOf(b) : `${whereOf(b)} (${b.context.what})`, builds: [b] };
    byDir.set(key, c);
    out.push(c);
  }
  if (assumed && out.every((c) => c.dir === undefined)) {
    // Nothing says where it is built: from the nearest folder up holding a `.dockerignore`, else its own folder.
    const ignore = dockerignoreFor(ws.unfiltered, dockerfile);
    const dir = ignore === undefined || ignore === `${dockerfile}.dockerignore` ? dirOf(dockerfile) : dirOf(ignore);
    const from = `no build of it found, assumed to be built from ${dir ? `\`${dir}/\`` : 'the root'}`;
    if (!out.some((c) => c.dir === dir)) out.push({ dockerfile, dir, from, builds: [] });
  }
  return out;
}

/** The `.dockerignore` Docker reads for a context: `<Dockerfile>.dockerignore` next to the Dockerfile, else the context root's. */
export function ignoreFileOf(ws: Workspace, ctx: BuildContext): string | undefined {
  if (ctx.dir === undefined) return undefined;
  const own = `${ctx.dockerfile}.dockerignore`;
  if (ws.unfiltered.exists(own)) return own;
  const root = ctx.dir ? `${ctx.dir}/.dockerignore` : '.dockerignore';
  return ws.unfiltered.exists(root) ? root : undefined;
}

/** One COPY or ADD that takes files from the build context. */
export interface ContextCopy {
  ins: Instruction;
  stage: Stage;
  /** The sources, relative to the context, cleaned (`.` for the whole context). */
  sources: string[];
  /** True when it copies the whole context (`.`, `./`, `*`). */
  whole: boolean;
}

const copyCache = new WeakMap<SourceFile, ContextCopy[]>();

/** The COPY and ADD instructions of a Dockerfile that take files from the build context (not `--from`, not URLs, not heredocs). */
export function contextCopies(file: SourceFile): ContextCopy[] {
  const hit = copyCache.get(file);
  if (hit) return hit;
  const out: ContextCopy[] = [];
  for (const stage of stagesOf(file)) {
    for (const ins of stage.instructions) {
      const kw = ins.getKeyword();
      if (kw !== 'COPY' && kw !== 'ADD') continue;
      const flags = (ins as unknown as { getFlags?: () => { getName(): string }[] }).getFlags?.() ?? [];
      if (flags.some((f) => f.getName() === 'from')) continue;
      const args = ins.getArguments().map((a) => a.getValue()).filter((v) => !v.startsWith('--'));
      if (args.some((a) => a.startsWith('<<'))) continue;
      const sources = args
        .slice(0, -1)
        .map((s) => s.replace(/^\[?\s*"?|"?\s*,?\]?$/g, ''))
        .filter((s) => s !== '' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(s) && !s.startsWith('git@'))
        .map(cleanSource);
      if (sources.length === 0) continue;
      out.push({ ins, stage, sources, whole: sources.some((s) => s === '.' || s === '*') });
    }
  }
  copyCache.set(file, out);
  return out;
}

/** A COPY source relative to the context, as Docker resolves it (`./a/`, `/a` → `a`; `./`, `/` → `.`). */
function cleanSource(s: string): string {
  const parts: string[] = [];
  for (const seg of s.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.length === 0 ? '.' : parts.join('/');
}

/** One exclusion a context needs: a context-relative probe path, the line that excludes it and what it is. */
export interface Exclusion {
  probe: string;
  line: string;
  what: string;
}

/** Manifests that make a folder a Node tree, and lockfiles that say `node_modules` gets installed there. */
const NODE_LOCKS = ['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock', 'npm-shrinkwrap.json'];
/** Manifests that make a folder a Python project (whose virtual environment lives at its root). */
const PY_MANIFESTS = /^(pyproject\.toml|setup\.py|setup\.cfg|Pipfile|requirements[\w.-]*\.txt|poetry\.lock|uv\.lock)$/;

/**
 * What a Dockerfile's copies take from one context that a `.dockerignore` must keep out (see the
 * module comment). Empty for a context the build creates, and for a Dockerfile that copies only named
 * files or nothing.
 */
export function neededExclusions(ws: Workspace, ctx: BuildContext, file: SourceFile): Exclusion[] {
  if (ctx.dir === undefined) return [];
  const dir = ctx.dir;
  const judged = judgedStages(file, ws);
  const copies = contextCopies(file).filter((c) => judged.includes(c.stage));
  if (copies.length === 0) return [];
  const whole = copies.some((c) => c.whole);
  const all = ws.unfiltered;
  const rel = (p: string) => (dir === '' ? p : p.slice(dir.length + 1));
  const inside = (p: string) => dir === '' || p.startsWith(`${dir}/`);
  // The folders the Dockerfile copies by name, context-relative.
  const named = new Set(copies.flatMap((c) => c.sources).filter((s) => s !== '.' && s !== '*' && !/[*?[]/.test(s) && all.hasDir(dir ? `${dir}/${s}` : s)));
  const copied = (tree: string) => whole || named.has(tree);
  const out: Exclusion[] = [];
  if (whole && dir === '') out.push({ probe: '.git', line: '.git', what: 'the git history' });
  if (whole) {
    out.push({ probe: '.env', line: '.env', what: 'local .env files' });
    out.push({ probe: '.env.production', line: '.env.*', what: 'environment files such as .env.production' });
  }
  const node: string[] = [];
  const py: string[] = [];
  for (const p of manifestPaths(all)) {
    if (!inside(p)) continue;
    const r = rel(p);
    const base = r.slice(r.lastIndexOf('/') + 1);
    const tree = dirOf(r);
    if (base === 'package.json' && copied(tree) && !node.includes(tree)) {
      const locked = NODE_LOCKS.some((l) => all.exists(tree ? `${dir ? `${dir}/` : ''}${tree}/${l}` : `${dir ? `${dir}/` : ''}${l}`));
      // A whole copy takes every tree npm installs into (one with a lockfile); a named copy, the tree it names.
      if (named.has(tree) || (whole && (locked || tree === ''))) node.push(tree);
    } else if (PY_MANIFESTS.test(base) && copied(tree) && !py.includes(tree) && (tree === '' || named.has(tree))) py.push(tree);
  }
  const under = (t: string, x: string) => (t ? `${t}/${x}` : x);
  // Past two trees one line covers them all; each is still probed, so that a file excluding only some is reported.
  for (const t of node) out.push({ probe: under(t, 'node_modules'), line: node.length > 2 ? '**/node_modules' : under(t, 'node_modules'), what: `installed Node dependencies (${under(t, 'node_modules')})` });
  for (const t of py.slice(0, 3)) out.push({ probe: under(t, '.venv'), line: under(t, '.venv'), what: `the Python virtual environment (${under(t, '.venv')})` });
  return out;
}

/**
 * The package manifests of the workspace (package.json and the Python ones), listed once per file list:
 * asked for every Dockerfile's context, a walk of every path each time would grow with files × Dockerfiles.
 */
function manifestPaths(ws: Workspace): string[] {
  return pathMemo(ws, 'build-context:manifests', () =>
    ws.files.filter((p) => {
      const base = p.slice(p.lastIndexOf('/') + 1);
      return base === 'package.json' || PY_MANIFESTS.test(base);
    }),
  );
}

/** The exclusions a `.dockerignore` text lacks among those asked for (folders probed with what they hold). */
export function missingExclusions(text: string, needed: Exclusion[]): Exclusion[] {
  const patterns = dockerignorePatterns(text);
  const dirs = /(^|\/)(\.git|node_modules|\.venv)$/;
  return needed.filter((n) => !(dirs.test(n.probe) ? dockerExcludes(patterns, `${n.probe}/x`) : dockerExcludes(patterns, n.probe)));
}

/** A readable list of what exclusions keep out ("the git history, local .env files"), without repeats. */
export function describe(ex: Exclusion[]): string {
  const both = ex.some((e) => e.line === '.env') && ex.some((e) => e.line === '.env.*');
  // "installed Node dependencies (a)" and "(b)" read as one item "installed Node dependencies (a, b)".
  const groups = new Map<string, string[]>();
  for (const e of ex) {
    if (both && e.line === '.env.*') continue;
    const what = both && e.line === '.env' ? 'local .env files (.env, .env.*)' : e.what;
    const m = /^(.*) \((.*)\)$/.exec(what);
    const key = m ? m[1] : what;
    const list = groups.get(key) ?? [];
    if (m && !list.includes(m[2])) list.push(m[2]);
    groups.set(key, list);
  }
  return [...groups].map(([k, items]) => (items.length > 0 ? `${k} (${items.slice(0, 4).join(', ')}${items.length > 4 ? '...' : ''})` : k)).join(', ');
}

/** The distinct lines that add the exclusions. */
export function linesOf(ex: Exclusion[]): string[] {
  return [...new Set(ex.map((e) => e.line))];
}

/**
 * Whether a copy lands in a shipped image: it is in a shipped stage, or a shipped stage copies from its
 * stage (`COPY --from=`) the folder it was copied to or a parent of it. A copy into a builder stage
 * whose output is copied selectively (a binary, a wheel) does not reach the image.
 */
export function reachesImage(file: SourceFile, ws: Workspace, copy: ContextCopy): boolean {
  const shipped = shippedStages(file, ws);
  if (shipped.includes(copy.stage)) return true;
  const dest = absoluteIn(copy.stage, copy.ins, copy.ins.getArguments().map((a) => a.getValue()).filter((v) => !v.startsWith('--')).pop() ?? '/');
  const names = new Set([copy.stage.name, String(copy.stage.index)].filter((x): x is string => x !== null));
  for (const st of shipped) {
    for (const ins of st.instructions) {
      if (ins.getKeyword() !== 'COPY') continue;
      const flags = (ins as unknown as { getFlags?: () => { getName(): string; getValue(): string | null }[] }).getFlags?.() ?? [];
      const from = flags.find((f) => f.getName() === 'from')?.getValue()?.toLowerCase();
      if (!from || !names.has(from)) continue;
      const sources = ins.getArguments().map((a) => a.getValue()).filter((v) => !v.startsWith('--')).slice(0, -1);
      for (const src of sources) {
        const abs = absoluteIn(st, ins, src);
        if (abs === '/' || dest === abs || dest.startsWith(`${abs}/`)) return true;
      }
    }
  }
  return false;
}

/** A path of an instruction resolved against the WORKDIR in effect in its stage (`/` when none), without a trailing slash. */
function absoluteIn(stage: Stage, at: Instruction, path: string): string {
  let base = '/';
  if (!path.startsWith('/')) {
    for (const ins of stage.instructions) {
      if (ins === at) break;
      if (ins.getKeyword() !== 'WORKDIR') continue;
      const w = ins.getArguments().map((a) => a.getValue()).join(' ');
      base = w.startsWith('/') ? w : `${base.replace(/\/$/, '')}/${w}`;
    }
  }
  const full = path.startsWith('/') ? path : `${base.replace(/\/$/, '')}/${path}`;
  const parts: string[] = [];
  for (const seg of full.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return `/${parts.join('/')}`;
}

/**
 * Every build context of the product's Dockerfiles (the rule's view) with the `.dockerignore` Docker
 * reads for it and what it must exclude; memoised per workspace version and view.
 */
export function productContexts(ws: Workspace): { ctx: BuildContext; ignore: string | undefined; needed: Exclusion[] }[] {
  return versionMemo(ws, 'build-context:product', () => {
    const out: { ctx: BuildContext; ignore: string | undefined; needed: Exclusion[] }[] = [];
    for (const d of ws.pathsOfKind('dockerfile')) {
      const f = ws.read(d);
      if (!f) continue;
      for (const ctx of contextsOf(ws, d)) out.push({ ctx, ignore: ignoreFileOf(ws, ctx), needed: neededExclusions(ws, ctx, f) });
    }
    return out;
  });
}
