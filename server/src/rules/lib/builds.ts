/**
 * Where the project builds its images: every `docker build` (and `docker buildx build`, `podman build`,
 * `buildah bud`, `nerdctl build`) written in CI files, Makefiles, justfiles, Taskfiles, shell scripts and
 * package scripts, every `docker/build-push-action` step, every compose service with `build:` and every
 * GoReleaser `dockers:` entry, each with the Dockerfile it builds, its build context and its target.
 *
 * The container rules use this to judge what really ships (the stage a build `target` selects, not
 * always the last one) and the context a `.dockerignore` filters (a compose `build.context` of `..`, a
 * CI `context:`, the temporary folder GoReleaser builds in), instead of assuming the Dockerfile's
 * folder. Reading is textual and bounded; values that hold variables (`$DIR`, `${{ inputs.file }}`,
 * `{{ .Tag }}`) are unknown and never guessed.
 */
import { isMap } from 'yaml';
import type { SourceFile } from '../../core/source';
import { asArray, asRecord } from '../../core/source';
import type { Workspace } from '../../core/workspace';
import { servicesOf } from './compose-services';
import { tokenize } from './shell';
import { isActiveWorkflowPath, workflowOf } from './workflow';

/** One image build the project runs. */
export interface ImageBuild {
  /** Workspace path of the Dockerfile it builds. */
  dockerfile: string;
  /**
   * The build context: a workspace folder (`''` for the root) for `repo`; for `external`, a folder the
   * build creates (GoReleaser's temporary folder, a build-output folder such as `target/release`) that
   * holds only build artefacts; `unknown` when the context is a variable.
   */
  context: { kind: 'repo'; dir: string } | { kind: 'external'; what: string } | { kind: 'unknown' };
  /** The stage the build stops at (`--target`, `target:`), lower-cased. */
  target?: string;
  /** Image names the build tags, as written (literal ones only, without tag). */
  images: string[];
  /** Where the build is written, one-based line, and a short description (`compose.yaml:5 service web`). */
  where: { file: string; line: number; what: string };
  /** What the build site says it is for, when it says "for testing only", "development only"... */
  purpose?: string;
  /** How the build is run. */
  via: 'compose' | 'ci' | 'script' | 'goreleaser';
}

/** Words that say a build or a Dockerfile is not the product: development, testing or debugging only. */
export const NOT_FOR_PRODUCTION = /\b(?:development|dev|testing|tests?|debug(?:ging)?|local)[\s*_-]+only\b|\bonly\s+for\s+(?:local\s+)?(?:development|testing|tests|debugging)\b|\bnot\s+(?:intended\s+|meant\s+|suitable\s+)?for\s+production\b|\bfor\s+(?:local\s+)?(?:development|testing)\s+(?:purposes\s+)?only\b/i;

/** Where a build command may start: the program's name as a word (the command line is then parsed). */
const BUILDERS = /\b(?:docker|podman|nerdctl|buildah)\b/g;

/** The actions whose steps build an image (see `actionBuilds`). */
const BUILD_ACTIONS = /(docker|depot)\/build-push-action@|redhat-actions\/buildah-build@|mr-smithers-excellent\/docker-build-push@/i;

/** Options of `docker build` / `podman build` that take a value as the next word. */
const VALUE_OPTIONS = new Set([
  '-t', '--tag', '-f', '--file', '--target', '--build-arg', '--platform', '--label', '--cache-from', '--cache-to', '-o', '--output',
  '--secret', '--ssh', '--network', '--progress', '--iidfile', '--metadata-file', '--manifest', '--format', '--add-host', '--shm-size',
  '--ulimit', '-m', '--memory', '--memory-swap', '--cpu-shares', '--cpuset-cpus', '--cpuset-mems', '--cpu-period', '--cpu-quota',
  '-c', '--isolation', '--builder', '--annotation', '--attest', '--sbom', '--provenance', '--build-context', '--allow', '--label-file',
  '--no-cache-filter', '--os', '--arch', '--variant', '--layers', '--jobs', '--authfile', '--cert-dir', '--creds', '--sign-by',
  '--timestamp', '--userns', '--ipc', '--pid', '--uts', '--volume', '-v', '--runtime', '--isolation', '--env', '--from', '--squash-all',
  '--cgroup-parent', '--security-opt', '--dns', '--dns-option', '--dns-search', '--ignorefile', '--retry', '--retry-delay',
]);

/** Files whose text may hold build commands, by path. */
const SCRIPT_FILES = /(^|\/)(Makefile|GNUmakefile|makefile|[\w.-]+\.mk|Makefile\.[\w.-]+|[Jj]ustfile|\.justfile|[\w.-]+\.just|Taskfile(\.dist)?\.ya?ml|[\w.-]+\.(sh|bash)|package\.json|project\.json)$/;
const CI_FILES = /^(\.github\/workflows\/[^/]+\.ya?ml|\.github\/actions\/[^/]+\/action\.ya?ml|\.gitlab-ci\.ya?ml|\.gitlab\/.*\.ya?ml|\.circleci\/config\.ya?ml|azure-pipelines[\w.-]*\.ya?ml|\.azure-pipelines\/.*\.ya?ml|bitbucket-pipelines\.ya?ml|Jenkinsfile[\w.-]*|\.travis\.ya?ml|\.drone\.ya?ml|\.woodpecker(\.ya?ml|\/.*\.ya?ml)|\.buildkite\/.*\.ya?ml|cloudbuild[\w.-]*\.ya?ml|buildspec[\w.-]*\.ya?ml)$/;
const GORELEASER = /(^|\/)\.?goreleaser(\.[\w-]+)?\.ya?ml$/;

/** Most files read for build commands, and most bytes of one file (a repository cannot make this slow). */
const MAX_FILES = 2000;
const MAX_TEXT = 512 * 1024;

const cache = new WeakMap<Workspace, { version: number; files: string[]; builds: ImageBuild[] }>();

/** Every image build of the workspace (computed once per workspace version). */
export function imageBuilds(ws: Workspace): ImageBuild[] {
  const hit = cache.get(ws);
  if (hit && hit.version === ws.version && hit.files === ws.files) return hit.builds;
  const builds: ImageBuild[] = [];
  try {
    collect(ws, builds);
  } catch {
    /* A file this reader cannot follow gives no build; the rules then fall back to the Dockerfile's folder. */
  }
  cache.set(ws, { version: ws.version, files: ws.files, builds });
  return builds;
}

const memos = new WeakMap<Workspace, { version: number; files: string[]; values: Map<string, unknown> }>();

/**
 * Memoises a value derived from the workspace's files and their contents, until the next change
 * (`ws.version` moves on every edit, addition or deletion).
 */
export function versionMemo<T>(ws: Workspace, key: string, compute: () => T): T {
  let m = memos.get(ws);
  if (!m || m.version !== ws.version || m.files !== ws.files) {
    m = { version: ws.version, files: ws.files, values: new Map() };
    memos.set(ws, m);
  }
  if (!m.values.has(key)) m.values.set(key, compute());
  return m.values.get(key) as T;
}

/** The builds of one Dockerfile. */
export function buildsOf(ws: Workspace, dockerfile: string): ImageBuild[] {
  const byFile = versionMemo(ws, 'builds:by-dockerfile', () => {
    const m = new Map<string, ImageBuild[]>();
    for (const b of imageBuilds(ws)) {
      const list = m.get(b.dockerfile);
      if (list) list.push(b);
      else m.set(b.dockerfile, [b]);
    }
    return m;
  });
  return byFile.get(dockerfile) ?? [];
}

/** `file:line` of a build, for evidence and messages. */
export function whereOf(b: ImageBuild): string {
  return `${b.where.file}:${b.where.line}`;
}

function collect(ws: Workspace, out: ImageBuild[]): void {
  const dockerfiles = new Set(ws.pathsOfKind('dockerfile'));
  for (const p of ws.pathsOfKind('compose')) {
    const f = ws.read(p);
    if (f) composeBuilds(f, dockerfiles, out);
  }
  // Only workflows whose text names a build action are parsed: the others cannot hold an action build,
  // and parsing every workflow here (deep inside the path roles) would be slow for nothing and deepens the
  // stack under which a hostile workflow's YAML is first read.
  for (const p of ws.pathsOfKind('workflow')) {
    if (!isActiveWorkflowPath(p) || !BUILD_ACTIONS.test(ws.read(p)?.text ?? '')) continue;
    const wf = workflowOf(ws.read(p)!);
    if (wf) actionBuilds(wf.file, wf.jobs.flatMap((j) => j.steps.map((s) => ({ s, job: j.name ?? j.id }))), dockerfiles, out);
  }
  let scanned = 0;
  for (const p of ws.files) {
    if (!(CI_FILES.test(p) || SCRIPT_FILES.test(p))) continue;
    if (++scanned > MAX_FILES) break;
    const f = ws.read(p);
    if (f && f.text.length <= MAX_TEXT) commandBuilds(ws, f, dockerfiles, out);
  }
  for (const p of ws.files) {
    if (!GORELEASER.test(p)) continue;
    const f = ws.read(p);
    if (f) goreleaserBuilds(f, dockerfiles, out);
  }
}

/** Normalises a relative POSIX path against a folder (`a/b` + `../c` → `a/c`); undefined when it leaves the workspace. */
export function joinPath(dir: string, rel: string): string | undefined {
  if (rel.startsWith('/')) return undefined;
  const out: string[] = dir ? dir.split('/') : [];
  for (const seg of rel.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(seg);
  }
  return out.join('/');
}

function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

/** True when a written value holds a variable or a template this reader cannot resolve. */
function variable(v: string): boolean {
  return /\$|\{\{|%\{|<%/.test(v);
}

/** The Dockerfile a context holds by default: `Dockerfile`, or `Containerfile` (podman, buildah). */
function defaultDockerfile(dockerfiles: Set<string>, dir: string, podman: boolean): string | undefined {
  const names = podman ? ['Containerfile', 'Dockerfile'] : ['Dockerfile'];
  for (const n of names) {
    const p = dir ? `${dir}/${n}` : n;
    if (dockerfiles.has(p)) return p;
  }
  return undefined;
}

/** The context of a folder written in the repository: a folder of the workspace, or one the build creates. */
function contextOf(ws: Workspace, dir: string): ImageBuild['context'] {
  return dir === '' || ws.hasDir(dir) ? { kind: 'repo', dir } : { kind: 'external', what: `\`${dir}\`, a folder the build creates (not in the repository)` };
}

function composeBuilds(f: SourceFile, dockerfiles: Set<string>, out: ImageBuild[]): void {
  const base = dirOf(f.path);
  for (const svc of servicesOf(f)) {
    const build = svc.value.build;
    if (build === undefined || build === null) continue;
    const b = asRecord(build);
    const ctx = typeof build === 'string' ? build : typeof b?.context === 'string' ? b.context : '.';
    if (typeof build !== 'string' && !b) continue;
    const line = f.yamlPathRange(['services', svc.name, 'build']).start.line + 1;
    const where = { file: f.path, line, what: `service \`${svc.name}\` of ${f.path}` };
    const images = typeof svc.value.image === 'string' && !variable(svc.value.image) ? [imageName(svc.value.image)] : [];
    const target = typeof b?.target === 'string' && !variable(b.target) ? b.target.toLowerCase() : undefined;
    if (/^[a-z]+:\/\//i.test(ctx) || ctx.startsWith('git@') || variable(ctx)) continue;
    const dir = joinPath(base, ctx);
    if (dir === undefined) continue;
    const written = typeof b?.dockerfile === 'string' ? b.dockerfile : undefined;
    if (written !== undefined && variable(written)) continue;
    const df = written !== undefined ? joinPath(dir, written) : defaultDockerfile(dockerfiles, dir, false);
    if (!df || !dockerfiles.has(df)) continue;
    out.push({ dockerfile: df, context: { kind: 'repo', dir }, ...(target ? { target } : {}), images, where, via: 'compose' });
  }
}

/** `docker/build-push-action` (and the depot and v1 forms) steps of a workflow. */
function actionBuilds(f: SourceFile, steps: { s: { uses?: string; with: Record<string, unknown>; name?: string; usesNode?: unknown; workingDirectory?: string }; job: string }[], dockerfiles: Set<string>, out: ImageBuild[]): void {
  for (const { s, job } of steps) {
    if (!s.uses || !/^(docker\/build-push-action|depot\/build-push-action|redhat-actions\/buildah-build|mr-smithers-excellent\/docker-build-push)@/i.test(s.uses)) continue;
    const w = s.with;
    const str = (k: string) => (typeof w[k] === 'string' ? (w[k] as string).trim() : undefined);
    const v1 = /^docker\/build-push-action@v1\b/i.test(s.uses);
    const ctxWritten = str('context') ?? (v1 ? str('path') : undefined) ?? str('directory') ?? '.';
    const fileWritten = str('file') ?? str('dockerfile') ?? str('containerfiles')?.split(/\s+/)[0];
    const target = str('target');
    const node = s.usesNode as { range?: [number, number] } | undefined;
    const line = node?.range ? f.positionAt(node.range[0]).line + 1 : 1;
    const where = { file: f.path, line, what: `${s.name ? `step "${s.name}"` : s.uses.split('@')[0]} of ${f.path}` };
    if (variable(ctxWritten) || (fileWritten !== undefined && variable(fileWritten))) continue;
    const dir = /^[a-z]+:\/\//i.test(ctxWritten) ? '' : joinPath('', ctxWritten);
    if (dir === undefined) continue;
    // build-push-action reads `file` relative to the working directory (the checkout), `{context}/Dockerfile` by default.
    const df = fileWritten !== undefined ? joinPath(v1 ? dir : '', fileWritten) : defaultDockerfile(dockerfiles, dir, /buildah/.test(s.uses));
    if (!df || !dockerfiles.has(df)) continue;
    const images = listOf(str('tags')).concat(listOf(str('image') ?? str('repository'))).map(imageName);
    const purpose = NOT_FOR_PRODUCTION.exec(`${s.name ?? ''} ${job}`)?.[0];
    out.push({ dockerfile: df, context: contextOf0(dir), ...(target && !variable(target) ? { target: target.toLowerCase() } : {}), images, where, ...(purpose ? { purpose } : {}), via: 'ci' });
  }
}

/** The literal entries of a list input (one per line or comma-separated); expressions are left out. */
function listOf(v: string | undefined): string[] {
  return (v ?? '').split(/[\n,]/).map((x) => x.trim()).filter((x) => x !== '' && !variable(x));
}

/** The context of an action build: the checkout folder (which always exists in CI). */
function contextOf0(dir: string): ImageBuild['context'] {
  return { kind: 'repo', dir };
}

/** Build commands written in the text of CI files, Makefiles, justfiles, Taskfiles, scripts and package scripts. */
function commandBuilds(ws: Workspace, f: SourceFile, dockerfiles: Set<string>, out: ImageBuild[]): void {
  const text = f.text;
  if (!/\b(docker|podman|nerdctl|buildah)\b/.test(text)) return;
  const make = /(^|\/)(Makefile|GNUmakefile|makefile|[\w.-]+\.mk|Makefile\.[\w.-]+)$/.test(f.path);
  const just = /(^|\/)([Jj]ustfile|\.justfile|[\w.-]+\.just)$/.test(f.path);
  const json = f.path.endsWith('.json');
  // make and just run recipes in the folder of their file; CI, scripts and package scripts are taken from the root.
  const cwd = make || just || /(^|\/)Taskfile/.test(f.path) || f.path.endsWith('package.json') || f.path.endsWith('project.json') ? dirOf(f.path) : '';
  BUILDERS.lastIndex = 0;
  let m: RegExpExecArray | null;
  let count = 0;
  while ((m = BUILDERS.exec(text)) && count++ < 200) {
    const start = m.index;
    if (start > 0 && /[\w./-]/.test(text[start - 1]) && text[start - 1] !== '/') continue;
    let end = start;
    // The logical line: continued with a backslash at the end of a line.
    for (;;) {
      const nl = text.indexOf('\n', end);
      if (nl < 0) {
        end = text.length;
        break;
      }
      const line = text.slice(end, nl).replace(/\r$/, '');
      end = nl + 1;
      if (!/\\\s*$/.test(line) || end - start > 4000) {
        end = nl;
        break;
      }
    }
    let cmdText = text.slice(start, end);
    if (json) cmdText = cmdText.replace(/(?<!\\)".*$/s, '');
    const words = firstCommand(cmdText);
    if (!words) continue;
    const lineNo = f.positionAt(start).line + 1;
    const parsed = parseBuild(words);
    if (!parsed) continue;
    const podman = /^(podman|buildah)$/.test(words[0]);
    let ctx: ImageBuild['context'];
    let ctxDir: string | undefined;
    if (parsed.context === undefined || variable(parsed.context) || /^[a-z]+:\/\//i.test(parsed.context) || parsed.context === '-') ctx = { kind: 'unknown' };
    else {
      ctxDir = joinPath(cwd, parsed.context);
      ctx = ctxDir === undefined ? { kind: 'unknown' } : contextOf(ws, ctxDir);
    }
    let df: string | undefined;
    if (parsed.file !== undefined) {
      if (variable(parsed.file) || parsed.file === '-') continue;
      df = joinPath(cwd, parsed.file);
    } else if (ctxDir !== undefined) df = defaultDockerfile(dockerfiles, ctxDir, podman);
    if (!df || !dockerfiles.has(df)) continue;
    const purpose = purposeAt(f, start, make, just);
    out.push({
      dockerfile: df,
      context: ctx,
      ...(parsed.target && !variable(parsed.target) ? { target: parsed.target.toLowerCase() } : {}),
      images: parsed.tags.filter((t) => !variable(t)).map(imageName),
      where: { file: f.path, line: lineNo, what: `\`${words.slice(0, 3).join(' ')}\` in ${f.path}` },
      ...(purpose ? { purpose } : {}),
      via: CI_FILES.test(f.path) ? 'ci' : 'script',
    });
  }
}

/** The words of the first simple command of a command line, from the builder on. */
function firstCommand(raw: string): string[] | undefined {
  // Expressions (`${{ env.IMAGE }}`, `{{ .Tag }}`) hold spaces: keep each one inside its word.
  const text = raw.replace(/\$\{\{[^}\n]*\}\}/g, '${{expr}}').replace(/\{\{[^}\n]*\}\}/g, '{{expr}}');
  const cmds = tokenize(text, 0, text.length, '\\');
  const first = cmds[0];
  if (!first) return undefined;
  const words = first.words.map((w) => w.value);
  const i = words.findIndex((w) => /^[@+-]*(docker|podman|nerdctl|buildah)$/.test(w));
  if (i < 0) return undefined;
  return [words[i].replace(/^[@+-]+/, ''), ...words.slice(i + 1)];
}

/** The Dockerfile, context, target and tags of a build command's words (from the program on). */
export function parseBuild(words: string[]): { file?: string; context?: string; target?: string; tags: string[] } | undefined {
  let i = 1;
  // Global options before the subcommand (`docker --context x build`, `podman --remote build`).
  while (i < words.length && words[i].startsWith('-')) i += words[i].includes('=') || !/^(--context|-c|--host|-H|--config|--log-level|-l|--url|--connection)$/.test(words[i]) ? 1 : 2;
  const sub = words.slice(i, i + 2).join(' ');
  if (/^(buildx build|buildx b|image build)$/.test(sub)) i += 2;
  else if (/^(build|bud|build-using-dockerfile)$/.test(words[i] ?? '')) i += 1;
  else return undefined;
  const out: { file?: string; context?: string; target?: string; tags: string[] } = { tags: [] };
  const positional: string[] = [];
  for (; i < words.length; i++) {
    const w = words[i];
    if (w === '--') {
      positional.push(...words.slice(i + 1));
      break;
    }
    if (w.startsWith('-') && w.length > 1) {
      const eq = w.indexOf('=');
      const name = eq > 0 ? w.slice(0, eq) : w;
      const value = eq > 0 ? w.slice(eq + 1) : VALUE_OPTIONS.has(name) ? words[++i] : undefined;
      if (/^-f[^-]/.test(w) && eq < 0) out.file = w.slice(2);
      else if (name === '-f' || name === '--file') out.file = value;
      else if (name === '--target') out.target = value;
      else if ((name === '-t' || name === '--tag') && value) out.tags.push(value);
      continue;
    }
    positional.push(w);
  }
  out.context = positional[0];
  return out;
}

/** What the recipe or step around a build command says it is for, when it says it is not for production. */
function purposeAt(f: SourceFile, offset: number, make: boolean, just: boolean): string | undefined {
  const lines = f.lines;
  let line = f.positionAt(offset).line;
  if (make || just) {
    // Up to the recipe header, then the comment lines right above it.
    while (line > 0 && /^(\t| {2,})/.test(lines[line] ?? '')) line--;
    const around: string[] = [lines[line] ?? ''];
    for (let l = line - 1; l >= 0 && /^\s*#/.test(lines[l]); l--) around.push(lines[l]);
    return NOT_FOR_PRODUCTION.exec(around.join('\n'))?.[0];
  }
  // CI steps and scripts: the step name or comment lines just above.
  const around = lines.slice(Math.max(0, line - 4), line + 1).filter((l) => /^\s*(#|-?\s*name:)/.test(l));
  return NOT_FOR_PRODUCTION.exec(around.join('\n'))?.[0];
}

function goreleaserBuilds(f: SourceFile, dockerfiles: Set<string>, out: ImageBuild[]): void {
  const root = asRecord(f.yaml);
  if (!root) return;
  const base = dirOf(f.path);
  const entries: { value: Record<string, unknown>; index: number; key: string }[] = [];
  for (const key of ['dockers', 'dockers_v2']) asArray(root[key]).forEach((v, index) => {
    const r = asRecord(v);
    if (r) entries.push({ value: r, index, key });
  });
  for (const { value, index, key } of entries) {
    const written = typeof value.dockerfile === 'string' ? value.dockerfile : 'Dockerfile';
    if (variable(written)) continue;
    const df = joinPath(base, written);
    if (!df || !dockerfiles.has(df)) continue;
    const flags = asArray(value.build_flag_templates ?? value.flags).filter((x): x is string => typeof x === 'string');
    const target = flags.map((x) => /^--target[= ](\S+)$/.exec(x)?.[1]).find((x) => x && !variable(x));
    const images = asArray(value.image_templates ?? value.images).filter((x): x is string => typeof x === 'string' && !variable(x.split(':')[0])).map(imageName);
    const line = f.yamlPathRange([key, index]).start.line + 1;
    out.push({
      dockerfile: df,
      context: { kind: 'external', what: "GoReleaser's temporary folder (the built binaries and `extra_files` only)" },
      ...(target ? { target: target.toLowerCase() } : {}),
      images,
      where: { file: f.path, line, what: `GoReleaser \`${key}\` entry of ${f.path}` },
      via: 'goreleaser',
    });
  }
  // Shared GoReleaser templates take the Dockerfiles from `variables` (`dockerfile_alpine: .docker/Dockerfile-alpine`).
  const vars = asRecord(root.variables);
  if (vars && root.includes !== undefined) {
    const node = f.yamlNode(['variables']);
    for (const [k, v] of Object.entries(vars)) {
      if (!/docker/i.test(k) || typeof v !== 'string' || variable(v)) continue;
      const df = joinPath(base, v);
      if (!df || !dockerfiles.has(df)) continue;
      const line = isMap(node) ? f.yamlPathRange(['variables', k]).start.line + 1 : 1;
      out.push({ dockerfile: df, context: { kind: 'external', what: "GoReleaser's temporary folder (the built binaries and `extra_files` only)" }, images: [], where: { file: f.path, line, what: `GoReleaser variable \`${k}\` of ${f.path}` }, via: 'goreleaser' });
    }
  }
}

/** The name of an image reference without its tag or digest, lower-cased (`ghcr.io/o/app:1` → `ghcr.io/o/app`). */
export function imageName(ref: string): string {
  let r = ref.trim().toLowerCase();
  const at = r.indexOf('@');
  if (at >= 0) r = r.slice(0, at);
  const slash = r.lastIndexOf('/');
  const colon = r.lastIndexOf(':');
  if (colon > slash) r = r.slice(0, colon);
  return r;
}
