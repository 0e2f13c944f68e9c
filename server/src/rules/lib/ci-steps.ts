/**
 * Finds the steps of the active workflows that really run something (tests, linters, audits), looking
 * through `npm run x` / `yarn x` / `pnpm x` into the package.json script they call, so that `npm test`
 * with npm's placeholder "no test specified" script does not count as running tests.
 */
import type { Evidence } from '../../core/types';
import type { Workspace } from '../../core/workspace';
import { asRecord } from '../../core/source';
import { actionSlug, stepScripts, type Job, type Step, type Workflow } from './workflow';

/** What a kind of command looks like. */
export interface CommandSpec {
  /** Matches the command in a script (never an `npm run x` invocation: those are resolved). */
  re: RegExp;
  /** Names of package.json scripts that count by name (their body must not be npm's placeholder). */
  scriptName?: RegExp;
  /** `owner/repo` prefixes of actions that count. */
  actions?: RegExp;
}

/** A step that matched, with where it is and what matched. */
export interface StepHit {
  wf: Workflow;
  job: Job;
  step: Step;
  what: string;
  line: number;
}

const NPM_CALL = /\b(npm|pnpm|yarn|bun)\s+(?:--?[\w-]+\s+)*(?:(run(?:-script)?)\s+(?:--?[\w-]+\s+)*)?([\w:.@/-]+)/g;
const NOT_SCRIPTS = new Set(['install', 'i', 'ci', 'add', 'exec', 'dlx', 'x', 'audit', 'publish', 'version', 'pack', 'init', 'config', 'cache', 'why', 'list', 'ls', 'outdated', 'update', 'upgrade', 'up', 'link', 'rebuild', 'prune', 'dedupe', 'help', 'login', 'whoami', 'set', 'info', 'view', 'global', 'workspace', 'workspaces', 'create', 'remove', 'rm', 'import', 'npx', 'node', 'env', 'bin', 'root', 'store', 'fetch', 'patch', 'licenses', 'plugin', 'dlx', 'self-update', 'uninstall', 'build-storybook']);
const NPM_BARE = new Set(['test', 't', 'start', 'stop', 'restart', 'tst']);
const PLACEHOLDER = /no test specified/i;

const scriptsCache = new WeakMap<Workspace, Map<string, Record<string, string> | null>>();

/** The scripts of the package.json in a folder ('' for the root), or null when there is none. */
export function packageScripts(ws: Workspace, dir: string): Record<string, string> | null {
  let m = scriptsCache.get(ws);
  if (!m) scriptsCache.set(ws, (m = new Map()));
  const d = dir.replace(/^\.\/?/, '').replace(/\/+$/, '');
  if (m.has(d)) return m.get(d)!;
  const p = d ? `${d}/package.json` : 'package.json';
  let out: Record<string, string> | null = null;
  const text = ws.exists(p) ? ws.read(p)?.text : undefined;
  if (text !== undefined) {
    try {
      const s = asRecord(asRecord(JSON.parse(text))?.scripts) ?? {};
      out = {};
      for (const [k, v] of Object.entries(s)) if (typeof v === 'string') out[k] = v;
    } catch {
      out = {};
    }
  }
  m.set(d, out);
  return out;
}

/** Describes why a script text matches a spec, resolving package-manager script calls; undefined when it does not. */
export function scriptMatch(ws: Workspace, dir: string, text: string, spec: CommandSpec, depth = 0): string | undefined {
  const direct = spec.re.exec(text);
  if (direct) return direct[0].trim();
  if (depth > 2) return undefined;
  NPM_CALL.lastIndex = 0;
  const calls: { tool: string; name: string; raw: string }[] = [];
  for (let m = NPM_CALL.exec(text); m; m = NPM_CALL.exec(text)) {
    const [raw, tool, run, name] = m;
    if (!run && (NOT_SCRIPTS.has(name) || (tool === 'npm' && !NPM_BARE.has(name)))) continue;
    calls.push({ tool, name: name === 't' || name === 'tst' ? 'test' : name, raw });
  }
  for (const c of calls) {
    const scripts = packageScripts(ws, dir) ?? (dir ? packageScripts(ws, '') : null);
    if (scripts === null) {
      if (spec.scriptName?.test(c.name)) return c.raw.trim();
      continue;
    }
    const body = scripts[c.name];
    if (body === undefined || PLACEHOLDER.test(body)) continue;
    if (spec.scriptName?.test(c.name)) return `${c.raw.trim()} (${truncate(body)})`;
    const inner = scriptMatch(ws, dir, body, spec, depth + 1);
    if (inner) return `${c.raw.trim()} (${truncate(body)})`;
  }
  return undefined;
}

/** Every step of the given workflows that matches a spec. */
export function findSteps(ws: Workspace, wfs: Workflow[], spec: CommandSpec): StepHit[] {
  const hits: StepHit[] = [];
  for (const wf of wfs) {
    for (const job of wf.jobs) {
      for (const step of job.steps) {
        const dir = step.workingDirectory ?? job.workingDirectory ?? '';
        let what: string | undefined;
        const slug = actionSlug(step);
        if (slug && spec.actions?.test(slug)) what = `uses ${slug}`;
        for (const s of stepScripts(step)) {
          if (what) break;
          what = scriptMatch(ws, dir, s, spec);
        }
        if (what) hits.push({ wf, job, step, what, line: wf.file.yamlRange(step.runNode ?? step.usesNode ?? step.node).start.line });
      }
    }
  }
  return hits;
}

/** Evidence lines for hits, at most `limit`. */
export function hitEvidence(hits: StepHit[], label: string, limit = 5): Evidence[] {
  return hits.slice(0, limit).map((h) => ({ message: `${label}: ${h.what} (job ${h.job.id})`, file: h.wf.file.path, line: h.line + 1 }));
}

/** True when a workflow runs on code changes (push, pull request or merge queue). */
export function runsOnChanges(wf: Workflow): boolean {
  return wf.triggers.some((t) => t === 'push' || t === 'pull_request' || t === 'merge_group' || t === 'pull_request_target');
}

/** CI systems other than GitHub Actions, recognised by their configuration file. */
export const OTHER_CI: { name: string; paths: string[] }[] = [
  { name: 'GitLab CI', paths: ['.gitlab-ci.yml', '.gitlab-ci.yaml'] },
  { name: 'CircleCI', paths: ['.circleci/config.yml', '.circleci/config.yaml'] },
  { name: 'Jenkins', paths: ['Jenkinsfile'] },
  { name: 'Azure Pipelines', paths: ['azure-pipelines.yml', 'azure-pipelines.yaml', '.azure-pipelines.yml'] },
  { name: 'Bitbucket Pipelines', paths: ['bitbucket-pipelines.yml'] },
  { name: 'Travis CI', paths: ['.travis.yml'] },
  { name: 'Drone', paths: ['.drone.yml'] },
  { name: 'Buildkite', paths: ['.buildkite/pipeline.yml', '.buildkite/pipeline.yaml'] },
];

/** The configuration files of other CI systems present in the workspace. */
export function otherCiFiles(ws: Workspace): { name: string; path: string }[] {
  const out: { name: string; path: string }[] = [];
  for (const ci of OTHER_CI) {
    const hit = ws.findFile(ci.paths);
    if (hit) out.push({ name: ci.name, path: hit });
  }
  return out;
}

/** Lines of other CI systems' configurations that run a matching command, as evidence. */
export function otherCiHits(ws: Workspace, spec: CommandSpec, label: string, limit = 5): Evidence[] {
  const out: Evidence[] = [];
  for (const ci of otherCiFiles(ws)) {
    const f = ws.read(ci.path);
    if (!f) continue;
    for (let i = 0; i < f.lines.length && out.length < limit; i++) {
      const line = f.lines[i];
      if (/^\s*(#|\/\/)/.test(line)) continue;
      const what = scriptMatch(ws, '', line, spec);
      if (what) out.push({ message: `${label}: ${what} (${ci.name})`, file: ci.path, line: i + 1 });
    }
  }
  return out;
}

function truncate(s: string): string {
  const t = s.trim().replace(/\s+/g, ' ');
  return t.length > 60 ? t.slice(0, 57) + '...' : t;
}
