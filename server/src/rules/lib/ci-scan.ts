/**
 * Finds what continuous integration really runs: the `run` and `uses` of every GitHub Actions step
 * (with the step's `with:` inputs, and the package.json script a `npm run x` calls), and the
 * non-comment lines of other CI systems' files (GitLab, CircleCI, Azure, Bitbucket, Jenkins...).
 * The scanning rules (dependency, SAST, container) ask it whether a tool runs and where.
 */
import type { Evidence } from '../../core/types';
import type { Workspace } from '../../core/workspace';
import { asArray, asRecord, type SourceFile } from '../../core/source';

/** One command that CI runs, with the place it is declared (one-based line). */
export interface CiCommand {
  file: string;
  line: number;
  text: string;
}

/** A tool a rule looks for, by a pattern over the command text. */
export interface CiTool {
  name: string;
  pattern: RegExp;
}

/** A tool found in CI. */
export interface CiHit extends CiCommand {
  tool: string;
}

/** CI configuration files of systems other than GitHub Actions. */
export const OTHER_CI_FILES = /^(\.gitlab-ci\.ya?ml|\.gitlab\/.*\.ya?ml|\.circleci\/config\.ya?ml|azure-pipelines[\w.-]*\.ya?ml|\.azure-pipelines\/.*\.ya?ml|bitbucket-pipelines\.ya?ml|Jenkinsfile[\w.-]*|\.travis\.ya?ml|\.drone\.ya?ml|\.woodpecker(\.ya?ml|\/.*\.ya?ml)|\.buildkite\/.*\.ya?ml|cloudbuild[\w.-]*\.ya?ml|buildspec[\w.-]*\.ya?ml|\.github\/actions\/[^/]+\/action\.ya?ml)$/;

/** Commands per file version; a changed file is a new SourceFile, so the cache never goes stale. */
const cache = new WeakMap<SourceFile, CiCommand[]>();

/** The whole list per workspace, valid while the workspace's version (files and contents) is unchanged. */
const wsCache = new WeakMap<Workspace, { version: number; commands: CiCommand[] }>();

/** Every command CI runs, with `npm run x` expanded to the script it runs (shared, do not mutate). */
export function ciCommands(ws: Workspace): CiCommand[] {
  const hit = wsCache.get(ws);
  if (hit && hit.version === ws.version) return hit.commands;
  const commands = scanCommands(ws);
  wsCache.set(ws, { version: ws.version, commands });
  return commands;
}

function scanCommands(ws: Workspace): CiCommand[] {
  const scripts = packageScripts(ws);
  const out: CiCommand[] = [];
  for (const p of ws.files) {
    // Only the root's workflows run: copies under fixtures, examples or sub-projects do not.
    if (!(ws.kindOf(p) === 'workflow' && p.startsWith('.github/workflows/')) && !OTHER_CI_FILES.test(p)) continue;
    const f = ws.read(p);
    if (!f) continue;
    let cmds = cache.get(f);
    if (!cmds) {
      cmds = fileCommands(f);
      cache.set(f, cmds);
    }
    for (const c of cmds) out.push(scripts.size ? { ...c, text: expandScripts(c.text, scripts) } : c);
  }
  return out;
}

/** True when the workspace has any CI configuration at all. */
export function hasCi(ws: Workspace): boolean {
  return ws.files.some((f) => (f.startsWith('.github/workflows/') && ws.kindOf(f) === 'workflow') || OTHER_CI_FILES.test(f));
}

/** The commands matching each tool, in file order. */
export function findCiTools(ws: Workspace, tools: CiTool[]): CiHit[] {
  const hits: CiHit[] = [];
  for (const c of ciCommands(ws)) {
    for (const t of tools) {
      if (t.pattern.test(c.text)) {
        hits.push({ ...c, tool: t.name });
        break;
      }
    }
  }
  return hits;
}

/** Evidence lines for CI hits (at most one per tool and file). */
export function ciEvidence(hits: CiHit[]): Evidence[] {
  const seen = new Set<string>();
  const out: Evidence[] = [];
  for (const h of hits) {
    const key = `${h.tool}\0${h.file}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ message: `${h.tool} runs in CI`, file: h.file, line: h.line });
  }
  return out;
}

function fileCommands(f: SourceFile): CiCommand[] {
  const out: CiCommand[] = [];
  if (f.kind === 'workflow') workflowCommands(f, out);
  else if (f.path.startsWith('.github/actions/')) {
    // A composite action's steps are GitHub steps too.
    const steps = asArray(asRecord(asRecord(f.yaml)?.runs)?.steps);
    steps.forEach((s, i) => stepCommand(f, ['runs', 'steps', i], asRecord(s), out));
  } else {
    f.lines.forEach((line, i) => {
      const t = line.trim();
      if (!t || t.startsWith('#') || t.startsWith('//')) return;
      out.push({ file: f.path, line: i + 1, text: t });
    });
  }
  return out;
}

function workflowCommands(f: SourceFile, out: CiCommand[]): void {
  const jobs = asRecord(asRecord(f.yaml)?.jobs);
  if (!jobs) return;
  for (const [id, j] of Object.entries(jobs)) {
    const job = asRecord(j);
    if (!job) continue;
    if (typeof job.uses === 'string') {
      out.push({ file: f.path, line: f.yamlPathRange(['jobs', id, 'uses']).start.line + 1, text: `uses ${job.uses}` });
    }
    const image = typeof job.container === 'string' ? job.container : asRecord(job.container)?.image;
    if (typeof image === 'string') out.push({ file: f.path, line: f.yamlPathRange(['jobs', id, 'container']).start.line + 1, text: `container ${image}` });
    asArray(job.steps).forEach((s, i) => stepCommand(f, ['jobs', id, 'steps', i], asRecord(s), out));
  }
}

function stepCommand(f: SourceFile, path: (string | number)[], step: Record<string, unknown> | undefined, out: CiCommand[]): void {
  if (!step) return;
  if (typeof step.uses === 'string') {
    const inputs = Object.entries(asRecord(step.with) ?? {}).map(([k, v]) => `with.${k}=${typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v).replace(/\s+/g, ' ') : ''}`);
    out.push({ file: f.path, line: f.yamlPathRange([...path, 'uses']).start.line + 1, text: `uses ${step.uses} ${inputs.join(' ')}`.trim() });
  }
  if (typeof step.run === 'string') {
    out.push({ file: f.path, line: f.yamlPathRange([...path, 'run']).start.line + 1, text: step.run });
  }
}

/** The root package.json scripts, so that `npm run audit` counts as what the script runs. */
function packageScripts(ws: Workspace): Map<string, string> {
  const map = new Map<string, string>();
  const text = ws.exists('package.json') ? ws.read('package.json')?.text : undefined;
  if (!text) return map;
  try {
    const scripts = asRecord(asRecord(JSON.parse(text))?.scripts) ?? {};
    for (const [k, v] of Object.entries(scripts)) if (typeof v === 'string') map.set(k, v);
  } catch {
    /* An invalid package.json has no scripts to follow. */
  }
  return map;
}

function expandScripts(text: string, scripts: Map<string, string>): string {
  if (scripts.size === 0) return text;
  let extra = '';
  for (const m of text.matchAll(/\b(?:npm|pnpm|bun)\s+(?:run(?:-script)?\s+)?([\w:.-]+)|\byarn\s+(?:run\s+)?([\w:.-]+)/g)) {
    const s = scripts.get(m[1] ?? m[2]);
    if (s) extra += ` ${s}`;
  }
  return extra ? `${text} ${extra}` : text;
}
