/**
 * One resolver for "what does CI actually run". It starts from every job of the GitHub Actions
 * workflows GitHub runs (and every script line of other CI systems: GitLab, CircleCI, Azure, Jenkins,
 * Travis, Bitbucket, Drone, Buildkite, Cloud Build, CodeBuild) and follows what each command calls in
 * the repository: make targets, package scripts, shell scripts, tox/nox, just, Taskfile, pre-commit,
 * local composite actions, reusable workflows and docker/compose invocations (see `ci-resolve.ts`).
 * Every command reached is a `CiRun` that carries the chain it followed
 * (`ci.yml:40 make test → Makefile:12 go vet ./...`), the workflow triggers that start it and whether
 * its failure is ignored. The result is computed once per workspace version (bounded in depth and
 * size, cycle-safe) and shared by every rule that asks whether something is enforced by CI.
 */
import type { Evidence } from '../../core/types';
import type { Workspace } from '../../core/workspace';
import { asRecord } from '../../core/source';
import { activeWorkflows, plain, type Job, type Workflow } from './workflow';
import { pathMemo } from './evidence';
import { KNOWN_TOOLS, type CommandSpec } from './ci-checks';
import { jobCmds, Resolver, splitWords, shellCmds, type Cmd, type Resolved } from './ci-resolve';

/** One step of a chain: where a command is written and what it says. */
export interface ChainLink {
  file: string;
  /** One-based line. */
  line: number;
  text: string;
  /** A named node (target, script, recipe...): shown only when the previous link does not name it already. */
  named: boolean;
}

/** When a workflow runs. */
export interface TriggerInfo {
  events: string[];
  /** Runs on code changes: a push to branches, a pull request (opened/synchronize/reopened) or a merge queue. */
  changes: boolean;
  /** Runs on pull requests with their code (or in the merge queue). */
  pullRequest: boolean;
  /** The events in words, with what limits them ("push of tags", "pull_request (closed)"). */
  summary: string;
}

/** Where CI starts: a job of a workflow, or a configuration file of another CI system. */
export interface CiEntry {
  system: string;
  file: string;
  workflow?: Workflow;
  job?: Job;
  triggers: TriggerInfo;
}

/** One command CI runs, directly or through what it calls. */
export interface CiRun {
  text: string;
  kind: Cmd['kind'];
  /** The lower-cased `owner/repo[/path]` of a `uses` node. */
  slug?: string;
  resolved?: Resolved;
  matchText: boolean;
  /** From the CI file to this command. */
  chain: ChainLink[];
  entry: CiEntry;
  /** True when a failure of this command (or of something on its chain) does not fail the job. */
  lenient: boolean;
  /**
   * For a named node (script, target, recipe...): true when nothing it runs is a known tool, so that
   * only its name says what it does. A name counts only then.
   */
  opaque?: boolean;
}

// `CommandSpec` lives with the specs (ci-checks.ts), so that ci-checks.ts imports nothing from here.
export type { CommandSpec } from './ci-checks';

/** A run that matched a spec. */
export interface CiHit {
  run: CiRun;
  tool: string;
  what: string;
}

/** CI systems other than GitHub Actions, by configuration path. */
export const OTHER_CI: { name: string; re: RegExp }[] = [
  { name: 'GitLab CI', re: /^(\.gitlab-ci\.ya?ml|\.gitlab\/.*\.ya?ml|\.gitlab-ci\/.*\.ya?ml)$/ },
  { name: 'CircleCI', re: /^\.circleci\/config\.ya?ml$/ },
  { name: 'Jenkins', re: /^Jenkinsfile[\w.-]*$/ },
  { name: 'Azure Pipelines', re: /^(azure-pipelines[\w.-]*\.ya?ml|\.azure-pipelines\/.*\.ya?ml|\.azure\/pipelines\/.*\.ya?ml)$/ },
  { name: 'Bitbucket Pipelines', re: /^bitbucket-pipelines\.ya?ml$/ },
  { name: 'Travis CI', re: /^\.travis\.ya?ml$/ },
  { name: 'Drone', re: /^\.drone\.ya?ml$/ },
  { name: 'Woodpecker', re: /^(\.woodpecker\.ya?ml|\.woodpecker\/[^/]+\.ya?ml)$/ },
  { name: 'Buildkite', re: /^\.buildkite\/[^/]*\.ya?ml$/ },
  { name: 'Cloud Build', re: /^cloudbuild[\w.-]*\.ya?ml$/ },
  { name: 'AWS CodeBuild', re: /^buildspec[\w.-]*\.ya?ml$/ },
  { name: 'AppVeyor', re: /^\.?appveyor\.ya?ml$/ },
  { name: 'Cirrus CI', re: /^\.cirrus\.ya?ml$/ },
  { name: 'Semaphore', re: /^\.semaphore\/semaphore\.ya?ml$/ },
  { name: 'Codefresh', re: /^codefresh\.ya?ml$/ },
  { name: 'Tekton', re: /^\.tekton\/[^/]+\.ya?ml$/ },
];

/** The configuration files of other CI systems in the workspace, in file order. */
export function otherCiFiles(view: Workspace): { name: string; path: string }[] {
  const ws = view.unfiltered;
  return pathMemo(ws, 'ci:other-ci-files', () => {
    const out: { name: string; path: string }[] = [];
    for (const p of ws.files) {
      // Every configuration lives at the root or in a dot folder of the root.
      if (p.includes('/') && !p.startsWith('.')) continue;
      const ci = OTHER_CI.find((c) => c.re.test(p));
      if (ci) out.push({ name: ci.name, path: p });
    }
    return out;
  });
}

/** True when the workspace has CI configuration at all (a workflow GitHub runs, or another CI system's file). */
export function hasCi(ws: Workspace): boolean {
  return activeWorkflows(ws.unfiltered).length > 0 || otherCiFiles(ws).length > 0;
}

const CODE_PR_TYPES = new Set(['opened', 'synchronize', 'reopened', 'ready_for_review']);

/** When a workflow runs: on changes, on pull requests (with their code), or only otherwise. */
export function triggersOf(wf: Workflow): TriggerInfo {
  const events = wf.triggers;
  const cfg = (e: string) => asRecord(wf.triggerConfig.get(e));
  const prRuns = (e: string) => {
    if (!events.includes(e)) return false;
    const types = cfg(e)?.types;
    if (types === undefined || types === null) return true;
    const list = Array.isArray(types) ? types : [types];
    return list.some((t) => CODE_PR_TYPES.has(String(t)));
  };
  // pull_request_target runs the base branch's code; it checks a change only when it checks the head out.
  const checksOutHead = wf.jobs.some((j) => j.steps.some((s) => /^actions\/checkout@/i.test(s.uses ?? '') && /pull_request\.head|head_ref|refs\/pull/.test(String(s.with.ref ?? ''))));
  const pr = prRuns('pull_request') || (prRuns('pull_request_target') && checksOutHead) || events.includes('merge_group');
  const push = cfg('push');
  const tagsOnly = !!push && (push.tags !== undefined || push['tags-ignore'] !== undefined) && push.branches === undefined && push['branches-ignore'] === undefined;
  const onPush = events.includes('push') && !tagsOnly;
  const words = events.map((e) => {
    if (e === 'push' && tagsOnly) return 'push of tags';
    if ((e === 'pull_request' || e === 'pull_request_target') && !prRuns(e)) return `${e} (${[cfg(e)?.types].flat().join(', ')})`;
    if (e === 'pull_request_target' && !checksOutHead) return 'pull_request_target (base branch code)';
    return e;
  });
  return { events, changes: onPush || pr, pullRequest: pr, summary: words.join(', ') || 'no trigger' };
}

/**
 * Narrows a workflow's triggers by a job's `if:` when it is a plain conjunction of conditions on the
 * event or the ref: `github.ref_type == 'tag'` or `startsWith(github.ref, 'refs/tags/')` (tags only),
 * `github.event_name == 'push'` (that event only), `github.ref == 'refs/heads/main'` (not pull
 * requests), `github.event.inputs.x` (manual runs), `failure()` (only after a failure). Anything
 * with `||` or unknown is left as it is.
 */
export function narrowTriggers(t: TriggerInfo, cond: unknown): TriggerInfo {
  if (typeof cond !== 'string') return t;
  const c = cond.replace(/^\s*\$\{\{|\}\}\s*$/g, '').trim();
  if (!c || c.includes('||')) return t;
  let { changes, pullRequest } = t;
  const notes: string[] = [];
  for (const raw of c.split('&&')) {
    let part = raw.trim();
    while (part.startsWith('(') && part.endsWith(')')) part = part.slice(1, -1).trim();
    const ev = /^github\.event_name\s*==\s*'([\w-]+)'$/.exec(part);
    if (/^github\.ref_type\s*==\s*'tag'$|^startsWith\(\s*github\.ref\s*,\s*'refs\/tags\/?/.test(part)) {
      changes = false;
      pullRequest = false;
      notes.push('tag pushes');
    } else if (ev) {
      const e = ev[1];
      if (e === 'push') pullRequest = false;
      else if (e !== 'pull_request' && e !== 'pull_request_target' && e !== 'merge_group') {
        changes = false;
        pullRequest = false;
      }
      notes.push(e);
    } else if (/^github\.ref\s*==\s*'refs\/heads\//.test(part)) {
      pullRequest = false;
      notes.push('a branch');
    } else if (/^github\.event\.inputs\./.test(part) || /^inputs\./.test(part) && t.events.every((e) => e === 'workflow_dispatch' || e === 'workflow_call')) {
      changes = false;
      pullRequest = false;
      notes.push('manual runs');
    } else if (/^(failure|cancelled)\(\)$/.test(part)) {
      changes = false;
      pullRequest = false;
      notes.push('failures');
    }
  }
  if (notes.length === 0) return t;
  // The most limiting condition describes when the job runs.
  const what = notes.find((n) => n === 'tag pushes' || n === 'manual runs' || n === 'failures') ?? notes.join(' on ');
  return { ...t, changes: changes && t.changes, pullRequest: pullRequest && t.pullRequest, summary: `${what} (the job's \`if:\`)` };
}

/** A short phrase for when a workflow runs (for messages). */
export function triggerPhrase(t: TriggerInfo): string {
  return t.summary;
}

const MAX_DEPTH = 12;
const MAX_RUNS = 50_000;
const MAX_TEXT = 4_000;

interface Cache {
  version: number;
  runs: CiRun[];
  hits: WeakMap<object, CiHit[]>;
}

const cache = new WeakMap<Workspace, Cache>();

/** Every command CI runs, directly or through what it calls (shared; do not mutate). */
export function ciRuns(ws: Workspace): CiRun[] {
  return state(ws).runs;
}

function state(view: Workspace): Cache {
  // CI runs what it runs wherever it lives (hack/, test/, compose.test.yml): the rules' role views
  // filter what they judge, never what the resolver follows, so all views share one result.
  const ws = view.unfiltered;
  const hit = cache.get(ws);
  if (hit && hit.version === ws.version) return hit;
  const c: Cache = { version: ws.version, runs: compute(ws), hits: new WeakMap() };
  cache.set(ws, c);
  return c;
}

function compute(ws: Workspace): CiRun[] {
  const r = new Resolver(ws);
  const out: CiRun[] = [];
  for (const wf of activeWorkflows(ws)) {
    const triggers = triggersOf(wf);
    // A workflow that only other workflows call runs through its callers, with their triggers.
    if (triggers.events.length === 0 || triggers.events.every((e) => e === 'workflow_call')) continue;
    for (const job of wf.jobs) {
      const jobIf = job.node ? plainOf(wf, job.node, 'if') : undefined;
      const entry: CiEntry = { system: 'GitHub Actions', file: wf.file.path, workflow: wf, job, triggers: narrowTriggers(triggers, jobIf) };
      const seen = new Map<string, boolean>();
      for (const c of jobCmds(wf, job, {})) walk(r, c, entry, [], false, 0, seen, out);
    }
  }
  for (const o of otherCiFiles(ws)) {
    const entry: CiEntry = { system: o.name, file: o.path, triggers: { events: [], changes: true, pullRequest: false, summary: `${o.name} pipelines` } };
    const seen = new Map<string, boolean>();
    for (const c of otherCiCmds(ws, o.path)) walk(r, c, entry, [], false, 0, seen, out);
  }
  return out;
}

function plainOf(wf: Workflow, m: unknown, key: string): unknown {
  const items = (m as { items?: { key?: { value?: unknown }; value?: unknown }[] } | undefined)?.items ?? [];
  const p = items.find((x) => x.key?.value === key);
  return p ? plain(wf.doc, p.value) : undefined;
}

/**
 * Walks one command and what it runs (depth-first, each key expanded once per job), appending runs.
 * `seen` remembers, per key, whether the subtree ran a known tool. Returns that.
 */
function walk(r: Resolver, cmd: Cmd, entry: CiEntry, chain: ChainLink[], lenient: boolean, depth: number, seen: Map<string, boolean>, out: CiRun[]): boolean {
  if (out.length >= MAX_RUNS) return false;
  const exp = r.expand(cmd);
  const link: ChainLink = { file: cmd.file, line: cmd.line, text: cmd.text, named: cmd.kind === 'named' };
  const now = [...chain, link];
  const len = lenient || !!cmd.lenient;
  const slug = cmd.uses ? cmd.uses.ref.trim().replace(/@.*$/, '').toLowerCase() : undefined;
  // Patterns are matched on at most MAX_TEXT characters of one command.
  const text = cmd.text.length > MAX_TEXT ? cmd.text.slice(0, MAX_TEXT) : cmd.text;
  const run: CiRun = { text, kind: cmd.kind, ...(slug !== undefined ? { slug } : {}), ...(exp.resolved ? { resolved: exp.resolved } : {}), matchText: exp.matchText, chain: now, entry, lenient: len };
  out.push(run);
  let known = exp.matchText && cmd.kind !== 'config' && KNOWN_TOOLS.some((re) => re.test(text));
  const key = r.keyOf(cmd);
  if (seen.has(key)) {
    // Reached again (or a cycle, still open): what its first walk found, and no credit by name for a cycle.
    known = known || seen.get(key) !== false;
  } else if (depth < MAX_DEPTH) {
    seen.set(key, true);
    let below = false;
    for (const c of exp.children) below = walk(r, c, entry, now, len, depth + 1, seen, out) || below;
    known = known || below;
    seen.set(key, known);
  }
  if (exp.resolved?.named) run.opaque = !known;
  return known;
}

/** Why a run matches a spec (the matched text), or undefined. */
export function matchRun(run: CiRun, spec: CommandSpec): string | undefined {
  if (run.kind === 'uses' && run.slug && spec.actions?.test(run.slug)) return `uses ${run.slug}`;
  if (run.resolved?.named && run.resolved.runs && run.opaque !== false && spec.names?.test(run.resolved.name)) return run.resolved.name;
  if (run.matchText && spec.re) {
    // An action's inputs are data (a cache key that says "mypy" runs nothing); only patterns written for
    // inputs (`with.scan-type=fs`) look at them.
    const text = run.kind === 'uses' && !spec.re.source.includes('with\\.') ? run.text.replace(/\s+with\..*$/, '') : run.text;
    const m = spec.re.exec(text);
    if (m) return m[0].trim() || run.text;
  }
  return undefined;
}

/** Every run that matches one of the specs (the first that matches names the tool), in CI order. */
export function findRuns(ws: Workspace, specs: CommandSpec | CommandSpec[]): CiHit[] {
  const st = state(ws);
  const key = specs as object;
  const hit = st.hits.get(key);
  if (hit) return hit;
  const list = Array.isArray(specs) ? specs : [specs];
  const out: CiHit[] = [];
  for (const run of st.runs) {
    for (const s of list) {
      const what = matchRun(run, s);
      if (what !== undefined) {
        out.push({ run, tool: s.name ?? '', what });
        break;
      }
    }
  }
  st.hits.set(key, out);
  return out;
}

/** True when a run gates changes: its workflow runs on pushes or pull requests and a failure fails the job. */
export function isGating(run: CiRun): boolean {
  return run.entry.triggers.changes && !run.lenient;
}

/** Where a run starts (the CI file and line), as evidence coordinates. */
export function whereRun(run: CiRun): { file: string; line: number } {
  return { file: run.chain[0].file, line: run.chain[0].line };
}

/** The chain of a run as text: `ci.yml:40 make test → Makefile:12 go vet ./...`. */
export function chainText(run: CiRun, maxLinks = 6): string {
  const links: ChainLink[] = [];
  run.chain.forEach((l, i) => {
    const prev = links[links.length - 1];
    // A target or script named by the command before it adds nothing to read (unless it is what matched).
    if (l.named && prev && i < run.chain.length - 1 && splitWords(prev.text).includes(l.text)) return;
    links.push(l);
  });
  const shown = links.length > maxLinks ? [...links.slice(0, 2), undefined, ...links.slice(links.length - (maxLinks - 3))] : links;
  return shown.map((l) => (l ? `${shortPath(l.file)}:${l.line} ${clip(l.text)}` : '…')).join(' → ');
}

/** Evidence lines for hits: `label: chain`, at most `limit`, one per chain start and tool. */
export function hitEvidence(hits: CiHit[], label: string, limit = 5): Evidence[] {
  const out: Evidence[] = [];
  const seen = new Set<string>();
  // For one starting point, the command that runs the tool tells more than the script named after it.
  const ordered = [...hits].sort((a, b) => Number(!!a.run.resolved?.named) - Number(!!b.run.resolved?.named));
  for (const h of ordered) {
    const w = whereRun(h.run);
    const k = `${h.tool}|${w.file}|${w.line}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const job = h.run.entry.job ? ` (job ${h.run.entry.job.id})` : h.run.entry.system !== 'GitHub Actions' ? ` (${h.run.entry.system})` : '';
    out.push({ message: `${label}${h.tool ? ` (${h.tool})` : ''}: ${chainText(h.run)}${job}`, file: w.file, line: w.line });
    if (out.length >= limit) break;
  }
  return out;
}

/** Why a hit does not gate changes, as a phrase ("only on schedule", "with continue-on-error"). */
export function whyNotGating(run: CiRun): string {
  if (!run.entry.triggers.changes) return `only on ${triggerPhrase(run.entry.triggers)}, not on pushes or pull requests`;
  return 'with its failure ignored (continue-on-error, `|| true` or `set +e`), so it cannot fail the build';
}

function shortPath(p: string): string {
  return /^\.github\/workflows\/[^/]+$/.test(p) ? p.slice('.github/workflows/'.length) : p;
}

function clip(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}

// ---- other CI systems -----------------------------------------------------------------------------

const COMMAND_KEYS = new Set(['script', 'before_script', 'after_script', 'run', 'command', 'commands', 'cmd', 'bash', 'sh', 'pwsh', 'powershell', 'inlineScript', 'install', 'before_install', 'after_success', 'pre_build', 'build', 'post_build']);
const LABEL_KEYS = new Set(['name', 'displayName', 'description', 'title', 'label', 'message', 'summary', 'comment', 'stage', 'environment', 'image', 'when', 'timeout', 'timeout_in_minutes', 'condition']);

/**
 * The commands of another CI system's file, read by indentation: values of script keys (`script:`,
 * `run:`, `commands:`, `- bash:`...) are shell commands and are followed; other lines are kept as
 * configuration text (includes such as `Security/SAST.gitlab-ci.yml` are found there); names and
 * labels are skipped. A Jenkinsfile's `sh '...'` steps are commands.
 */
export function otherCiCmds(ws: Workspace, path: string): Cmd[] {
  const f = ws.read(path);
  if (!f) return [];
  const out: Cmd[] = [];
  const add = (text: string, line: number) => {
    const t = text.trim().replace(/^(['"])(.*)\1$/, '$2');
    if (t) out.push(...shellCmds(t, path, () => line, '', {}, {}));
  };
  const config = (text: string, line: number) => out.push({ kind: 'config', file: path, line, text: text.trim(), cwd: '' });
  const lines = f.lines;
  if (!/\.ya?ml$/i.test(path)) {
    let block: string | undefined;
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].trim();
      if (block) {
        if (t.includes(block)) block = undefined;
        else if (t) add(t, i + 1);
        continue;
      }
      if (!t || t.startsWith('//') || t.startsWith('#') || t.startsWith('*')) continue;
      const m = /^(?:sh|bat|powershell|pwsh)\s*\(?\s*(?:script\s*:\s*)?(?:label\s*:\s*['"][^'"]*['"]\s*,\s*script\s*:\s*)?('''|"""|'|")(.*)$/.exec(t);
      if (m) {
        const q = m[1];
        const end = m[2].lastIndexOf(q);
        if (q.length === 3 && end < 0) {
          block = q;
          if (m[2].trim()) add(m[2], i + 1);
        } else add(end >= 0 ? m[2].slice(0, end) : m[2], i + 1);
      } else config(t, i + 1);
    }
    return out;
  }
  const stack: { indent: number; command: boolean; block: boolean }[] = [];
  let builder: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const t = raw.trim();
    if (!t || t.startsWith('#')) continue;
    const indent = raw.length - raw.trimStart().length;
    while (stack.length > 0 && stack[stack.length - 1].indent >= indent) stack.pop();
    const top = stack[stack.length - 1];
    if (top?.block) {
      add(t, i + 1);
      continue;
    }
    const item = /^-\s+/.exec(t);
    const body = item ? t.slice(item[0].length) : t;
    const keyIndent = indent + (item ? item[0].length : 0);
    const kv = /^([\w.-]+)\s*:(?:\s+(.*))?$/.exec(body);
    if (kv) {
      const key = kv[1];
      const value = (kv[2] ?? '').replace(/\s+#.*$/, '').trim();
      if (key === 'name' && /^['"]?[\w.-]+\/[\w./-]+/.test(value)) builder = value.replace(/^['"]|['"]$/g, '').replace(/[:@].*$/, '').split('/').pop();
      if (COMMAND_KEYS.has(key)) {
        if (value === '' || /^[|>][-+]?\d*$/.test(value)) stack.push({ indent: keyIndent, command: true, block: value !== '' });
        else if (value.startsWith('[')) for (const v of value.slice(1, -1).split(',')) add(v, i + 1);
        else add(value, i + 1);
        continue;
      }
      if (key === 'args' && builder && value.startsWith('[')) {
        const words = [...value.matchAll(/'([^']*)'|"([^"]*)"|([^,\s[\]]+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
        add(`${builder} ${words.map((w) => (/\s/.test(w) ? `'${w}'` : w)).join(' ')}`, i + 1);
        continue;
      }
      if (LABEL_KEYS.has(key)) {
        if (value === '' || /^[|>]/.test(value)) stack.push({ indent: keyIndent, command: false, block: false });
        continue;
      }
      stack.push({ indent: keyIndent, command: false, block: false });
      config(body, i + 1);
      continue;
    }
    if (top?.command) add(body, i + 1);
    else config(body, i + 1);
  }
  return out;
}
