/**
 * The container principles of the path roles (core/roles.ts, principles 3 and 3b), which need the
 * build reader and the Dockerfile and compose views of rules/lib: a compose file the documentation
 * calls a demo or "for local testing only", one that starts only third-party images in a repository
 * whose product is its own code, one that runs a reloading development server on bind-mounted
 * sources and one that builds a development stage (`target: dev`) on bind-mounted sources are local stacks; a Dockerfile that says it is for development or testing only, one named
 * for development, debugging or tests, and one below the root that only local stacks build are
 * development helpers. Registered with core when this module loads (the rule catalogue imports it).
 */
import type { PathRole, RoleTree } from '../../core/types';
import type { Workspace } from '../../core/workspace';
import { registerContainerRoles } from '../../core/roles';
import { asArray, asRecord } from '../../core/source';
import { developmentOnly } from './dockerfile';
import { buildsOf, imageName, NOT_FOR_PRODUCTION } from './builds';
import { ownImageDockerfiles, repositorySlug } from './compose';
import { servicesOf } from './compose-services';
import { pathMemo } from './evidence';

/** Dockerfiles named for development, debugging or tests (`Dockerfile.dev`, `Dockerfile-debug`, `test.Dockerfile`). */
const DEV_DOCKERFILE = /^(?:(?:Dockerfile|Containerfile)[.-](dev|devel|development|debug|dbg|local|test|tests|testing|e2e|ci)(?:[.-][\w.-]*)?|(dev|devel|development|debug|local|test|tests|testing|e2e|ci)[.-](?:Dockerfile|Containerfile)|[\w-]+[.-](dev|devel|development|debug|local|test|tests|e2e|ci)\.(?:Dockerfile|Containerfile))$/i;

/** Commands of a reloading development server. */
const DEV_SERVER = /--reload\b|\brunserver\b|\bnodemon\b|\b(?:npm|yarn|pnpm|bun)\s+(?:run\s+)?dev\b|\bnext\s+dev\b|\bng\s+serve\b|\bflask\s+run\b|\brails\s+s(?:erver)?\b|\bair\b\s*$/;

/** Build stages named for development or debugging (`target: dev`). */
const DEV_TARGET = /^(?:dev|devel|develop|development|debug|local)$/i;

/** The words of a documentation sentence that make the compose file it names a demo or a local-only stack. */
const DEMO = /\bdemo\b/i;

/** What a task's description says of a stack it starts on the developer's machine ("runs the image locally"). */
const LOCAL_RUN = /\b(?:run|runs|running|start|starts|starting|spin(?:s|ning)?\s+up|brings?\s+up)\b[^.\n]{0,80}\blocally\b/i;

/** Task runners whose recipes carry a description (Taskfile `desc:`, comments above make and just recipes). */
const TASK_FILES = /(^|\/)(Taskfile(\.dist)?\.ya?ml|Makefile|GNUmakefile|[Jj]ustfile|\.justfile)$/;

/** Main modules whose presence at the root says the product is the repository's own code. */
const ROOT_MODULE = /^(package\.json|go\.mod|Cargo\.toml|pyproject\.toml|setup\.py|pom\.xml|build\.gradle(\.kts)?|Gemfile|mix\.exs|composer\.json|[\w.-]+\.csproj|[\w.-]+\.sln)$/;

/** Deployment configurations of platforms that build a Dockerfile themselves (their text names it). */
const DEPLOY_CONFIGS = /(^|\/)(heroku\.yml|fly\.toml|render\.yaml|railway\.(json|toml)|app\.json|app\.yaml|Procfile|skaffold\.ya?ml|devspace\.ya?ml|tilt_config\.json|Tiltfile|cloudbuild[\w.-]*\.ya?ml|\.gitlab-ci\.ya?ml|Jenkinsfile|Makefile)$/;

/** Adds the roles of compose files and Dockerfiles by their content and builds (see the module comment). */
export function containerFileRoles(ws: Workspace, files: string[], fileRole: Map<string, RoleTree>, insideHelper: (rel: string) => boolean): void {
  // Principle 3, by content: compose files documented as a demo or a local-only stack, starting only
  // third-party services, or running a reloading development server on bind-mounted sources.
  const composeFiles = ws.pathsOfKind('compose');
  // The documentation pages that may name a compose file, listed once (not once per compose file).
  const docs = composeFiles.length === 0 ? undefined : docPages(files);
  for (const f of composeFiles) {
    if (fileRole.has(f) || insideHelper(f)) continue;
    const why = localStack(ws, f, composeFiles, files, docs);
    if (why) fileRole.set(f, { path: f, role: 'dev', why });
  }

  // Principle 3b: a Dockerfile whose header says it is for development or testing only, or that only
  // recipes "for testing only" build, is a local development helper wherever it lives; so is one named
  // for development, debugging or tests, and one below the root that only local stacks build.
  let deployConfigs: string[] | undefined;
  for (const d of ws.pathsOfKind('dockerfile')) {
    if (fileRole.has(d)) continue;
    const base = d.slice(d.lastIndexOf('/') + 1);
    const named = DEV_DOCKERFILE.exec(base);
    if (named) {
      const word = (named[1] ?? named[2] ?? named[3]).toLowerCase();
      const role: PathRole = /^(test|tests|testing|e2e|ci)$/.test(word) ? 'test' : 'dev';
      fileRole.set(d, { path: d, role, why: `a Dockerfile named for ${role === 'dev' ? 'development or debugging' : 'tests or CI'} (${base})` });
      continue;
    }
    const f = ws.read(d);
    const why = f && developmentOnly(f, ws);
    if (why) {
      fileRole.set(d, { path: d, role: 'dev', why: `a Dockerfile for development or testing only (${why})` });
      continue;
    }
    if (!d.includes('/') || insideHelper(d)) continue;
    const builds = buildsOf(ws, d);
    const stacks = builds.map((b) => (b.via === 'compose' ? fileRole.get(b.where.file) : undefined));
    if (builds.length === 0 || stacks.some((t) => t === undefined)) continue;
    if ((deployConfigs ??= files.filter((p) => DEPLOY_CONFIGS.test(p))).some((p) => (ws.read(p)?.text ?? '').includes(d))) continue;
    const first = stacks[0]!;
    fileRole.set(d, { path: d, role: first.role, why: `a Dockerfile only local stacks build (${[...new Set(builds.map((b) => b.where.file))].join(', ')})` });
  }
}

/** The documentation that may name a compose file: READMEs by folder, and the pages of a docs folder. */
interface DocPages {
  readmes: Map<string, string[]>;
  pages: string[];
}

/** Lists the documentation pages once for all compose files (see `DocPages`). */
function docPages(files: string[]): DocPages {
  const readmes = new Map<string, string[]>();
  const pages: string[] = [];
  for (const p of files) {
    if (!/\.(md|mdx|rst|txt)$/i.test(p)) continue;
    if (/(^|\/)readme[^/]*$/i.test(p)) {
      const dir = p.slice(0, Math.max(0, p.lastIndexOf('/')));
      const list = readmes.get(dir);
      if (list) list.push(p);
      else readmes.set(dir, [p]);
    } else if (/^docs?\//i.test(p)) pages.push(p);
  }
  return { readmes, pages };
}

/**
 * Why a compose file is a local stack by its content, or undefined: its header comments or the
 * documentation sentence that names it call it a demo or local-only, it starts only third-party images
 * while the product is the repository's own code (a main module at the root), or it runs a reloading development server
 * on bind-mounted sources.
 */
function localStack(ws: Workspace, path: string, composeFiles: string[], files: string[], allDocs: DocPages | undefined): string | undefined {
  const file = ws.read(path);
  if (!file) return undefined;
  // Its own header comments.
  for (let i = 0; i < file.lines.length && i < 30; i++) {
    const l = file.lines[i].trim();
    if (l === '') continue;
    if (!l.startsWith('#')) break;
    const m = NOT_FOR_PRODUCTION.exec(l) ?? DEMO.exec(l);
    if (m) return `a local stack: ${path}:${i + 1} says "${m[0]}"`;
  }
  // The sentence of a README or docs page that names it.
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const uniqueBase = composeFiles.filter((c) => c.endsWith(`/${base}`) || c === base).length === 1;
  // The README of its folder or of the root, and the pages of a docs folder, in path order.
  const readmes = allDocs ? [...(allDocs.readmes.get(dir) ?? []), ...(dir !== '' ? (allDocs.readmes.get('') ?? []) : [])] : [];
  const docs = [...readmes, ...(allDocs?.pages ?? [])].sort().slice(0, 300);
  for (const p of docs) {
    const text = ws.read(p)?.text;
    if (!text || text.length > 512 * 1024 || !(text.includes(path) || (uniqueBase && text.includes(base)))) continue;
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (!(line.includes(path) || (uniqueBase && line.includes(base)))) continue;
      for (const sentence of line.split(/(?<=[.!?])\s+/)) {
        if (!(sentence.includes(path) || (uniqueBase && sentence.includes(base)))) continue;
        const m = NOT_FOR_PRODUCTION.exec(sentence) ?? DEMO.exec(sentence);
        if (m) return `a local stack: ${p}:${i + 1} says "${m[0].replace(/[*_]/g, '')}" of it`;
      }
    }
  }
  // The task that starts it says it runs on the developer's machine ("builds and runs the image locally").
  const task = localTask(ws, path, base, uniqueBase, dir);
  if (task) return task;
  const services = servicesOf(file);
  if (services.length === 0) return undefined;
  // A reloading development server on bind-mounted sources.
  for (const svc of services) {
    if (svc.value.build === undefined) continue;
    const command = asArray(svc.value.command).join(' ') || (typeof svc.value.command === 'string' ? svc.value.command : '');
    const m = DEV_SERVER.exec(command);
    const mounts = asArray(svc.value.volumes).some((v) => {
      const src = typeof v === 'string' ? v.split(':')[0] : asRecord(v)?.type === 'bind' ? asRecord(v)?.source : undefined;
      return typeof src === 'string' && /^\.{1,2}(\/|$)/.test(src);
    });
    if (m && mounts) return `a local development stack: service \`${svc.name}\` of ${path} runs a reloading development server (\`${m[0].trim()}\`) on bind-mounted sources`;
    // A development stage of the image, built on bind-mounted sources.
    const target = asRecord(svc.value.build)?.target;
    if (mounts && typeof target === 'string' && DEV_TARGET.test(target)) return `a local development stack: service \`${svc.name}\` of ${path} builds the development stage \`${target}\` on bind-mounted sources`;
  }
  // Only third-party images, in a repository whose product is its own code.
  // A repository of compose stacks (samples, a homelab) has no main module: its stacks are its product.
  if (!files.some((p) => !p.includes('/') && ROOT_MODULE.test(p))) return undefined;
  const slugName = repositorySlug(ws)?.split('/')[1];
  const third: string[] = [];
  for (const svc of services) {
    const image = svc.value.image;
    if (svc.value.build !== undefined || typeof image !== 'string' || image.includes('$')) return undefined;
    const name = imageName(image);
    if (ownImageDockerfiles(ws, image).length > 0 || (slugName && name.split('/').pop() === slugName)) return undefined;
    third.push(name);
  }
  return `a local stack: ${path} starts only third-party images (${third.slice(0, 4).join(', ')}${third.length > 4 ? '...' : ''}), not the project's own`;
}

/**
 * Why a compose file is a local stack by the task that starts it, or undefined: a Taskfile task, make
 * target or just recipe that runs `compose` on it and whose description (`desc:`, the comments above
 * the recipe) says it is for development or testing only, or that it runs "locally".
 */
/** The task runners' files of the workspace (listed once per file list, not once per compose file). */
function taskFiles(ws: Workspace): string[] {
  return pathMemo(ws, 'container-roles:task-files', () => ws.files.filter((p) => TASK_FILES.test(p)));
}

function localTask(ws: Workspace, path: string, base: string, uniqueBase: boolean, dir: string): string | undefined {
  for (const p of taskFiles(ws)) {
    const text = ws.read(p)?.text;
    if (!text || text.length > 512 * 1024 || !text.includes(base)) continue;
    const lines = text.split('\n');
    const yaml = /\.ya?ml$/.test(p);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (!/\bcompose\b/.test(line) || !(line.includes(path) || namesFile(line, base))) continue;
      // The task's description: a Taskfile task's `desc:`/`summary:` above it at a lower indent, or the comments above a recipe.
      const around: { text: string; line: number }[] = [];
      // The folder the command runs in: the task runner's own, or a Taskfile task's `dir:`.
      let cwd = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '';
      if (yaml) {
        const indent = /^\s*/.exec(line)![0].length;
        for (let j = i - 1; j >= 0 && i - j < 40; j--) {
          const l = lines[j];
          const ind = /^\s*/.exec(l)![0].length;
          if (/^\s*(desc|summary):/.test(l)) around.push({ text: l, line: j });
          const d = /^\s*dir:\s*["']?([\w./-]+)["']?\s*$/.exec(l);
          if (d && ind < indent) cwd = cwd ? `${cwd}/${d[1]}` : d[1];
          if (l.trim() !== '' && ind < indent && /^\s*[\w:.-]+:\s*$/.test(l) && ind <= 2) break;
        }
      }
      if (!line.includes(path) && !uniqueBase && cwd.replace(/^\.\/?|\/$/g, '') !== dir) continue;
      if (!yaml) {
        let j = i;
        while (j > 0 && /^(\t| {2,})/.test(lines[j])) j--;
        for (let k = j - 1; k >= 0 && /^\s*#/.test(lines[k]); k--) around.push({ text: lines[k], line: k });
      }
      for (const a of around) {
        const m = NOT_FOR_PRODUCTION.exec(a.text) ?? LOCAL_RUN.exec(a.text);
        if (m) return `a local stack: ${p}:${a.line + 1} starts it and says "${m[0].trim()}"`;
      }
    }
  }
  return undefined;
}

/** True when a command line names a file by its base name as a whole word (`-f docker-compose.yml`, `docker/docker-compose.yml`). */
function namesFile(line: string, base: string): boolean {
  for (let i = line.indexOf(base); i >= 0; i = line.indexOf(base, i + 1)) {
    const before = i === 0 ? ' ' : line[i - 1];
    const after = line[i + base.length] ?? ' ';
    if (/[\s/="']/.test(before) && /[\s"';]/.test(after)) return true;
  }
  return false;
}

registerContainerRoles({
  fileRoles: containerFileRoles,
  buildSites: (ws, dockerfile) => [...new Set(buildsOf(ws, dockerfile).map((b) => b.where.file))],
});
