/**
 * A structured view of a GitHub Actions workflow, built once per SourceFile and shared by every ci/*
 * rule: triggers, top-level permissions and concurrency, jobs and their steps, each with the YAML
 * nodes that give exact positions. Also holds the small text helpers the ci rules share (action
 * references, `${{ }}` expressions, untrusted contexts, indentation-aware insertions).
 *
 * The YAML package parses `on:` as the string key "on" (YAML 1.2 core schema); a `%YAML 1.1` document
 * would read it as boolean true, which `keyName` maps back to "on" from the source text.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { Range } from '../../core/types';
import { yamlPlain } from '../../core/yaml-view';
import type { SourceFile } from '../../core/source';
import type { Workspace } from '../../core/workspace';

/** One step of a job. */
export interface Step {
  /** Position in the job's `steps:` (for a step of a `parallel:` group, the group's position). */
  index: number;
  /** The `parallel:` group step this step belongs to, when it runs in one (its steps run concurrently). */
  parallel?: YAMLMap;
  node: YAMLMap;
  name?: string;
  uses?: string;
  usesNode?: Node;
  run?: string;
  runNode?: Node;
  /** Plain values of `with:` inputs. */
  with: Record<string, unknown>;
  withNode?: Node;
  envNode?: Node;
  shell?: string;
  continueOnError: unknown;
  workingDirectory?: string;
}

/** One job of a workflow. */
export interface Job {
  id: string;
  keyNode: Scalar;
  node?: YAMLMap;
  name?: string;
  /** A reusable workflow this job calls (`jobs.<id>.uses`). */
  uses?: string;
  usesNode?: Node;
  runsOn: unknown;
  permissions: unknown;
  permissionsNode?: Node;
  environment: unknown;
  timeoutMinutes: unknown;
  concurrency: unknown;
  secrets: unknown;
  secretsNode?: Node;
  continueOnError: unknown;
  shell?: string;
  workingDirectory?: string;
  steps: Step[];
}

/** A parsed workflow. */
export interface Workflow {
  file: SourceFile;
  doc: Document.Parsed;
  root: YAMLMap;
  /** True for a workflow GitHub runs: `.github/workflows/*.yml` at the repository root. */
  active: boolean;
  name?: string;
  onPair?: Pair;
  /** Event names, in source order. */
  triggers: string[];
  /** Plain configuration of each event (null for `on: push`). */
  triggerConfig: Map<string, unknown>;
  permissions: unknown;
  permissionsPair?: Pair;
  concurrency: unknown;
  shell?: string;
  jobsPair?: Pair;
  jobs: Job[];
}

const cache = new WeakMap<SourceFile, Workflow | null>();

/** The workflow view of a file, or undefined when its YAML is invalid or not a mapping. Never throws. */
export function workflowOf(file: SourceFile): Workflow | undefined {
  const hit = cache.get(file);
  if (hit !== undefined) return hit ?? undefined;
  let wf: Workflow | undefined;
  try {
    wf = build(file);
  } catch {
    wf = undefined;
  }
  cache.set(file, wf ?? null);
  return wf;
}

/** True when a path is a workflow GitHub actually runs (not a template kept elsewhere). */
export function isActiveWorkflowPath(p: string): boolean {
  return /^\.github\/workflows\/[^/]+\.ya?ml$/i.test(p);
}

/** The workflows of a workspace that GitHub runs, parsed. */
export function activeWorkflows(ws: Workspace): Workflow[] {
  const out: Workflow[] = [];
  for (const p of ws.pathsOfKind('workflow')) {
    if (!isActiveWorkflowPath(p)) continue;
    const f = ws.read(p);
    const wf = f && workflowOf(f);
    if (wf) out.push(wf);
  }
  return out;
}

function build(file: SourceFile): Workflow | undefined {
  const doc = file.yamlDocs[0];
  if (!doc || doc.errors.length > 0) return undefined;
  const root = deref(doc, doc.contents);
  if (!isMap(root)) return undefined;
  const onPair = pairOf(root, 'on');
  const triggers: string[] = [];
  const triggerConfig = new Map<string, unknown>();
  const onNode = onPair && deref(doc, onPair.value);
  const items = isSeq(onNode) ? onNode.items : isScalar(onNode) ? [onNode] : [];
  for (const it of items) {
    const n = deref(doc, it);
    if (isScalar(n) && n.value !== null && n.value !== undefined) triggers.push(String(n.value));
  }
  if (isMap(onNode)) {
    for (const p of onNode.items) {
      const k = keyName(p);
      if (k) {
        triggers.push(k);
        triggerConfig.set(k, plain(doc, p.value));
      }
    }
  }
  for (const t of triggers) if (!triggerConfig.has(t)) triggerConfig.set(t, null);
  const permissionsPair = pairOf(root, 'permissions');
  const jobsPair = pairOf(root, 'jobs');
  const jobsNode = jobsPair && deref(doc, jobsPair.value);
  const jobs: Job[] = [];
  if (isMap(jobsNode)) {
    for (const p of jobsNode.items) {
      const id = keyName(p);
      if (id && isScalar(p.key)) jobs.push(buildJob(doc, id, p.key, deref(doc, p.value)));
    }
  }
  return {
    file, doc, root, active: isActiveWorkflowPath(file.path),
    name: str(plain(doc, pairOf(root, 'name')?.value)),
    onPair, triggers, triggerConfig,
    permissions: plain(doc, permissionsPair?.value), permissionsPair,
    concurrency: plain(doc, pairOf(root, 'concurrency')?.value),
    shell: defaultsShell(doc, root),
    jobsPair, jobs,
  };
}

function buildJob(doc: Document.Parsed, id: string, keyNode: Scalar, node: Node | undefined): Job {
  const m = isMap(node) ? node : undefined;
  const val = (k: string) => (m ? plain(doc, pairOf(m, k)?.value) : undefined);
  const nodeOf = (k: string) => (m ? (pairOf(m, k)?.value as Node | undefined) ?? undefined : undefined);
  const steps: Step[] = [];
  const stepsNode = m && deref(doc, pairOf(m, 'steps')?.value);
  const addStep = (s: YAMLMap, index: number, parallel?: YAMLMap) => {
    const sv = (k: string) => plain(doc, pairOf(s, k)?.value);
    const sn = (k: string) => (pairOf(s, k)?.value as Node | undefined) ?? undefined;
    steps.push({
      index, ...(parallel ? { parallel } : {}), node: s, name: str(sv('name')), uses: str(sv('uses')), usesNode: sn('uses'), run: str(sv('run')), runNode: sn('run'),
      with: rec(sv('with')), withNode: sn('with'), envNode: sn('env'), shell: str(sv('shell')),
      continueOnError: sv('continue-on-error'), workingDirectory: str(sv('working-directory')),
    });
  };
  if (isSeq(stepsNode)) {
    stepsNode.items.forEach((it, index) => {
      const s = deref(doc, it);
      if (!isMap(s)) return;
      // A `parallel:` group runs its steps concurrently; each of them is a step of the job.
      const group = deref(doc, pairOf(s, 'parallel')?.value);
      if (isSeq(group)) {
        for (const inner of group.items) {
          const g = deref(doc, inner);
          if (isMap(g)) addStep(g, index, s);
        }
        return;
      }
      addStep(s, index);
    });
  }
  const defaultsRun = rec(rec(val('defaults')).run);
  return {
    id, keyNode, node: m, name: str(val('name')), uses: str(val('uses')), usesNode: nodeOf('uses'),
    runsOn: val('runs-on'), permissions: val('permissions'), permissionsNode: nodeOf('permissions'),
    environment: val('environment'), timeoutMinutes: val('timeout-minutes'), concurrency: val('concurrency'),
    secrets: val('secrets'), secretsNode: nodeOf('secrets'), continueOnError: val('continue-on-error'),
    shell: str(defaultsRun.shell), workingDirectory: str(defaultsRun['working-directory']), steps,
  };
}

function defaultsShell(doc: Document.Parsed, root: YAMLMap): string | undefined {
  return str(rec(rec(plain(doc, pairOf(root, 'defaults')?.value)).run).shell);
}

/** The name of a pair's key, reading `on` back from a YAML 1.1 boolean key. */
export function keyName(p: Pair): string | undefined {
  const k = p.key;
  if (!isScalar(k)) return undefined;
  if (typeof k.value === 'boolean' && typeof k.source === 'string') return k.source;
  return k.value === null || k.value === undefined ? undefined : String(k.value);
}

/** The pair with a given key in a map. */
export function pairOf(m: YAMLMap, key: string): Pair | undefined {
  for (const p of m.items) if (keyName(p) === key) return p as Pair;
  return undefined;
}

function deref(doc: Document.Parsed, n: unknown): Node | undefined {
  if (isAlias(n)) {
    try {
      return (n.resolve(doc) as Node | undefined) ?? undefined;
    } catch {
      return undefined;
    }
  }
  return (n as Node | null) ?? undefined;
}

/** The plain JavaScript value of a node, or undefined. */
export function plain(doc: Document.Parsed, n: unknown): unknown {
  const node = deref(doc, n);
  if (!node) return undefined;
  try {
    return yamlPlain(node, doc, 200);
  } catch {
    return undefined;
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

function rec(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

const scriptsOfStep = new WeakMap<Step, readonly string[]>();

/** The texts a step runs: its `run:` script and script-like inputs of wrapper actions (worked out once per step). */
export function stepScripts(step: Step): readonly string[] {
  let scripts = scriptsOfStep.get(step);
  if (!scripts) scriptsOfStep.set(step, (scripts = scriptsOf(step)));
  return scripts;
}

function scriptsOf(step: Step): string[] {
  const out: string[] = [];
  if (step.run) out.push(step.run);
  for (const k of ['run', 'command', 'script', 'arguments', 'args', 'cmd', 'build', 'start', 'test']) {
    const v = step.with[k];
    if (typeof v !== 'string') continue;
    // gradle/gradle-build-action takes only the task list (`arguments: build`).
    out.push(k === 'arguments' && /gradle/i.test(step.uses ?? '') ? `gradle ${v}` : v);
  }
  return out;
}

/** A parsed `uses:` reference. */
export interface ActionRef {
  /** `local` is this repository: `./path`, or `$/path` (then `self` is true and `slug` is `./path`). */
  kind: 'local' | 'docker' | 'remote' | 'invalid';
  /** True for a `$/path` self-repository reference. */
  self?: boolean;
  owner: string;
  repo: string;
  /** `owner/repo` plus any sub-path, lower-cased. */
  slug: string;
  ref: string;
}

/** Parses `owner/repo/path@ref`, `./local`, `$/self-repository-path` and `docker://image`. */
export function parseUses(uses: string): ActionRef {
  const u = uses.trim();
  if (u.startsWith('./') || u.startsWith('../')) return { kind: 'local', owner: '', repo: '', slug: u, ref: '' };
  // `$/path` names a file of the repository the workflow itself comes from, at the same commit.
  if (u.startsWith('$/')) return { kind: 'local', self: true, owner: '', repo: '', slug: `./${u.slice(2)}`, ref: '' };
  if (u.startsWith('docker://')) {
    const at = u.indexOf('@');
    return { kind: 'docker', owner: '', repo: '', slug: u.slice(9), ref: at >= 0 ? u.slice(at + 1) : '' };
  }
  const at = u.lastIndexOf('@');
  const name = at >= 0 ? u.slice(0, at) : u;
  const parts = name.split('/');
  if (parts.length < 2 || !parts[0] || !parts[1]) return { kind: 'invalid', owner: '', repo: '', slug: name.toLowerCase(), ref: '' };
  return { kind: 'remote', owner: parts[0].toLowerCase(), repo: parts[1].toLowerCase(), slug: name.toLowerCase(), ref: at >= 0 ? u.slice(at + 1) : '' };
}

const slugOfStep = new WeakMap<Step, string>();

/** The lower-cased `owner/repo[/path]` a step uses, or '' (worked out once per step: most ci rules ask it of every step). */
export function actionSlug(step: Step): string {
  if (!step.uses) return '';
  let slug = slugOfStep.get(step);
  if (slug === undefined) slugOfStep.set(step, (slug = parseUses(step.uses).slug));
  return slug;
}

/** One `${{ ... }}` expression found in a text. */
export interface Expr {
  start: number;
  end: number;
  /** The inner expression, trimmed. */
  body: string;
}

/** Every `${{ ... }}` expression of a text, with offsets. */
export function expressions(text: string): Expr[] {
  const out: Expr[] = [];
  const re = /\$\{\{([\s\S]*?)\}\}/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ start: m.index, end: m.index + m[0].length, body: m[1].trim() });
  return out;
}

/**
 * Context paths an outside contributor writes (the list actionlint and zizmor share, from GitHub
 * Security Lab's "untrusted input" research); `*` stands for any array index or object key.
 */
const UNTRUSTED_PATHS: string[][] = [
  'github.head_ref',
  'github.event.issue.title', 'github.event.issue.body',
  'github.event.pull_request.title', 'github.event.pull_request.body',
  'github.event.pull_request.head.ref', 'github.event.pull_request.head.label', 'github.event.pull_request.head.repo.default_branch',
  'github.event.discussion.title', 'github.event.discussion.body',
  'github.event.comment.body', 'github.event.review.body', 'github.event.review_comment.body',
  'github.event.pages.*.page_name',
  ...['commits.*', 'head_commit', 'workflow_run.head_commit', 'workflow_run.commits.*'].flatMap((c) =>
    ['message', 'author.email', 'author.name', 'committer.email', 'committer.name'].map((f) => `github.event.${c}.${f}`)),
  'github.event.workflow_run.head_branch', 'github.event.workflow_run.display_title', 'github.event.workflow_run.head_repository.description',
  ...['ref', 'label', 'repo.default_branch'].map((f) => `github.event.workflow_run.pull_requests.*.head.${f}`),
].map((p) => p.split('.'));

/** True when a context path (segments, `*` for a filter or index) reads or contains attacker-written text. */
function isUntrustedPath(ref: string[]): boolean {
  const seg = (a: string, b: string) => a === b || a === '*' || b === '*';
  return UNTRUSTED_PATHS.some((p) => {
    // The whole value, or an object that contains it (`toJSON(github.event)`, `github.event.pull_request.head`).
    if (ref.length > p.length) return false;
    for (let i = 0; i < ref.length; i++) if (!seg(ref[i], p[i])) return false;
    return true;
  });
}

/** A context reference split into segments, with indices and object filters as `*`. */
function segments(ref: string): string[] {
  return ref
    .replace(/\[\s*'([\w-]+)'\s*\]/g, '.$1')
    .replace(/\[[^\]]*\]/g, '.*')
    .split('.')
    .filter((s) => s !== '');
}

/**
 * Context references of an expression that an outside contributor controls (actionlint's and
 * zizmor's list), including whole objects that contain such text (`toJSON(github.event)`) and
 * object filters (`github.event.*.body`). String literals are ignored.
 */
export function untrustedRefs(body: string): string[] {
  const out: string[] = [];
  // `github.event['issue']['title']` is `github.event.issue.title`; other string literals are text.
  const code = body.replace(/\[\s*'([\w-]+)'\s*\]/g, '.$1').replace(/'(?:[^']|'')*'/g, "''");
  const re = /(?<![\w.-])github(?:\.[\w-]+|\.\*|\[[^\]]*\])*/g;
  for (let m = re.exec(code); m; m = re.exec(code)) {
    const ref = m[0];
    if (isUntrustedPath(segments(ref))) out.push(ref.replace(/\[\s*'([\w-]+)'\s*\]/g, '.$1'));
  }
  return out;
}

/** Column (in characters) of an offset. */
export function columnOf(file: SourceFile, offset: number): number {
  return file.positionAt(offset).character;
}

/** True when a `continue-on-error` value is set (a literal true or an expression). */
export function mayContinue(v: unknown): boolean {
  return v === true || (typeof v === 'string' && v.trim() !== '' && v.trim() !== 'false');
}

/** Range of the first occurrence of a one-line snippet inside a node's source, or of the node. */
export function rangeInNode(file: SourceFile, node: unknown, needle: string): Range {
  const r = (node as Node | undefined)?.range;
  if (r && needle) {
    const i = file.text.slice(r[0], r[1]).indexOf(needle);
    if (i >= 0) return file.rangeOf(r[0] + i, r[0] + i + needle.length);
  }
  return file.yamlRange(node);
}

/** Column of the first key of a block map, or undefined when it has none. */
export function keyColumn(file: SourceFile, m: unknown): number | undefined {
  if (!isMap(m) || m.items.length === 0) return undefined;
  const r = (m.items[0].key as Node | null)?.range;
  return r ? columnOf(file, r[0]) : undefined;
}
