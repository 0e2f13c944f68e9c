/**
 * The runners behind "what does CI actually run" (used by `ci-run.ts`): given one command that a CI
 * job runs, finds what it calls in the repository. It follows `make` targets (recipes, prerequisites,
 * nested make, variables), npm/yarn/pnpm/bun scripts (with pre/post scripts and workspaces), shell
 * scripts of the repository, `sh -c`, tox environments, nox sessions, just recipes, Taskfile tasks,
 * pre-commit hooks, local composite actions and reusable workflows, and docker/compose invocations
 * (the command a container runs, the RUN steps of the stages `docker build` builds). Everything is
 * read, nothing is executed; a command it cannot follow is kept as written.
 */
import { isScalar, type Scalar } from 'yaml';
import { minimatch } from 'minimatch';
import type { SourceFile } from '../../core/source';
import { asArray, asRecord } from '../../core/source';
import { jsonValue } from '../../core/formats/json';
import type { Workspace } from '../../core/workspace';
import { commandStart, tokenize, type ShellCommand } from './shell';
import { expandMake, isTarget, joinPath, lookupGoal, parseMakefile, type Makefile } from './makefile';
import { plain, workflowOf, type Job, type Workflow } from './workflow';
import { stagesOf, type Stage } from './dockerfile';

/** What a resolved invocation called. `named` kinds (scripts, targets, recipes, tasks, envs, sessions) are matched by name too. */
export interface Resolved {
  kind: string;
  name: string;
  /** False when it runs nothing: a missing or placeholder script, a dry run, an empty target. */
  runs: boolean;
  named?: boolean;
}

/** What one command expands to. */
export interface Expansion {
  resolved?: Resolved;
  /** True when the command's own text should be matched against patterns (it was not followed, or it is a tool call). */
  matchText: boolean;
  children: Cmd[];
}

/** One command CI may run: where it is written and what it says. */
export interface Cmd {
  file: string;
  /** One-based line. */
  line: number;
  text: string;
  cwd: string;
  kind: 'shell' | 'uses' | 'named' | 'config';
  /** True when a failure of this command is ignored (`|| true`, make's `-`, continue-on-error, `set +e`). */
  lenient?: boolean;
  /** Unquoted words of a shell command, prefixes (sudo, env, VAR=x) removed. */
  words?: string[];
  /** A named node's own expansion (make target, script, recipe, task, env, session). */
  expand?: () => Expansion;
  /** Memo key of the expansion; defaults to kind, folder and text. */
  key?: string;
  /** The action or reusable workflow a `uses` node calls, with its inputs. */
  uses?: { ref: string; with: Record<string, string>; job: boolean };
}

/** Variables known where a command runs (workflow env, inputs, matrix values with one value). */
export type Vars = Record<string, string>;

const INERT = new Set(['echo', 'printf', 'cd', 'pushd', 'popd', 'export', 'set', 'unset', 'exit', 'return', 'true', 'false', ':', 'local', 'declare', 'readonly', 'shift', 'trap', 'wait', 'sleep', 'mkdir', 'rm', 'cp', 'mv', 'ls', 'touch', 'chmod', 'chown', 'ln', 'tee', 'cat', 'grep', 'egrep', 'sed', 'awk', 'head', 'tail', 'wc', 'sort', 'uniq', 'cut', 'tr', 'find', 'which', 'type', 'test', '[', '[[', 'fi', 'done', 'esac', 'for', 'case', 'function', 'read', 'curl', 'wget', 'tar', 'unzip', 'git', 'jq', 'yq', 'date', 'env', 'printenv', 'pwd', 'basename', 'dirname', 'realpath', 'readlink', 'ssh-keyscan', 'apt-get', 'apt', 'brew', 'choco', 'apk', 'yum', 'dnf', 'rustup', 'pip', 'pip3', 'gem', 'go-task-install']);
const EMPTY: Expansion = { matchText: false, children: [] };
const LEAF: Expansion = { matchText: true, children: [] };
const PLACEHOLDER = /no test specified/i;
const MAX_VARIANTS = 6;

/**
 * True for package-manager commands that only install, resolve or remove packages: their arguments
 * are package names, not commands (`uv pip install pytest-cov` runs no tests, `go install
 * tool@latest` builds no part of the project). `go install ./...` still builds the project.
 */
function installsOnly(words: string[]): boolean {
  const [a, b] = [words[1], words[2]];
  switch (baseName(words[0] ?? '').toLowerCase()) {
    case 'uv': return ['pip', 'add', 'remove', 'sync', 'lock', 'venv'].includes(a) || ((a === 'tool' || a === 'python') && b === 'install');
    case 'pipx': return ['install', 'inject', 'upgrade', 'upgrade-all'].includes(a);
    case 'poetry': case 'pdm': case 'pipenv': case 'rye': return ['install', 'add', 'remove', 'sync', 'lock', 'update'].includes(a);
    case 'conda': case 'mamba': case 'micromamba': return ['install', 'create', 'update', 'remove'].includes(a) || (a === 'env' && (b === 'create' || b === 'update'));
    case 'cargo': return a === 'install' || a === 'binstall' || a === 'fetch';
    case 'go': return a === 'get' || (a === 'install' && words.slice(2).some((w) => !w.startsWith('-') && w.includes('@')));
    case 'dotnet': return a === 'restore' || (a === 'tool' && (b === 'install' || b === 'restore' || b === 'update'));
    case 'bundle': case 'bundler': return a === 'install';
    default: return false;
  }
}

/** Resolves commands of one workspace version; every expansion and parsed file is remembered. */
export class Resolver {
  private readonly memo = new Map<string, Expansion>();
  private readonly makefiles = new Map<string, Makefile | null>();
  private readonly parsed = new Map<string, unknown>();

  constructor(readonly ws: Workspace) {}

  /** The memo key of a command. */
  keyOf(cmd: Cmd): string {
    return cmd.key ?? `${cmd.kind}|${cmd.cwd}|${cmd.text}${cmd.uses?.job ? '|job' : ''}`;
  }

  /** What a command runs, remembered per key. Never throws. */
  expand(cmd: Cmd): Expansion {
    const key = this.keyOf(cmd);
    const hit = this.memo.get(key);
    if (hit) return hit;
    let exp: Expansion;
    try {
      exp = cmd.expand ? cmd.expand() : cmd.kind === 'uses' ? this.expandUses(cmd) : cmd.kind === 'shell' ? this.expandShell(cmd) : LEAF;
    } catch {
      exp = LEAF;
    }
    this.memo.set(key, exp);
    return exp;
  }

  private once<T>(key: string, make: () => T): T {
    if (this.parsed.has(key)) return this.parsed.get(key) as T;
    const v = make();
    this.parsed.set(key, v);
    return v;
  }

  // ---- shell commands -------------------------------------------------------------------------

  private expandShell(cmd: Cmd): Expansion {
    const words = unwrap(cmd.words ?? splitWords(cmd.text));
    if (words.length === 0) return EMPTY;
    const first = words[0];
    const name = baseName(first).toLowerCase();
    if (/^(\$\(make\)|\$\{make\}|\$make|make|gmake|mingw32-make)$/i.test(first) || name === 'make' || name === 'gmake') return this.make(cmd, words);
    switch (name) {
      case 'npm': case 'yarn': case 'pnpm': case 'bun':
        return this.packageScript(cmd, name, words) ?? LEAF;
      case 'tox':
        return this.tox(cmd, words) ?? LEAF;
      case 'nox':
        return this.nox(cmd, words) ?? LEAF;
      case 'just':
        return this.just(cmd, words) ?? LEAF;
      case 'task': case 'go-task':
        return this.task(cmd, words) ?? LEAF;
      case 'pre-commit': case 'prek':
        return this.preCommit(cmd, words.slice(1)) ?? LEAF;
      case 'docker': case 'podman': case 'nerdctl': case 'docker-compose': case 'podman-compose':
        return this.docker(cmd, name, words) ?? LEAF;
      case 'sh': case 'bash': case 'zsh': case 'dash': case 'ksh':
        return this.shell(cmd, words) ?? LEAF;
      case 'source': case '.':
        return (words[1] && this.script(cmd, words[1])) || LEAF;
    }
    if (INERT.has(name) || installsOnly(words)) return EMPTY;
    if (first.includes('/') || /\.(sh|bash)$/.test(first)) return this.script(cmd, first) ?? LEAF;
    return LEAF;
  }

  /** `sh -c '...'` runs its argument; `bash script.sh` runs the script. */
  private shell(cmd: Cmd, words: string[]): Expansion | undefined {
    for (let i = 1; i < words.length; i++) {
      const w = words[i];
      if (/^-[a-z]*c[a-z]*$/.test(w) && words[i + 1] !== undefined) {
        return { resolved: { kind: 'shell -c', name: '', runs: true }, matchText: false, children: shellCmds(words[i + 1], cmd.file, () => cmd.line, cmd.cwd, {}, { lenient: cmd.lenient }) };
      }
      if (w === '-o' || w === '+o') {
        i++;
        continue;
      }
      if (w.startsWith('-') || w.startsWith('+')) continue;
      return this.script(cmd, w);
    }
    return undefined;
  }

  /** A shell script of the repository, read and split into its commands. */
  private script(cmd: Cmd, word: string): Expansion | undefined {
    // Build tool wrappers (gradlew, mvnw, sbt) stand for the tool: their own text says what runs.
    if (/^(gradlew|mvnw|sbtx?|sbt-launch|lein|bazelisk|pants|gradlew\.bat|mvnw\.cmd)$/i.test(baseName(word))) return undefined;
    const p = resolveRepoPath(this.ws, cmd.cwd, word, cmd.file);
    if (!p) return undefined;
    const f = this.ws.read(p);
    if (!f || !isShellScript(p, f.text)) return undefined;
    const children = this.once(`script|${p}|${cmd.cwd}`, () => shellCmds(f.text, p, (k) => k + 1, cmd.cwd, {}, { self: p }));
    // The call itself stays readable too (`./hack/verify-golint.sh`, `./run-pytest.sh`).
    return { resolved: { kind: 'script', name: p, runs: children.length > 0 }, matchText: true, children };
  }

  // ---- make -----------------------------------------------------------------------------------

  private make(cmd: Cmd, words: string[]): Expansion {
    let dir = cmd.cwd;
    let file: string | undefined;
    let dry = false;
    const overrides = new Map<string, string>();
    const goals: string[] = [];
    for (let i = 1; i < words.length; i++) {
      const w = words[i];
      const val = (short: string, long: string): string | undefined => {
        if (w === short || w === long) return words[++i];
        if (w.startsWith(`${long}=`)) return w.slice(long.length + 1);
        if (short && w.startsWith(short) && w.length > short.length && !w.startsWith('--')) return w.slice(short.length);
        return undefined;
      };
      let v: string | undefined;
      if ((v = val('-C', '--directory')) !== undefined) dir = joinPath(dir, v) ?? dir;
      else if ((v = val('-f', '--file')) !== undefined || (v = val('', '--makefile')) !== undefined) file = v;
      else if (/^(-n|--dry-run|--just-print|--recon|-q|--question)$/.test(w) || /^-[a-zA-Z]*n[a-zA-Z]*$/.test(w) && !w.startsWith('--') && !/[CfIjlOoW]/.test(w)) dry = true;
      else if (w === '-j' && /^\d+$/.test(words[i + 1] ?? '')) i++;
      else if (/^(-I|--include-dir|-o|--old-file|--assume-old|-W|--what-if|--new-file|--assume-new|-l|--load-average|--eval)$/.test(w)) i++;
      else if (w.startsWith('-')) continue;
      else if (/^[A-Za-z_][\w.]*:?=/.test(w)) {
        const eq = w.indexOf('=');
        overrides.set(w.slice(0, eq).replace(/:$/, ''), w.slice(eq + 1));
      } else goals.push(w);
    }
    const mfPath = file !== undefined ? joinPath(dir, file) : ['GNUmakefile', 'makefile', 'Makefile'].map((n) => joinPath(dir, n)).find((p) => p !== undefined && this.ws.exists(p));
    if (!mfPath || !this.ws.exists(mfPath)) return LEAF;
    const okey = [...overrides].map(([k, v]) => `${k}=${v}`).join(' ');
    const mf = this.makefile(mfPath, dir, overrides, okey);
    if (!mf) return LEAF;
    const gs = goals.length > 0 ? goals : mf.defaultGoal ? [mf.defaultGoal] : [];
    if (dry) return { resolved: { kind: 'make', name: gs.join(' '), runs: false }, matchText: false, children: [] };
    const children = gs.map((g) => this.makeGoal(mf, g, dir, okey)).filter((c): c is Cmd => !!c);
    // A goal the makefile cannot make (a generated include, say) is kept as written.
    if (children.length < gs.length) return LEAF;
    return { resolved: { kind: 'make', name: gs.join(' '), runs: children.length > 0 }, matchText: false, children };
  }

  private makefile(path: string, dir: string, overrides: Map<string, string>, okey: string): Makefile | undefined {
    const key = `${path}|${dir}|${okey}`;
    if (!this.makefiles.has(key)) this.makefiles.set(key, parseMakefile(this.ws, path, dir, overrides) ?? null);
    return this.makefiles.get(key) ?? undefined;
  }

  private makeGoal(mf: Makefile, goal: string, dir: string, okey: string): Cmd | undefined {
    const g = lookupGoal(this.ws, mf, goal, dir);
    if (!g) return undefined;
    const key = `make|${mf.path}|${dir}|${okey}|${goal}`;
    return {
      kind: 'named', file: g.file, line: g.line, text: goal, cwd: dir, key,
      expand: () => {
        const children: Cmd[] = [];
        for (const p of g.prereqs) {
          if (p === goal || !isTarget(this.ws, mf, p, dir)) continue;
          const c = this.makeGoal(mf, p, dir, okey);
          if (c) children.push(c);
        }
        let runs = children.length > 0;
        const auto = { '@': goal, '<': g.prereqs[0] ?? '', '^': g.prereqs.join(' '), '*': g.stem ?? '' };
        for (const rl of g.recipe) {
          const m = /^[\s@+-]*/.exec(rl.text)![0];
          const text = expandMake(rl.text.slice(m.length), mf.vars, auto);
          const cmds = shellCmds(text, rl.file, (k) => rl.line + k, dir, {}, { lenient: m.includes('-') });
          if (cmds.some((c) => !INERT.has(baseName(unwrap(c.words ?? [])[0] ?? '')))) runs = true;
          children.push(...cmds);
        }
        return { resolved: { kind: 'make target', name: goal, runs, named: true }, matchText: false, children };
      },
    };
  }

  // ---- package scripts ------------------------------------------------------------------------

  private packageScript(cmd: Cmd, tool: string, words: string[]): Expansion | undefined {
    const inv = parsePackageInvocation(tool, words);
    if (!inv) return undefined;
    const base = inv.dir !== undefined ? joinPath(cmd.cwd, inv.dir) : cmd.cwd;
    if (base === undefined) return undefined;
    const root = this.packageRoot(base);
    if (root === undefined) return undefined;
    let dirs: string[];
    if (inv.all) dirs = this.workspacePackages(root).map((p) => p.dir);
    else if (inv.select.length > 0) {
      const pkgs = this.workspacePackages(root);
      dirs = [];
      for (const s of inv.select) {
        const sel = s.replace(/^\.\//, '').replace(/\.{3}$/, '').replace(/^\^?\.{3}/, '').replace(/^\{(.*)\}$/, '$1');
        const asPath = joinPath(root, sel);
        for (const p of pkgs) if (p.name === sel || p.dir === asPath || (p.name && minimatch(p.name, sel)) || minimatch(p.dir, asPath ?? '\0')) dirs.push(p.dir);
      }
    } else dirs = [root];
    if (inv.workspaceRest) {
      // `yarn workspace <pkg> <command...>` runs the command in that package.
      const rest = this.packageScript({ ...cmd, cwd: dirs[0] ?? root }, tool, [tool, ...inv.workspaceRest]);
      return rest ?? undefined;
    }
    const children: Cmd[] = [];
    if (inv.install) {
      for (const s of ['preinstall', 'install', 'postinstall', 'preprepare', 'prepare', 'postprepare']) {
        const node = this.scriptNode(root, s, tool, true);
        if (node) children.push(node);
      }
      return { resolved: { kind: `${tool} install`, name: 'install', runs: true }, matchText: true, children };
    }
    for (const d of dirs) {
      const node = this.scriptNode(d, inv.script, tool, false, inv.extra);
      if (node) children.push(node);
    }
    const runs = children.length > 0;
    return { resolved: { kind: `${tool} run`, name: inv.script, runs }, matchText: false, children };
  }

  /** The nearest folder at or above `dir` with a package.json. */
  private packageRoot(dir: string): string | undefined {
    let d = dir;
    for (;;) {
      if (this.ws.exists(d ? `${d}/package.json` : 'package.json')) return d;
      if (d === '') return undefined;
      d = d.includes('/') ? d.slice(0, d.lastIndexOf('/')) : '';
    }
  }

  private packageJson(dir: string): { scripts: Record<string, string>; lines: Record<string, number>; name?: string; workspaces: string[]; path: string } | undefined {
    return this.once(`pkg|${dir}`, () => {
      const path = dir ? `${dir}/package.json` : 'package.json';
      const f = this.ws.exists(path) ? this.ws.read(path) : undefined;
      if (!f) return undefined;
      if (!f.json.ok) return undefined;
      const json = asRecord(f.json.value);
      const scripts: Record<string, string> = {};
      const lines: Record<string, number> = {};
      const at = f.text.indexOf('"scripts"');
      for (const [k, v] of Object.entries(asRecord(json?.scripts) ?? {})) {
        if (typeof v !== 'string') continue;
        scripts[k] = v;
        const i = at >= 0 ? f.text.indexOf(JSON.stringify(k), at) : -1;
        lines[k] = i >= 0 ? f.positionAt(i).line + 1 : 1;
      }
      const wsField = json?.workspaces;
      const workspaces = (Array.isArray(wsField) ? wsField : asArray(asRecord(wsField)?.packages)).filter((x): x is string => typeof x === 'string');
      return { scripts, lines, name: typeof json?.name === 'string' ? json.name : undefined, workspaces, path };
    });
  }

  /** The packages of a workspace root (package.json `workspaces` or pnpm-workspace.yaml). */
  private workspacePackages(root: string): { dir: string; name?: string }[] {
    return this.once(`wspkgs|${root}`, () => {
      const globs = [...(this.packageJson(root)?.workspaces ?? [])];
      const pnpm = joinPath(root, 'pnpm-workspace.yaml');
      if (pnpm && this.ws.exists(pnpm)) for (const g of asArray(asRecord(this.ws.read(pnpm)?.yaml)?.packages)) if (typeof g === 'string') globs.push(g);
      const pos = globs.filter((g) => !g.startsWith('!'));
      const neg = globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
      const out: { dir: string; name?: string }[] = [];
      if (pos.length === 0) return out;
      for (const p of this.ws.pathsOfKind('package-json')) {
        const dir = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '';
        if (dir === root || (root && !dir.startsWith(`${root}/`))) continue;
        const rel = root ? dir.slice(root.length + 1) : dir;
        if (!pos.some((g) => minimatch(rel, g.replace(/\/$/, ''))) || neg.some((g) => minimatch(rel, g.replace(/\/$/, '')))) continue;
        out.push({ dir, name: this.packageJson(dir)?.name });
      }
      return out;
    });
  }

  /** A package script as a named node; with `alone`, without its pre/post scripts (lifecycle scripts are each their own). */
  private scriptNode(dir: string, name: string, tool: string, alone = false, extra?: string): Cmd | undefined {
    const pkg = this.packageJson(dir);
    if (!pkg || pkg.scripts[name] === undefined) return undefined;
    const body = pkg.scripts[name];
    return {
      kind: 'named', file: pkg.path, line: pkg.lines[name] ?? 1, text: name, cwd: dir, key: `pkgscript|${dir}|${name}|${tool}|${alone}|${extra ?? ''}`,
      expand: () => {
        const children: Cmd[] = [];
        for (const s of alone ? [name] : [`pre${name}`, name, `post${name}`]) {
          const b = pkg.scripts[s];
          if (b === undefined || (s === name && PLACEHOLDER.test(b))) continue;
          children.push(...shellCmds(s === name && extra ? `${b} ${extra}` : b, pkg.path, () => pkg.lines[s] ?? 1, dir, {}, {}));
        }
        return { resolved: { kind: 'package script', name, runs: !PLACEHOLDER.test(body) && body.trim() !== '', named: true }, matchText: false, children };
      },
    };
  }

  // ---- tox and nox ----------------------------------------------------------------------------

  private tox(cmd: Cmd, words: string[]): Expansion | undefined {
    let envs: string[] | undefined;
    let conf: string | undefined;
    for (let i = 1; i < words.length; i++) {
      const w = words[i];
      if (w === '--') break;
      if (w === '-e' || w === '--env' || w === '-f') envs = [...(envs ?? []), ...words[++i]?.split(',') ?? []];
      else if (/^-e./.test(w)) envs = [...(envs ?? []), ...w.slice(2).replace(/^=/, '').split(',')];
      else if (w.startsWith('--env=')) envs = [...(envs ?? []), ...w.slice(6).split(',')];
      else if (w === '-c' || w === '--conf') conf = words[++i];
      else if (/^(-m|--labels|-x|--override|--workdir|--root|--installpkg)$/.test(w)) i++;
    }
    const cfg = this.toxConfig(cmd.cwd, conf);
    if (!cfg) return undefined;
    const wanted = (envs ?? (cfg.envlist.length > 0 ? cfg.envlist : ['py'])).flatMap(braceExpand);
    const all = wanted.some((e) => e === 'ALL' || e === 'all');
    const names = all ? [...new Set([...cfg.envlist, ...cfg.envs.keys()])] : wanted;
    const children: Cmd[] = [];
    for (const e of names) {
      const commands = cfg.envs.get(e) ?? cfg.base;
      if (!commands) continue;
      children.push({
        kind: 'named', file: cfg.path, line: commands.line, text: e, cwd: cfg.dir, key: `tox|${cfg.path}|${e}`,
        expand: () => ({
          resolved: { kind: 'tox env', name: e, runs: commands.lines.length > 0, named: true },
          matchText: false,
          children: commands.lines.flatMap((l) => shellCmds(l.text, cfg.path, () => l.line, cfg.dir, {}, { lenient: l.lenient })),
        }),
      });
    }
    return { resolved: { kind: 'tox', name: names.join(','), runs: children.length > 0 }, matchText: false, children };
  }

  private toxConfig(cwd: string, conf?: string): ToxConfig | undefined {
    const candidates = conf ? [joinPath(cwd, conf)] : [joinPath(cwd, 'tox.ini'), joinPath(cwd, 'tox.toml'), joinPath(cwd, 'pyproject.toml'), joinPath(cwd, 'setup.cfg'), 'tox.ini', 'tox.toml', 'pyproject.toml', 'setup.cfg'];
    for (const p of candidates) {
      if (!p || !this.ws.exists(p)) continue;
      const cfg = this.once(`tox|${p}`, () => {
        const f = this.ws.read(p);
        return f ? readTox(f) : undefined;
      });
      if (cfg) return cfg;
    }
    return undefined;
  }

  private nox(cmd: Cmd, words: string[]): Expansion | undefined {
    let sessions: string[] | undefined;
    let file = 'noxfile.py';
    for (let i = 1; i < words.length; i++) {
      const w = words[i];
      if (w === '--') break;
      if (/^(-s|-e|--session|--sessions)$/.test(w)) {
        sessions = sessions ?? [];
        while (words[i + 1] !== undefined && !words[i + 1].startsWith('-')) sessions.push(words[++i]);
      } else if (w === '-f' || w === '--noxfile') file = words[++i] ?? file;
      else if (/^(-k|--keywords|-t|--tags|-p|--python|--pythons)$/.test(w)) i++;
    }
    const p = [joinPath(cmd.cwd, file), file].find((x) => x !== undefined && this.ws.exists(x));
    if (!p) return undefined;
    const f = this.ws.read(p);
    if (!f) return undefined;
    const nf = this.once(`nox|${p}`, () => readNoxfile(f));
    const dir = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '';
    const wanted = sessions?.map((s) => s.replace(/\(.*$/, '').replace(/-\d+(\.\d+)*$/, '')) ?? (nf.defaults.length > 0 ? nf.defaults : [...nf.sessions.keys()]);
    const children: Cmd[] = [];
    for (const s of new Set(wanted)) {
      const sess = nf.sessions.get(s);
      if (!sess) continue;
      children.push({
        kind: 'named', file: p, line: sess.line, text: s, cwd: dir, key: `nox|${p}|${s}`,
        expand: () => ({
          resolved: { kind: 'nox session', name: s, runs: sess.runs.length > 0, named: true },
          matchText: false,
          children: sess.runs.map((r) => ({ kind: 'shell' as const, file: p, line: r.line, text: r.text, cwd: dir, words: splitWords(r.text) })),
        }),
      });
    }
    return { resolved: { kind: 'nox', name: [...new Set(wanted)].join(','), runs: children.length > 0 }, matchText: false, children };
  }

  // ---- just and Taskfile ----------------------------------------------------------------------

  private just(cmd: Cmd, words: string[]): Expansion | undefined {
    let file: string | undefined;
    let dir = cmd.cwd;
    const positional: string[] = [];
    for (let i = 1; i < words.length; i++) {
      const w = words[i];
      if (w === '-f' || w === '--justfile') file = words[++i];
      else if (w === '-d' || w === '--working-directory') dir = joinPath(dir, words[++i] ?? '') ?? dir;
      else if (w === '--set') i += 2;
      else if (/^(-n|--dry-run)$/.test(w)) return { resolved: { kind: 'just', name: '', runs: false }, matchText: false, children: [] };
      else if (/^(-l|--list|--summary|--show|-s|--evaluate|--dump|--fmt|--init|--edit|--variables|--choose|--completions|--help|-h|--version|-V|--groups)$/.test(w)) return EMPTY;
      else if (/^(--dotenv-path|--dotenv-filename|--shell|--shell-arg|--color|--chooser|--command-color|--list-heading|--list-prefix|--timestamp-format)$/.test(w)) i++;
      else if (w.startsWith('-')) continue;
      else if (/^[A-Za-z_][\w-]*=/.test(w)) continue;
      else positional.push(w);
    }
    const p = file !== undefined ? joinPath(dir, file) : this.findUp(dir, ['justfile', 'Justfile', '.justfile', 'JUSTFILE']);
    if (!p || !this.ws.exists(p)) return undefined;
    const f = this.ws.read(p);
    if (!f) return undefined;
    const jf = this.once(`just|${p}`, () => readJustfile(f));
    const jdir = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '';
    const goals: string[] = [];
    if (positional.length === 0 && jf.first) goals.push(jf.first);
    for (let i = 0; i < positional.length; i++) {
      const r = jf.recipes.get(positional[i]);
      if (!r) continue;
      goals.push(positional[i]);
      if (r.variadic) break;
      i += r.params;
    }
    const children = goals.map((g) => this.justRecipe(p, jf, g, jdir)).filter((c): c is Cmd => !!c);
    if (children.length === 0) return undefined;
    return { resolved: { kind: 'just', name: goals.join(' '), runs: true }, matchText: false, children };
  }

  private justRecipe(p: string, jf: Justfile, name: string, dir: string): Cmd | undefined {
    const r = jf.recipes.get(name);
    if (!r) return undefined;
    return {
      kind: 'named', file: p, line: r.line, text: name, cwd: dir, key: `just|${p}|${name}`,
      expand: () => {
        const children: Cmd[] = [];
        for (const d of r.deps) {
          const c = this.justRecipe(p, jf, d, dir);
          if (c) children.push(c);
        }
        for (const b of r.body) children.push(...shellCmds(b.text, p, () => b.line, dir, {}, { lenient: b.lenient }));
        for (const d of r.after) {
          const c = this.justRecipe(p, jf, d, dir);
          if (c) children.push(c);
        }
        return { resolved: { kind: 'just recipe', name, runs: r.body.length > 0 || r.deps.length > 0 || r.after.length > 0, named: true }, matchText: false, children };
      },
    };
  }

  private task(cmd: Cmd, words: string[]): Expansion | undefined {
    let file: string | undefined;
    let dir = cmd.cwd;
    const names: string[] = [];
    for (let i = 1; i < words.length; i++) {
      const w = words[i];
      if (w === '--') break;
      if (w === '-t' || w === '--taskfile') file = words[++i];
      else if (w === '-d' || w === '--dir') dir = joinPath(dir, words[++i] ?? '') ?? dir;
      else if (/^(-n|--dry)$/.test(w)) return { resolved: { kind: 'task', name: '', runs: false }, matchText: false, children: [] };
      else if (/^(-l|--list|-a|--list-all|--summary|--init|-i|--version|--help|-h)$/.test(w)) return EMPTY;
      else if (/^(-o|--output|-C|--concurrency|--output-group-begin|--output-group-end|-I|--interval)$/.test(w)) i++;
      else if (w.startsWith('-')) continue;
      else if (/^[A-Za-z_][\w]*=/.test(w)) continue;
      else names.push(w);
    }
    const p = file !== undefined ? this.taskfileIn(joinPath(dir, file)) : this.findUp(dir, TASKFILES);
    if (!p) return undefined;
    const children = (names.length > 0 ? names : ['default']).map((n) => this.taskNode(p, n, 0)).filter((c): c is Cmd => !!c);
    if (children.length === 0) return undefined;
    return { resolved: { kind: 'task', name: names.join(' ') || 'default', runs: true }, matchText: false, children };
  }

  private taskfileIn(p: string | undefined): string | undefined {
    if (p === undefined) return undefined;
    if (this.ws.exists(p)) return p;
    for (const n of TASKFILES) {
      const q = joinPath(p, n);
      if (q && this.ws.exists(q)) return q;
    }
    return undefined;
  }

  private taskNode(p: string, name: string, depth: number): Cmd | undefined {
    const f = this.ws.read(p);
    const doc = asRecord(f?.yaml);
    if (!f || !doc || depth > 4) return undefined;
    const colon = name.indexOf(':');
    const tasks = asRecord(doc.tasks) ?? {};
    if (!(name in tasks) && colon > 0) {
      // `ns:task` is a task of an included Taskfile.
      const inc = asRecord(doc.includes)?.[name.slice(0, colon)];
      const target = typeof inc === 'string' ? inc : typeof asRecord(inc)?.taskfile === 'string' ? (asRecord(inc)!.taskfile as string) : undefined;
      const base = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '';
      const q = target !== undefined ? this.taskfileIn(joinPath(base, target)) : undefined;
      return q ? this.taskNode(q, name.slice(colon + 1), depth + 1) : undefined;
    }
    const t = tasks[name];
    if (t === undefined) return undefined;
    const base = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '';
    const tr = asRecord(t);
    const dir = typeof tr?.dir === 'string' ? joinPath(base, tr.dir) ?? base : base;
    const vars: Vars = {};
    for (const src of [asRecord(doc.vars), asRecord(tr?.vars)]) for (const [k, v] of Object.entries(src ?? {})) if (typeof v === 'string' || typeof v === 'number') vars[k] = String(v);
    const sub = (s: string) => s.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (m, k: string) => vars[k] ?? m);
    return {
      kind: 'named', file: p, line: f.yamlPathRange(['tasks', name]).start.line + 1, text: name, cwd: dir, key: `task|${p}|${name}`,
      expand: () => {
        const children: Cmd[] = [];
        const items = typeof t === 'string' ? [t] : Array.isArray(t) ? t : [...asArray(tr?.deps).map((d) => ({ task: typeof d === 'string' ? d : asRecord(d)?.task })), ...(typeof tr?.cmd === 'string' ? [tr.cmd] : asArray(tr?.cmds))];
        const depCount = typeof t === 'string' || Array.isArray(t) ? 0 : asArray(tr?.deps).length;
        items.forEach((it, i) => {
          const rec = asRecord(it);
          const taskName = typeof rec?.task === 'string' ? rec.task : undefined;
          if (taskName) {
            const c = this.taskNode(p, taskName, depth);
            if (c) children.push(c);
            return;
          }
          const text = typeof it === 'string' ? it : typeof rec?.cmd === 'string' ? rec.cmd : undefined;
          if (text === undefined) return;
          const path = typeof t === 'string' ? ['tasks', name] : Array.isArray(t) ? ['tasks', name, i] : typeof tr?.cmd === 'string' ? ['tasks', name, 'cmd'] : ['tasks', name, 'cmds', i - depCount];
          const line = f.yamlPathRange(path, 0, false).start.line + 1;
          const block = isBlockNode(f, path);
          children.push(...shellCmds(sub(text), p, (k) => line + (block ? 1 : 0) + k, dir, {}, { lenient: rec?.ignore_error === true }));
        });
        return { resolved: { kind: 'task', name, runs: children.length > 0, named: true }, matchText: false, children };
      },
    };
  }

  private findUp(dir: string, names: string[]): string | undefined {
    let d = dir;
    for (;;) {
      for (const n of names) {
        const p = d ? `${d}/${n}` : n;
        if (this.ws.exists(p)) return p;
      }
      if (d === '') return undefined;
      d = d.includes('/') ? d.slice(0, d.lastIndexOf('/')) : '';
    }
  }

  // ---- pre-commit -----------------------------------------------------------------------------

  /** `pre-commit run [hook]` (args after the program name) runs the hooks of .pre-commit-config.yaml. */
  preCommit(cmd: Cmd, args: string[]): Expansion | undefined {
    let conf: string | undefined;
    let hook: string | undefined;
    let stage: string | undefined;
    const sub = args.find((a) => !a.startsWith('-'));
    if (sub !== 'run') return sub === undefined ? { resolved: { kind: 'pre-commit', name: '', runs: false }, matchText: false, children: [] } : EMPTY;
    for (let i = args.indexOf('run') + 1; i < args.length; i++) {
      const w = args[i];
      if (w === '-c' || w === '--config') conf = args[++i];
      else if (w === '--hook-stage') stage = args[++i];
      else if (w === '--files') while (args[i + 1] !== undefined && !args[i + 1].startsWith('-')) i++;
      else if (/^(--from-ref|--to-ref|-s|-o|--source|--origin|--color|--remote-branch|--local-branch|--commit-msg-filename)$/.test(w)) i++;
      else if (w.startsWith('-')) continue;
      else hook ??= w;
    }
    const p = [conf && joinPath(cmd.cwd, conf), joinPath(cmd.cwd, '.pre-commit-config.yaml'), joinPath(cmd.cwd, '.pre-commit-config.yml'), '.pre-commit-config.yaml', '.pre-commit-config.yml'].find((x): x is string => !!x && this.ws.exists(x));
    if (!p) return undefined;
    const f = this.ws.read(p);
    const doc = asRecord(f?.yaml);
    if (!f || !doc) return undefined;
    const children: Cmd[] = [];
    asArray(doc.repos).forEach((r, ri) => {
      asArray(asRecord(r)?.hooks).forEach((h, hi) => {
        const hr = asRecord(h);
        const id = typeof hr?.id === 'string' ? hr.id : undefined;
        if (!hr || !id) return;
        if (hook && hook !== id && hr.alias !== hook) return;
        const stages = asArray(hr.stages ?? doc.default_stages).map(String);
        if (!hook && stages.length > 0 && stages.every((s) => s === 'manual') && stage !== 'manual') return;
        const hargs = asArray(hr.args).filter((a) => typeof a === 'string' || typeof a === 'number').map(String);
        const line = f.yamlPathRange(['repos', ri, 'hooks', hi, 'id']).start.line + 1;
        // A local hook runs its entry (a command of the repository); a hook from a hook repository is known by its id.
        if (typeof hr.entry === 'string' && asRecord(r)?.repo === 'local') {
          const text = [hr.entry, ...hargs].join(' ');
          children.push({ kind: 'shell', file: p, line, text, cwd: cmd.cwd, words: splitWords(text) });
        } else children.push({ kind: 'config', file: p, line, text: ['pre-commit hook', id, ...hargs].join(' '), cwd: cmd.cwd });
      });
    });
    return { resolved: { kind: 'pre-commit', name: hook ?? 'all hooks', runs: children.length > 0, named: !!hook }, matchText: false, children };
  }

  // ---- docker and compose ---------------------------------------------------------------------

  private docker(cmd: Cmd, tool: string, words: string[]): Expansion | undefined {
    if (tool === 'docker-compose' || tool === 'podman-compose') return this.compose(cmd, words, 1);
    let i = 1;
    while (i < words.length && words[i].startsWith('-')) i += /^(--context|-c|-H|--host|--config|-l|--log-level)$/.test(words[i]) ? 2 : 1;
    const sub = words[i];
    if (sub === 'compose') return this.compose(cmd, words, i + 1);
    if (sub === 'run' || sub === 'exec' || (sub === 'container' && (words[i + 1] === 'run' || words[i + 1] === 'exec'))) {
      const start = sub === 'container' ? i + 2 : i + 1;
      const { target, rest, entrypoint } = afterOptions(words, start, RUN_VALUE_OPTS);
      if (target === undefined) return LEAF;
      const inner = entrypoint ? [entrypoint, ...rest] : rest;
      const children = inner.length > 0 && !inner[0].startsWith('-') ? shellCmds(joinWords(inner), cmd.file, () => cmd.line, '', {}, {}) : [];
      return { resolved: { kind: `docker ${sub === 'container' ? words[i + 1] : sub}`, name: target, runs: true }, matchText: true, children };
    }
    const build = sub === 'build' || (sub === 'image' && words[i + 1] === 'build') || (sub === 'buildx' && (words[i + 1] === 'build' || words[i + 1] === 'b'));
    if (build) return this.dockerBuild(cmd, words, sub === 'build' ? i + 1 : i + 2);
    return LEAF;
  }

  private dockerBuild(cmd: Cmd, words: string[], start: number): Expansion {
    let file: string | undefined;
    let target: string | undefined;
    let context: string | undefined;
    for (let i = start; i < words.length; i++) {
      const w = words[i];
      if (w === '-f' || w === '--file') file = words[++i];
      else if (w.startsWith('--file=')) file = w.slice(7);
      else if (w === '--target') target = words[++i];
      else if (w.startsWith('--target=')) target = w.slice(9);
      else if (w.startsWith('-')) {
        if (BUILD_VALUE_OPTS.has(w)) i++;
      } else context ??= w;
    }
    const ctx = context === undefined || context === '-' || /^(https?:|git@|github\.com)/.test(context) ? undefined : joinPath(cmd.cwd, context);
    const path = file !== undefined ? joinPath(cmd.cwd, file) ?? (ctx !== undefined ? joinPath(ctx, file) : undefined) : ctx !== undefined ? joinPath(ctx, 'Dockerfile') : undefined;
    if (path === undefined) return LEAF;
    const cdir = ctx ?? (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
    return this.dockerfile(path, cdir, target) ?? LEAF;
  }

  /** What building a Dockerfile runs (its RUN steps), for `docker build` and build actions. */
  private dockerfile(path: string, context: string, target?: string): Expansion | undefined {
    const f = this.ws.exists(path) ? this.ws.read(path) : undefined;
    if (!f) return undefined;
    const children = this.once(`dockerbuild|${path}|${context}|${target ?? ''}`, () => dockerfileRuns(this.ws, f, context, target));
    return { resolved: { kind: 'docker build', name: path, runs: true }, matchText: true, children };
  }

  private compose(cmd: Cmd, words: string[], start: number): Expansion {
    const files: string[] = [];
    let dir = cmd.cwd;
    let i = start;
    for (; i < words.length && words[i].startsWith('-'); i++) {
      const w = words[i];
      if (w === '-f' || w === '--file') files.push(words[++i]);
      else if (w === '--project-directory') dir = joinPath(dir, words[++i] ?? '') ?? dir;
      else if (w === '--dry-run') return { resolved: { kind: 'docker compose', name: '', runs: false }, matchText: false, children: [] };
      else if (/^(-p|--project-name|--profile|--env-file|--ansi|--progress|--parallel)$/.test(w)) i++;
    }
    const sub = words[i];
    const composeFile = (): SourceFile | undefined => {
      const cands = files.length > 0 ? files.map((x) => joinPath(cmd.cwd, x)) : ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'].map((n) => joinPath(dir, n));
      for (const c of cands) if (c && this.ws.exists(c)) return this.ws.read(c);
      return undefined;
    };
    const serviceCmds = (names: string[]): Cmd[] => {
      const f = composeFile();
      const services = asRecord(asRecord(f?.yaml)?.services);
      if (!f || !services) return [];
      const out: Cmd[] = [];
      for (const n of names.length > 0 ? names : Object.keys(services)) {
        const c = asRecord(services[n])?.command;
        const text = typeof c === 'string' ? c : Array.isArray(c) ? joinWords(c.map(String)) : undefined;
        if (text === undefined) continue;
        out.push(...shellCmds(text, f.path, () => f.yamlPathRange(['services', n, 'command']).start.line + 1, '', {}, {}));
      }
      return out;
    };
    if (sub === 'run' || sub === 'exec') {
      const { target, rest, entrypoint } = afterOptions(words, i + 1, COMPOSE_RUN_VALUE_OPTS);
      if (target === undefined) return LEAF;
      const inner = entrypoint ? [entrypoint, ...rest] : rest;
      const children = inner.length > 0 ? shellCmds(joinWords(inner), cmd.file, () => cmd.line, '', {}, {}) : sub === 'run' ? serviceCmds([target]) : [];
      return { resolved: { kind: `docker compose ${sub}`, name: target, runs: true }, matchText: false, children };
    }
    if (sub === 'up') {
      const args = words.slice(i + 1);
      const k = args.indexOf('--exit-code-from');
      const from = k >= 0 ? args[k + 1] : args.find((a) => a.startsWith('--exit-code-from='))?.slice(17);
      if (from === undefined && !args.includes('--abort-on-container-exit')) return LEAF;
      const services = from !== undefined ? [from] : args.filter((a, j) => !a.startsWith('-') && !/^(--scale|-t|--timeout|--wait-timeout|--pull)$/.test(args[j - 1] ?? ''));
      return { resolved: { kind: 'docker compose up', name: services.join(' '), runs: true }, matchText: true, children: serviceCmds(services) };
    }
    return LEAF;
  }

  // ---- actions and reusable workflows ---------------------------------------------------------

  /**
   * A path as the repository has it: a job that checks the repository out into a sub-folder
   * (`actions/checkout` with `path: src/x`) names its files with that prefix, which is dropped.
   */
  private inRepo(p: string | undefined, isDir = false): string | undefined {
    if (p === undefined) return undefined;
    const parts = p.split('/');
    for (let i = 0; i < parts.length && i < 8; i++) {
      const q = parts.slice(i).join('/');
      if (q && (isDir ? this.ws.hasDir(q) : this.ws.exists(q))) return q;
    }
    return p;
  }

  private expandUses(cmd: Cmd): Expansion {
    const u = cmd.uses;
    if (!u) return LEAF;
    const ref = u.ref.trim();
    const rawLocal = localPath(ref);
    const local = rawLocal !== undefined ? this.inRepo(rawLocal, !u.job) : undefined;
    if (u.job) {
      if (local === undefined) return LEAF;
      const f = this.ws.exists(local) ? this.ws.read(local) : undefined;
      const wf = f && workflowOf(f);
      if (!wf) return LEAF;
      const children = wf.jobs.flatMap((job) => jobCmds(wf, job, u.with));
      return { resolved: { kind: 'reusable workflow', name: local, runs: children.length > 0 }, matchText: false, children };
    }
    const extras: Cmd[] = [];
    // Wrapper actions take the commands they run as inputs (`run:`, `script:`, `instructions:`...);
    // actions/github-script's `script` is JavaScript, and other inputs are data.
    const jsAction = /^actions\/github-script(@|$)/i.test(ref);
    for (const [k, v] of Object.entries(u.with)) {
      if (!v || jsAction) continue;
      const gradle = k === 'arguments' && /gradle/i.test(ref);
      if (!gradle && !SCRIPT_INPUT.test(k)) continue;
      extras.push(...shellCmds(gradle ? `gradle ${v}` : v, cmd.file, () => cmd.line, cmd.cwd, {}, { lenient: cmd.lenient }));
    }
    if (/^(pre-commit\/action|j178\/prek-action)(@|$)/i.test(ref)) {
      // Both actions run every hook on all files unless told otherwise.
      const extra = splitWords(u.with.extra_args ?? u.with['extra-args'] ?? '--all-files');
      const pc = this.preCommit(cmd, ['run', ...extra]);
      if (pc) return { resolved: { ...pc.resolved!, kind: 'pre-commit', named: false }, matchText: true, children: pc.children };
    }
    if (/^(docker\/build-push-action|depot\/build-push-action|mr-smithers-excellent\/docker-build-push)(@|$)/i.test(ref)) {
      // The build actions build a Dockerfile (default: Dockerfile in the repository root), running its RUN steps.
      const context = u.with.context && !u.with.context.includes('${{') && !/^(https?:|git)/.test(u.with.context) ? joinPath(cmd.cwd, u.with.context) ?? '' : '';
      const file = u.with.file ?? u.with.dockerfile;
      const path = this.inRepo(file && !file.includes('${{') ? joinPath('', file) : joinPath(context, 'Dockerfile'));
      const d = path !== undefined ? this.dockerfile(path, context, u.with.target || undefined) : undefined;
      if (d) return { ...d, children: [...extras, ...d.children] };
    }
    if (local !== undefined) {
      const actionFile = [`${local}/action.yml`, `${local}/action.yaml`].find((p) => this.ws.exists(p.replace(/^\//, '')));
      const f = actionFile ? this.ws.read(actionFile) : undefined;
      const doc = asRecord(f?.yaml);
      const runs = asRecord(doc?.runs);
      if (!f || !doc || !runs || runs.using !== 'composite') return { matchText: true, children: extras };
      const inputs: Vars = {};
      for (const [k, v] of Object.entries(asRecord(doc.inputs) ?? {})) {
        const d = asRecord(v)?.default;
        if (typeof d === 'string' || typeof d === 'number' || typeof d === 'boolean') inputs[k] = String(d);
      }
      Object.assign(inputs, u.with);
      const children = asArray(runs.steps).flatMap((s, i) => stepCmds(f, ['runs', 'steps', i], asRecord(s) ?? {}, { cwd: '', env: {}, inputs, matrix: {}, lenient: false }));
      return { resolved: { kind: 'composite action', name: local, runs: children.length > 0 }, matchText: false, children: [...extras, ...children] };
    }
    return { matchText: true, children: extras };
  }
}

const TASKFILES = ['Taskfile.yml', 'taskfile.yml', 'Taskfile.yaml', 'taskfile.yaml', 'Taskfile.dist.yml', 'taskfile.dist.yml', 'Taskfile.dist.yaml', 'taskfile.dist.yaml'];
/** Input names of wrapper actions that hold commands (`run`, `script`, `command`, `instructions`, `smoke_test`, `pre-build`...). */
const SCRIPT_INPUT = /^(?:run|runs|script|scripts|command|commands|cmd|build|start|test|instructions|shell)$|(?:^|[_-])(?:run|script|command|commands|cmd|test|build)$|^(?:pre|post)[_-]?(?:build|run|script|command)$/i;
const RUN_VALUE_OPTS = new Set(['-v', '--volume', '-e', '--env', '--env-file', '-w', '--workdir', '-u', '--user', '--name', '--network', '--net', '-p', '--publish', '--mount', '--platform', '-h', '--hostname', '--add-host', '--cap-add', '--cap-drop', '--device', '-l', '--label', '--label-file', '-m', '--memory', '--cpus', '--tmpfs', '--ulimit', '--security-opt', '--ipc', '--pid', '--shm-size', '--gpus', '--restart', '--log-driver', '--log-opt', '--dns', '--link', '--volumes-from', '--runtime', '--stop-signal', '-a', '--attach', '--cidfile', '--group-add', '--pull', '--userns', '--uts', '--cgroupns', '--health-cmd', '--expose', '--memory-swap', '--cpuset-cpus', '--storage-opt', '--sysctl', '--entrypoint', '--index', '--detach-keys']);
const COMPOSE_RUN_VALUE_OPTS = new Set(['-e', '--env', '-w', '--workdir', '-u', '--user', '-v', '--volume', '-p', '--publish', '--name', '--entrypoint', '-l', '--label', '--env-from-file', '--cap-add', '--cap-drop', '--pull', '--index']);
const BUILD_VALUE_OPTS = new Set(['-t', '--tag', '--build-arg', '--platform', '--cache-from', '--cache-to', '--label', '--secret', '--ssh', '--output', '-o', '--progress', '--network', '--iidfile', '--metadata-file', '--builder', '--build-context', '--add-host', '--shm-size', '--ulimit', '--attest', '--annotation', '--provenance', '--sbom', '--allow', '--call', '--cgroup-parent']);

/** The options, the target (image, container or service) and the command words after them. */
function afterOptions(words: string[], start: number, valueOpts: Set<string>): { target?: string; rest: string[]; entrypoint?: string } {
  let entrypoint: string | undefined;
  for (let i = start; i < words.length; i++) {
    const w = words[i];
    if (w === '--') return { target: words[i + 1], rest: words.slice(i + 2), entrypoint };
    if (w === '--entrypoint') entrypoint = words[i + 1];
    else if (w.startsWith('--entrypoint=')) entrypoint = w.slice(13);
    if (valueOpts.has(w)) {
      i++;
      continue;
    }
    if (w.startsWith('-')) continue;
    return { target: w, rest: words.slice(i + 1), entrypoint };
  }
  return { rest: [], entrypoint };
}

/**
 * The RUN commands of the stages a build of `target` (default: the last stage) needs, each run in the
 * repository folder that the image's working directory was copied from (`WORKDIR /app` after
 * `COPY app/package.json ./` runs in `app`), else in the build context.
 */
function dockerfileRuns(ws: Workspace, f: SourceFile, context: string, target?: string): Cmd[] {
  let stages: Stage[];
  try {
    stages = stagesOf(f);
  } catch {
    return [];
  }
  if (stages.length === 0) return [];
  const byName = new Map<string, Stage>();
  for (const s of stages) if (s.name) byName.set(s.name, s);
  const want = new Set<Stage>();
  const visit = (s: Stage | undefined) => {
    if (!s || want.has(s)) return;
    want.add(s);
    visit(byName.get((s.from.getImageName() ?? '').toLowerCase()));
    for (const ins of s.instructions) {
      if (ins.getKeyword() !== 'COPY' && ins.getKeyword() !== 'RUN') continue;
      for (const m of ins.getTextContent().matchAll(/--(?:from|mount=[^\s]*from)=([\w.-]+)/gi)) visit(byName.get(m[1].toLowerCase()) ?? stages[Number(m[1])]);
    }
  };
  visit(target !== undefined ? byName.get(target.toLowerCase()) ?? stages[stages.length - 1] : stages[stages.length - 1]);
  // Where each stage's folders come from in the repository, and its working directory.
  const state = new Map<Stage, { workdir: string; map: Map<string, string> }>();
  const out: Cmd[] = [];
  for (const s of stages) {
    const base = state.get(byName.get((s.from.getImageName() ?? '').toLowerCase()) as Stage);
    const st = { workdir: base?.workdir ?? '/', map: new Map(base?.map ?? []) };
    state.set(s, st);
    for (const ins of s.instructions) {
      const kw = ins.getKeyword();
      const args = ins.getArguments().map((a) => a.getValue());
      if (kw === 'WORKDIR' && args[0]) st.workdir = posixJoin(st.workdir, args[0]);
      else if ((kw === 'COPY' || kw === 'ADD') && !args.some((a) => a.startsWith('--from='))) {
        const plainArgs = args.filter((a) => !a.startsWith('--'));
        if (plainArgs.length < 2) continue;
        const dest = posixJoin(st.workdir, plainArgs[plainArgs.length - 1]);
        const srcs = plainArgs.slice(0, -1);
        const dirs = new Set(srcs.map((src) => {
          const p = joinPath(context, src.replace(/\/+$/, ''));
          if (p === undefined) return undefined;
          if (src === '.' || src === './' || ws.hasDir(p)) return p;
          return p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '';
        }));
        const destIsDir = /\/$|^\.$/.test(plainArgs[plainArgs.length - 1]) || srcs.length > 1 || srcs.some((x) => x === '.' || ws.hasDir(joinPath(context, x) ?? '\0'));
        if (dirs.size === 1 && destIsDir) {
          const d = [...dirs][0];
          if (d !== undefined && !st.map.has(dest)) st.map.set(dest, d);
        }
      } else if (kw === 'RUN' && want.has(s)) {
        const r = ins.getArgumentsRange();
        if (!r) continue;
        const cwd = st.map.get(st.workdir) ?? context;
        const start = f.offsetAt(r.start);
        const text = f.text.slice(start, f.offsetAt(r.end)).replace(/^(--[\w-]+=\S+\s+)+/, '');
        if (/^\s*\[/.test(text)) {
          // An invalid exec form runs nothing we can read.
          const arr = jsonValue(text.replace(/\\\r?\n/g, ' '));
          if (Array.isArray(arr)) out.push(...shellCmds(joinWords(arr.map(String)), f.path, () => r.start.line + 1, cwd, {}, {}));
          continue;
        }
        out.push(...shellCmds(text, f.path, (k) => r.start.line + 1 + k, cwd, {}, {}));
      }
    }
  }
  return out;
}

/** Joins container paths (absolute result, no trailing slash). */
function posixJoin(base: string, rel: string): string {
  const parts = rel.startsWith('/') ? [] : base.split('/').filter(Boolean);
  for (const seg of rel.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return `/${parts.join('/')}`;
}

// ---- GitHub steps -------------------------------------------------------------------------------

/** Where a step runs: its folder, environment, inputs and matrix values, and whether its failures are ignored. */
export interface StepContext {
  cwd: string;
  env: Vars;
  inputs: Vars;
  matrix: Record<string, string[]>;
  lenient: boolean;
}

/** The commands of every step of a job (or the reusable workflow it calls). */
export function jobCmds(wf: Workflow, job: Job, inputs: Vars): Cmd[] {
  const file = wf.file;
  const wfEnv = stringVars(plain(wf.doc, pairValue(wf.root, 'env')));
  const jobRec = job.node ? asRecord(plain(wf.doc, job.node)) : undefined;
  const env = { ...wfEnv, ...stringVars(jobRec?.env) };
  const lenient = mayContinueValue(job.continueOnError);
  if (job.uses) {
    const w: Vars = {};
    for (const [k, v] of Object.entries(asRecord(jobRec?.with) ?? {})) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') w[k] = subst(String(v), { env, inputs, matrix: {} });
    return [{
      kind: 'uses', file: file.path, line: file.yamlPathRange(['jobs', job.id, 'uses']).start.line + 1, text: `uses ${job.uses}`, cwd: '', lenient,
      uses: { ref: job.uses, with: w, job: true },
    }];
  }
  const matrix = matrixOf(asRecord(asRecord(jobRec?.strategy)?.matrix));
  const ctx: StepContext = { cwd: job.workingDirectory ?? '', env, inputs, matrix, lenient };
  const out: Cmd[] = [];
  const steps = asArray(jobRec?.steps);
  steps.forEach((s, i) => out.push(...stepCmds(file, ['jobs', job.id, 'steps', i], asRecord(s) ?? {}, ctx)));
  return out;
}

/** The commands of one step (workflow or composite action): its `run` script or the action it uses. */
export function stepCmds(file: SourceFile, path: (string | number)[], step: Record<string, unknown>, ctx: StepContext): Cmd[] {
  const env = { ...ctx.env, ...stringVars(step.env) };
  const lenient = ctx.lenient || mayContinueValue(step['continue-on-error']);
  const wd = typeof step['working-directory'] === 'string' ? joinPath('', subst(step['working-directory'], { env, inputs: ctx.inputs, matrix: ctx.matrix })) ?? ctx.cwd : ctx.cwd;
  if (typeof step.run === 'string') {
    const shell = typeof step.shell === 'string' ? step.shell : '';
    if (/^(python|node|pwsh -command|cmd)\b/.test(shell)) return [];
    const node = file.yamlNode([...path, 'run']) as Scalar | undefined;
    const start = node?.range ? file.positionAt(node.range[0]).line + 1 : file.yamlPathRange([...path, 'run']).start.line + 1;
    const block = !!node && isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED');
    const at = (k: number) => (block ? start + 1 + k : start + k);
    const out: Cmd[] = [];
    for (const text of variants(step.run, { env, inputs: ctx.inputs, matrix: ctx.matrix })) out.push(...shellCmds(text, file.path, at, wd, env, { lenient }));
    return dedupe(out);
  }
  if (typeof step.uses === 'string') {
    const w: Vars = {};
    for (const [k, v] of Object.entries(asRecord(step.with) ?? {})) {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') w[k] = subst(String(v), { env, inputs: ctx.inputs, matrix: ctx.matrix });
    }
    const inputs = Object.entries(w).map(([k, v]) => `with.${k}=${v.replace(/\s+/g, ' ')}`).join(' ');
    return [{
      kind: 'uses', file: file.path, line: file.yamlPathRange([...path, 'uses']).start.line + 1, text: `uses ${step.uses} ${inputs}`.trim(), cwd: wd, lenient,
      uses: { ref: step.uses, with: w, job: false },
    }];
  }
  return [];
}

function dedupe(cmds: Cmd[]): Cmd[] {
  const seen = new Set<string>();
  return cmds.filter((c) => {
    const k = `${c.line}|${c.cwd}|${c.text}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function pairValue(m: unknown, key: string): unknown {
  const items = (m as { items?: { key?: unknown; value?: unknown }[] } | undefined)?.items ?? [];
  for (const p of items) if (isScalar(p.key) && String(p.key.value) === key) return p.value;
  return undefined;
}

function mayContinueValue(v: unknown): boolean {
  return v === true || (typeof v === 'string' && v.trim() !== '' && v.trim() !== 'false');
}

function stringVars(v: unknown): Vars {
  const out: Vars = {};
  for (const [k, x] of Object.entries(asRecord(v) ?? {})) if ((typeof x === 'string' && !x.includes('\n')) || typeof x === 'number' || typeof x === 'boolean') out[k] = String(x);
  return out;
}

function matrixOf(m: Record<string, unknown> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!m) return out;
  for (const [k, v] of Object.entries(m)) {
    if (k === 'include' || k === 'exclude') continue;
    if (Array.isArray(v)) out[k] = v.filter((x) => typeof x === 'string' || typeof x === 'number').map(String);
  }
  for (const inc of asArray(m.include)) {
    for (const [k, v] of Object.entries(asRecord(inc) ?? {})) {
      if (typeof v !== 'string' && typeof v !== 'number') continue;
      const list = (out[k] ??= []);
      if (!list.includes(String(v))) list.push(String(v));
    }
  }
  return out;
}

/** Substitutes `${{ env.X }}`, `${{ inputs.X }}`, `${{ github.workspace }}` and single-valued `${{ matrix.X }}`. */
export function subst(text: string, c: { env: Vars; inputs: Vars; matrix: Record<string, string[]> }): string {
  if (!text.includes('${{')) return text;
  return text.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (m, expr: string) => {
    const [scope, ...rest] = expr.split('.');
    const k = rest.join('.');
    if (scope === 'env' && c.env[k] !== undefined) return c.env[k];
    if (scope === 'inputs' && c.inputs[k] !== undefined) return c.inputs[k];
    if (scope === 'matrix' && c.matrix[k]?.length === 1) return c.matrix[k][0];
    if (expr === 'github.workspace') return '.';
    return m;
  });
}

/** The texts a `run:` script stands for, one per value of the first matrix variable it uses (bounded). */
function variants(text: string, c: { env: Vars; inputs: Vars; matrix: Record<string, string[]> }): string[] {
  const base = subst(text, c);
  const m = /\$\{\{\s*matrix\.([\w-]+)\s*\}\}/.exec(base);
  const values = m ? c.matrix[m[1]] : undefined;
  if (!m || !values || values.length === 0) return [base];
  return values.slice(0, MAX_VARIANTS).map((v) => base.split(m[0]).join(v));
}

// ---- shell text ---------------------------------------------------------------------------------

/**
 * Splits a shell script into its simple commands (Cmd), tracking `cd` (also inside `( ... )`),
 * `set +e`, `|| true`, and substituting known variables. `lineAt(k)` maps the k-th line of the text
 * to its line in the file.
 */
export function shellCmds(text: string, file: string, lineAt: (k: number) => number, cwd: string, env: Vars, opts: { lenient?: boolean; self?: string; depth?: number }): Cmd[] {
  if ((opts.depth ?? 0) > 3) return [];
  let t = text;
  const vars: Vars = { ...env };
  if (opts.self) Object.assign(vars, scriptAssignments(t));
  if (Object.keys(vars).length > 0) t = substShellVars(t, vars);
  let cmds: ShellCommand[];
  try {
    cmds = tokenize(t, 0, t.length, '\\');
  } catch {
    return [];
  }
  const out: Cmd[] = [];
  const stack: string[] = [];
  let dir = cwd;
  let noErr = false;
  const newlines = lineIndex(t);
  for (let k = 0; k < cmds.length; k++) {
    const c = cmds[k];
    if (c.prev === '(') stack.push(dir);
    const s = commandStart(c);
    const ws = c.words.slice(s);
    if (ws.length > 0) {
      const words = ws.map((w) => w.value);
      if (words[0] === 'cd' || words[0] === 'pushd') dir = cdTo(dir, words[1], opts.self);
      else if (words[0] === 'set' && words.some((w) => /^\+[a-z]*e/.test(w))) noErr = true;
      else if (words[0] === 'set' && words.some((w) => /^-[a-z]*e/.test(w))) noErr = false;
      else {
        const start = ws[0].start;
        const lenient = !!opts.lenient || noErr || (c.next === '||' && isNoFail(cmds[k + 1]));
        out.push({ kind: 'shell', file, line: lineAt(lineOfOffset(newlines, start)), text: t.slice(start, ws[ws.length - 1].end).trim(), words, cwd: dir, lenient });
      }
    }
    // Command substitutions run too, in assignments as well: `test -z "$(gofmt -l .)"`, `RES=$(gofmt -d .)`.
    for (const w of c.words) {
      for (const inner of substitutions(w.value)) {
        const line = lineAt(lineOfOffset(newlines, w.start));
        out.push(...shellCmds(inner, file, () => line, dir, {}, { lenient: opts.lenient, self: opts.self, depth: (opts.depth ?? 0) + 1 }));
      }
    }
    if (c.next === ')') dir = stack.pop() ?? dir;
  }
  return out;
}

/** The commands inside `$(...)` in a word (not arithmetic `$((...))`), outermost first. */
function substitutions(word: string): string[] {
  const out: string[] = [];
  for (let i = word.indexOf('$('); i >= 0; i = word.indexOf('$(', i + 2)) {
    if (word[i + 2] === '(') continue;
    let depth = 0;
    for (let j = i + 1; j < word.length; j++) {
      if (word[j] === '(') depth++;
      else if (word[j] === ')' && --depth === 0) {
        // Make's `$(shell X)` reaches the shell as written when make did not expand it.
        out.push(word.slice(i + 2, j).replace(/^shell\s+/, ''));
        i = j - 1;
        break;
      }
    }
  }
  return out;
}

function lineIndex(t: string): number[] {
  const out: number[] = [];
  for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) out.push(i);
  return out;
}

function lineOfOffset(newlines: number[], offset: number): number {
  let lo = 0;
  let hi = newlines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (newlines[mid] < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function isNoFail(next: ShellCommand | undefined): boolean {
  if (!next) return false;
  const w = next.words.slice(commandStart(next)).map((x) => x.value);
  return w[0] === 'true' || w[0] === ':' || w[0] === 'echo' || w[0] === 'printf' || w[0] === 'cd' || (w[0] === 'exit' && (w[1] === undefined || w[1] === '0'));
}

/** Simple top-level assignments of a script (`GO=go`, `: "${GO:=go}"`, `GO="${GO:-go}"`) with literal values. */
function scriptAssignments(text: string): Vars {
  const out: Vars = {};
  for (const m of text.matchAll(/^[ \t]*(?:export[ \t]+|readonly[ \t]+)?([A-Za-z_]\w*)=(?:"\$\{\1:-([^}"$`]*)\}"|\$\{\1:-([^}\s$`]*)\}|"([^"$`\n]*)"|'([^'\n]*)'|([^\s;&|$`'"()]*))[ \t]*$/gm)) {
    const v = m[2] ?? m[3] ?? m[4] ?? m[5] ?? m[6] ?? '';
    if (!(m[1] in out)) out[m[1]] = v;
  }
  for (const m of text.matchAll(/:\s+"?\$\{([A-Za-z_]\w*):=([^}"$`]*)\}"?/g)) if (!(m[1] in out)) out[m[1]] = m[2];
  return out;
}

function substShellVars(t: string, vars: Vars): string {
  return t.replace(/\$\{([A-Za-z_]\w*)(?::?-[^}]*)?\}|\$([A-Za-z_]\w*)/g, (m, a: string | undefined, b: string | undefined) => {
    const v = vars[(a ?? b)!];
    return v !== undefined && !v.includes('\n') ? v : m;
  });
}

/** The folder after `cd ARG`: relative paths, the repository root, and the script's own folder (`$(dirname "$0")`). */
function cdTo(dir: string, arg: string | undefined, self?: string): string {
  if (arg === undefined || arg === '' || arg === '-') return dir;
  let a = arg;
  if (/dirname/.test(a) && /\$0|BASH_SOURCE/.test(a) && self) {
    const selfDir = self.includes('/') ? self.slice(0, self.lastIndexOf('/')) : '';
    const rest = a.slice(a.lastIndexOf(')') + 1);
    return joinPath(selfDir, rest.replace(/^\//, '')) ?? dir;
  }
  if (/git rev-parse --show-toplevel|^\$\{?GITHUB_WORKSPACE\}?|^\$\{\{\s*github\.workspace\s*\}\}/.test(a)) {
    a = a.replace(/^.*(\)|\}\}|GITHUB_WORKSPACE\}?)/, '');
    return joinPath('', a.replace(/^\//, '')) ?? '';
  }
  if (a.includes('$') || a.startsWith('/') || a.startsWith('~')) return dir;
  return joinPath(dir, a) ?? dir;
}

/** A path a command names, as a workspace path when the file exists (relative to the folder, else to the root). */
export function resolveRepoPath(ws: Workspace, cwd: string, word: string, from?: string): string | undefined {
  let w = word.replace(/^\$\{\{\s*github\.workspace\s*\}\}\/?/, '').replace(/^\$\{?GITHUB_WORKSPACE\}?\/?/, '').replace(/^\$\{?PWD\}?\/|^\$\(pwd\)\//, './');
  if (/dirname/.test(w) && /\$0|BASH_SOURCE/.test(w) && from) {
    const selfDir = from.includes('/') ? from.slice(0, from.lastIndexOf('/')) : '';
    const p = joinPath(selfDir, w.slice(w.lastIndexOf(')') + 1).replace(/^\//, ''));
    return p !== undefined && ws.exists(p) ? p : undefined;
  }
  if (w.includes('$') || w.includes('*')) return undefined;
  w = w.replace(/^\.\//, '');
  for (const base of cwd ? [cwd, ''] : ['']) {
    const p = joinPath(base, w);
    if (p && ws.exists(p)) return p;
  }
  return undefined;
}

function isShellScript(p: string, text: string): boolean {
  if (/\.(sh|bash|zsh|ksh)$/i.test(p)) return true;
  const shebang = /^#!([^\n]*)/.exec(text);
  if (shebang) return /\b(ba|z|da|k)?sh\b/.test(shebang[1]) && !/python|node|ruby|perl|deno|bun/.test(shebang[1]);
  const base = p.slice(p.lastIndexOf('/') + 1);
  return !base.includes('.');
}

/** The local path a `uses:` names (`./x`, `$/x`), without a ref; undefined for remote references. */
export function localPath(ref: string): string | undefined {
  let r = ref.trim();
  if (r.startsWith('$/')) r = r.slice(2);
  else if (!r.startsWith('./')) return undefined;
  r = r.replace(/@.*$/, '');
  return joinPath('', r.replace(/^\.\//, '').replace(/\/+$/, ''));
}

/** Words that only prefix or wrap a command (`sudo`, `env`, `poetry run`, `npx`...), removed to find the command. */
export function unwrap(words: string[]): string[] {
  let w = words;
  for (let guard = 0; guard < 8 && w.length > 0; guard++) {
    const n = baseName(w[0]).toLowerCase();
    const next = w[1];
    const dropOpts = (from: number, valued: RegExp = /^$/) => {
      let i = from;
      while (i < w.length && (w[i].startsWith('-') || /^[A-Za-z_]\w*=/.test(w[i]))) i += valued.test(w[i]) ? 2 : 1;
      return w.slice(i);
    };
    if (/^[A-Za-z_]\w*=/.test(w[0])) w = w.slice(1);
    else if (['sudo', 'env', 'exec', 'nohup', 'time', 'command', 'builtin', 'nice', 'stdbuf', 'unbuffer', 'xargs', 'then', 'do', 'else', 'if', 'while', 'until', '!', '{', 'cross-env', 'cross-env-shell', 'chronic'].includes(n) && !(n === 'command' && next === '-v')) w = dropOpts(1, /^(-u|--user|-g|--group|-n|-I|-L|-P|-s|-C|--chdir)$/);
    else if (n === 'timeout') w = dropOpts(1, /^(-s|--signal|-k|--kill-after)$/).slice(1);
    else if (n === 'xvfb-run') w = dropOpts(1, /^(-s|--server-args|-n|--server-num|-e|--error-file|-f|--auth-file|-p|--xauth-protocol)$/);
    else if (['poetry', 'pipenv', 'pdm', 'rye', 'hatch', 'uv', 'devbox', 'pipx'].includes(n) && next === 'run') w = dropOpts(2, /^(--with|--extra|--group|--python|-p|--package|--directory|--project|--env|-e|--only-group|--index|--index-url)$/);
    else if (n === 'bundle' && next === 'exec') w = w.slice(2);
    else if (n === 'npx' || n === 'bunx' || n === 'pnpx' || n === 'uvx') w = dropOpts(1, /^(-p|--package)$/);
    else if ((n === 'pnpm' || n === 'yarn') && (next === 'exec' || next === 'dlx')) w = dropOpts(2);
    else if (n === 'npm' && next === 'exec') w = dropOpts(2, /^(-p|--package|-w|--workspace)$/).filter((x, i) => !(i === 0 && x === '--'));
    else if (n === 'dotenv') w = w.slice(Math.max(1, w.indexOf('--') + 1));
    else if (n === 'nix' && (next === 'develop' || next === 'shell') && w.some((x) => x === '-c' || x === '--command')) w = w.slice(w.findIndex((x) => x === '-c' || x === '--command') + 1);
    else if (/^python[\d.]*$|^py$/.test(n) && next === '-m' && w[2]) w = [w[2].replace(/_/g, '-'), ...w.slice(3)];
    else break;
    if (w[0] === '--') w = w.slice(1);
  }
  return w;
}

/** Splits plain text into shell words (quotes removed). */
export function splitWords(text: string): string[] {
  try {
    return tokenize(text, 0, text.length, '\\').flatMap((c) => c.words.map((w) => w.value));
  } catch {
    return text.split(/\s+/).filter(Boolean);
  }
}

function joinWords(words: string[]): string {
  return words.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');
}

function baseName(w: string): string {
  return w.slice(w.lastIndexOf('/') + 1);
}

function isBlockNode(f: SourceFile, path: (string | number)[]): boolean {
  const n = f.yamlNode(path) as Scalar | undefined;
  return !!n && isScalar(n) && (n.type === 'BLOCK_LITERAL' || n.type === 'BLOCK_FOLDED');
}

// ---- package invocations ------------------------------------------------------------------------

interface PackageInvocation {
  script: string;
  /** An install, which runs the root package's install lifecycle scripts. */
  install?: boolean;
  /** Arguments passed on to the script (appended to its command, as the package managers do). */
  extra?: string;
  dir?: string;
  select: string[];
  all: boolean;
  workspaceRest?: string[];
}

const YARN_BUILTIN = new Set(['install', 'add', 'remove', 'upgrade', 'up', 'audit', 'npm', 'dlx', 'exec', 'node', 'pack', 'publish', 'config', 'cache', 'info', 'why', 'set', 'plugin', 'constraints', 'version', 'init', 'link', 'unlink', 'import', 'global', 'check', 'licenses', 'outdated', 'bin', 'create', 'policies', 'login', 'logout', 'owner', 'tag', 'team', 'generate-lock-entry', 'autoclean', 'upgrade-interactive', 'dedupe', 'explain', 'patch', 'patch-commit', 'rebuild', 'search', 'stage', 'unplug', 'help', 'list', 'ls']);
const PNPM_BUILTIN = new Set(['install', 'i', 'add', 'remove', 'rm', 'un', 'uninstall', 'update', 'up', 'upgrade', 'audit', 'exec', 'dlx', 'list', 'ls', 'll', 'outdated', 'publish', 'pack', 'store', 'import', 'fetch', 'link', 'ln', 'unlink', 'prune', 'rebuild', 'rb', 'why', 'licenses', 'setup', 'env', 'init', 'deploy', 'patch', 'patch-commit', 'config', 'c', 'create', 'self-update', 'doctor', 'approve-builds', 'ci', 'install-test', 'it', 'server', 'root', 'bin', 'dedupe', 'cat-file', 'cat-index', 'find-hash', 'help', 'import', 'add', 'outdated', 'pkg', 'catalog']);

/** What an npm/yarn/pnpm/bun command line asks to run, or undefined when it runs no package script. */
function parsePackageInvocation(tool: string, words: string[]): PackageInvocation | undefined {
  const inv: PackageInvocation = { script: '', select: [], all: false };
  const positional: string[] = [];
  let ignoreScripts = false;
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (w === '--') break;
    if (w === '--ignore-scripts') ignoreScripts = true;
    const eq = w.indexOf('=');
    const flag = eq > 0 && w.startsWith('--') ? w.slice(0, eq) : w;
    const val = () => (eq > 0 && w.startsWith('--') ? w.slice(eq + 1) : words[++i]);
    if (tool === 'npm' && (flag === '--prefix' || flag === '-C')) inv.dir = val();
    else if (tool === 'yarn' && flag === '--cwd') inv.dir = val();
    else if (tool === 'pnpm' && (flag === '-C' || flag === '--dir')) inv.dir = val();
    else if (tool === 'bun' && flag === '--cwd') inv.dir = val();
    else if ((tool === 'npm' && (flag === '-w' || flag === '--workspace')) || (tool === 'pnpm' && (flag === '--filter' || flag === '-F')) || (tool === 'bun' && (flag === '--filter' || flag === '-F'))) {
      const v = val();
      if (v !== undefined) inv.select.push(v);
    } else if ((tool === 'npm' && (w === '-ws' || w === '--workspaces')) || (tool === 'pnpm' && (w === '-r' || w === '--recursive'))) inv.all = true;
    else if (/^(--loglevel|--workspace-concurrency|--reporter|--registry|--userconfig|--cache|--network-concurrency)$/.test(flag) && eq < 0) i++;
    else if (w.startsWith('-')) continue;
    else positional.push(w);
    if (positional.length >= 3 && !(tool === 'yarn' && positional[0] === 'workspaces')) break;
  }
  const [a, b] = positional;
  // Installing the project (no package named) runs its install lifecycle scripts.
  const installs = tool === 'npm' ? /^(install|i|ci|clean-install|install-clean|isntall)$/ : tool === 'yarn' ? /^install$/ : /^(install|i)$/;
  if ((a === undefined && tool === 'yarn') || (a !== undefined && installs.test(a) && positional.length === 1)) {
    return ignoreScripts ? undefined : { ...inv, script: 'install', install: true };
  }
  if (a === undefined) return undefined;
  if (tool === 'npm') {
    if (/^(run|run-script|rum|urn)$/.test(a)) inv.script = b ?? '';
    else if (/^(test|t|tst|it|cit|install-test|install-ci-test|clean-install-test)$/.test(a)) inv.script = 'test';
    else if (/^(start|stop|restart)$/.test(a)) inv.script = a;
    else return undefined;
  } else if (tool === 'yarn') {
    if (a === 'run') inv.script = b ?? '';
    else if (a === 'workspace' && b !== undefined) {
      const k = words.indexOf(b);
      inv.select.push(b);
      inv.workspaceRest = words.slice(k + 1);
      return inv.workspaceRest.length > 0 ? inv : undefined;
    } else if (a === 'workspaces') {
      const rest = positional.slice(1).filter((x) => x !== 'foreach');
      const r = rest[0] === 'run' ? rest[1] : rest[0];
      if (r === undefined || YARN_BUILTIN.has(r)) return undefined;
      inv.all = true;
      inv.script = r;
    } else if (a === 'test') inv.script = 'test';
    else if (YARN_BUILTIN.has(a)) return undefined;
    else inv.script = a;
  } else if (tool === 'pnpm') {
    if (a === 'run' || a === 'run-script') inv.script = b ?? '';
    else if (/^(test|t|tst)$/.test(a)) inv.script = 'test';
    else if (a === 'start') inv.script = 'start';
    else if (PNPM_BUILTIN.has(a)) return undefined;
    else inv.script = a;
  } else {
    if (a !== 'run' || b === undefined) return undefined;
    inv.script = b;
  }
  if (!inv.script) return undefined;
  // npm passes what follows `--`; yarn, pnpm and bun pass everything after the script name.
  const dd = words.indexOf('--');
  const at = words.indexOf(inv.script, 1);
  const extra = tool === 'npm' ? (dd >= 0 ? words.slice(dd + 1) : []) : at >= 0 ? words.slice(at + 1).filter((w) => w !== '--') : [];
  if (extra.length > 0) inv.extra = joinWords(extra);
  return inv;
}

// ---- tox, nox, just -----------------------------------------------------------------------------

interface ToxCommands {
  line: number;
  lines: { text: string; line: number; lenient: boolean }[];
}

interface ToxConfig {
  path: string;
  dir: string;
  envlist: string[];
  envs: Map<string, ToxCommands>;
  base?: ToxCommands;
}

/** Reads tox configuration from tox.ini, setup.cfg, tox.toml or pyproject.toml (native or legacy_tox_ini). */
function readTox(f: SourceFile): ToxConfig | undefined {
  const dir = f.path.includes('/') ? f.path.slice(0, f.path.lastIndexOf('/')) : '';
  const cfg: ToxConfig = { path: f.path, dir, envlist: [], envs: new Map() };
  if (/\.ini$|setup\.cfg$/.test(f.path)) {
    readToxIni(f.text, 0, cfg, /setup\.cfg$/.test(f.path) ? 'tox:tox' : 'tox');
    return cfg.base || cfg.envs.size > 0 ? cfg : undefined;
  }
  const legacy = /legacy_tox_ini\s*=\s*("""|''')/.exec(f.text);
  if (legacy) {
    const start = legacy.index + legacy[0].length;
    const end = f.text.indexOf(legacy[1], start);
    if (end > start) {
      readToxIni(f.text.slice(start, end), f.positionAt(start).line, cfg, 'tox');
      return cfg.base || cfg.envs.size > 0 ? cfg : undefined;
    }
  }
  const prefix = /pyproject\.toml$/.test(f.path) ? 'tool\\.tox\\.' : '';
  if (prefix && !/^\[tool\.tox[\].]/m.test(f.text)) return undefined;
  const lines = f.lines;
  let section = '';
  let sectionLine = 0;
  for (let i = 0; i < lines.length; i++) {
    const h = /^\s*\[([^\]]+)\]\s*$/.exec(lines[i]);
    if (h) {
      section = h[1].trim();
      sectionLine = i + 1;
      continue;
    }
    const envList = /^\s*env_list\s*=\s*\[(.*)\]\s*$/.exec(lines[i]);
    if (envList && new RegExp(`^${prefix ? 'tool\\.tox' : ''}$`).test(section)) cfg.envlist = [...envList[1].matchAll(/["']([^"']+)["']/g)].map((m) => m[1]);
    if (!/^\s*commands\s*=\s*\[/.test(lines[i])) continue;
    const text = collectArray(lines, i);
    const cmds: ToxCommands = { line: sectionLine, lines: [] };
    for (const inner of text.arrays) cmds.lines.push({ text: joinWords(inner.words), line: i + 1 + inner.lineOffset, lenient: false });
    const env = new RegExp(`^${prefix}env\\.(?:"([^"]+)"|([\\w.-]+))$`).exec(section);
    if (env) cfg.envs.set(env[1] ?? env[2], cmds);
    else if (new RegExp(`^${prefix}env_run_base$`).test(section)) cfg.base = cmds;
  }
  return cfg.base || cfg.envs.size > 0 ? cfg : undefined;
}

function collectArray(lines: string[], from: number): { arrays: { words: string[]; lineOffset: number }[] } {
  let depth = 0;
  const arrays: { words: string[]; lineOffset: number }[] = [];
  let current: { words: string[]; lineOffset: number } | undefined;
  for (let i = from; i < lines.length && i < from + 200; i++) {
    const l = i === from ? lines[i].slice(lines[i].indexOf('[')) : lines[i];
    for (let k = 0; k < l.length; k++) {
      const ch = l[k];
      if (ch === '"' || ch === "'") {
        const close = l.indexOf(ch, k + 1);
        if (close < 0) break;
        if (current && depth === 2) current.words.push(l.slice(k + 1, close));
        k = close;
      } else if (ch === '[') {
        depth++;
        if (depth === 2) current = { words: [], lineOffset: i - from };
      } else if (ch === ']') {
        if (depth === 2 && current) {
          arrays.push(current);
          current = undefined;
        }
        if (--depth === 0) return { arrays };
      } else if (ch === '#') break;
    }
  }
  return { arrays };
}

function readToxIni(text: string, lineBase: number, cfg: ToxConfig, mainSection: string): void {
  const lines = text.split('\n');
  let section = '';
  const values = new Map<string, Map<string, { text: string; line: number }[]>>();
  let key: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const h = /^\[([^\]]+)\]\s*$/.exec(raw.trim());
    if (h && !/^\s/.test(raw)) {
      section = h[1].trim();
      key = undefined;
      continue;
    }
    if (/^\s*[#;]/.test(raw) || raw.trim() === '') continue;
    const kv = /^([\w.-]+)\s*[=:]\s*(.*)$/.exec(raw);
    if (kv && !/^\s/.test(raw)) {
      key = kv[1];
      const m = values.get(section) ?? new Map();
      values.set(section, m);
      m.set(key, kv[2].trim() ? [{ text: kv[2].trim(), line: lineBase + i + 1 }] : []);
      continue;
    }
    if (key && /^\s/.test(raw)) values.get(section)?.get(key)?.push({ text: raw.trim(), line: lineBase + i + 1 });
  }
  const main = values.get(mainSection);
  const envlist = main?.get('envlist') ?? main?.get('env_list');
  if (envlist) cfg.envlist = envlist.flatMap((l) => l.text.split(/,(?![^{]*\})/)).map((s) => s.trim()).filter(Boolean).flatMap(braceExpand);
  const commandsOf = (sec: string, depth = 0): ToxCommands | undefined => {
    const m = values.get(sec);
    if (!m) return undefined;
    const lines2 = [...(m.get('commands_pre') ?? []), ...(m.get('commands') ?? [])];
    if (lines2.length === 0) return undefined;
    const out: ToxCommands = { line: lines2[0].line, lines: [] };
    // Continuation lines ending in a backslash form one command.
    let pending: { text: string; line: number } | undefined;
    for (const l of lines2) {
      const joined = pending ? { text: `${pending.text} ${l.text}`, line: pending.line } : l;
      if (/\\$/.test(joined.text)) {
        pending = { text: joined.text.slice(0, -1), line: joined.line };
        continue;
      }
      pending = undefined;
      const ref = /^\{\[([^\]]+)\]commands\}$/.exec(joined.text.trim());
      if (ref && depth < 3) {
        out.lines.push(...(commandsOf(ref[1], depth + 1)?.lines ?? []));
        continue;
      }
      let t = joined.text.replace(/^!?[\w.{},-]+:\s+/, '');
      const lenient = t.startsWith('- ');
      t = t.replace(/^-\s+/, '');
      t = t.replace(/\{posargs(?::([^}]*))?\}/g, (_m, d: string | undefined) => d ?? '').replace(/\{env:[\w]+(?::([^}]*))?\}/g, (_m, d: string | undefined) => d ?? '').replace(/\{envpython\}/g, 'python').replace(/\{(?:envbindir|envdir)\}\/?/g, '').replace(/\{toxinidir\}\/?/g, './');
      out.lines.push({ text: t, line: joined.line, lenient });
    }
    return out;
  };
  cfg.base = commandsOf('testenv');
  for (const sec of values.keys()) {
    const m = /^testenv:(.+)$/.exec(sec);
    if (!m) continue;
    const c = commandsOf(sec) ?? cfg.base;
    for (const name of braceExpand(m[1].trim())) if (c) cfg.envs.set(name, c);
  }
}

/** Expands tox's `py{38,39}-django{3,4}` into every combination. */
function braceExpand(s: string): string[] {
  const m = /\{([^{}]*)\}/.exec(s);
  if (!m) return [s];
  const out: string[] = [];
  for (const alt of m[1].split(',')) out.push(...braceExpand(s.slice(0, m.index) + alt.trim() + s.slice(m.index + m[0].length)));
  return out.slice(0, 64);
}

interface Noxfile {
  sessions: Map<string, { line: number; runs: { text: string; line: number }[] }>;
  defaults: string[];
}

function readNoxfile(f: SourceFile): Noxfile {
  const out: Noxfile = { sessions: new Map(), defaults: [] };
  const lines = f.lines;
  const d = /nox\.options\.sessions\s*=\s*\[([^\]]*)\]/.exec(f.text);
  if (d) out.defaults = [...d[1].matchAll(/["']([^"']+)["']/g)].map((m) => m[1]);
  for (let i = 0; i < lines.length; i++) {
    if (!/^@(?:nox\.)?session\b/.test(lines[i])) continue;
    let deco = lines[i];
    let j = i;
    while (j + 1 < lines.length && !/^(async\s+)?def\s/.test(lines[j + 1]) && j - i < 15) deco += lines[++j];
    const def = /^(?:async\s+)?def\s+(\w+)/.exec(lines[j + 1] ?? '');
    if (!def) continue;
    const named = /name\s*=\s*["']([^"']+)["']/.exec(deco);
    const name = named ? named[1] : def[1];
    const runs: { text: string; line: number }[] = [];
    let k = j + 2;
    for (; k < lines.length && (lines[k] === '' || /^\s/.test(lines[k])); k++) {
      const m = /session\.run(?:_always)?\(/.exec(lines[k]);
      if (!m) continue;
      let args = lines[k].slice(m.index + m[0].length);
      // The call's arguments run until its parentheses balance (at most 20 more lines).
      const balance = (s: string) => {
        let d = 0;
        for (const ch of s) if (ch === '(') d++;
        else if (ch === ')') d--;
        return d;
      };
      let depth = 1 + balance(args);
      let e = k;
      while (depth > 0 && e + 1 < lines.length && e - k < 20) {
        args += ' ' + lines[++e];
        depth += balance(lines[e]);
      }
      const words = [...args.matchAll(/(?:^|[\s,(])[rbuf]?(["'])((?:\\.|(?!\1).)*)\1/g)].map((x) => x[2]);
      if (words.length > 0) runs.push({ text: joinWords(words), line: k + 1 });
    }
    out.sessions.set(name, { line: j + 2, runs });
    i = k - 1;
  }
  return out;
}

interface Justfile {
  recipes: Map<string, { line: number; params: number; variadic: boolean; deps: string[]; after: string[]; body: { text: string; line: number; lenient: boolean }[] }>;
  first?: string;
}

/** `[@]name params: deps` of a just recipe header, as [whole, name, params, deps]; undefined for other lines. */
function justHeader(l: string): [string, string, string, string] | undefined {
  const name = /^@?([A-Za-z_][\w-]*)/.exec(l);
  if (!name) return undefined;
  const colon = l.indexOf(':', name[0].length);
  if (colon < 0 || l[colon + 1] === '=' || l.slice(name[0].length, colon).includes('=') && /:=/.test(l)) return undefined;
  return [l, name[1], l.slice(name[0].length, colon), l.slice(colon + 1)];
}

function readJustfile(f: SourceFile): Justfile {
  const out: Justfile = { recipes: new Map() };
  const lines = f.lines;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (/^\s|^#|^\[|^(set|alias|export|import|mod)\s/.test(l) || l.trim() === '') continue;
    const m = justHeader(l);
    if (!m) continue;
    const params = m[2].trim() ? m[2].trim().split(/\s+(?=(?:[^"']*["'][^"']*["'])*[^"']*$)/) : [];
    const variadic = params.some((p) => /^[+*]/.test(p.replace(/^\$/, '')));
    const [before, after = ''] = m[3].split('&&');
    const deps = [...before.matchAll(/\(\s*([\w-]+)[^)]*\)|([\w-]+)/g)].map((x) => x[1] ?? x[2]).filter(Boolean);
    const afterDeps = [...after.matchAll(/\(\s*([\w-]+)[^)]*\)|([\w-]+)/g)].map((x) => x[1] ?? x[2]).filter(Boolean);
    const body: { text: string; line: number; lenient: boolean }[] = [];
    let k = i + 1;
    for (; k < lines.length && (lines[k].trim() === '' || /^\s/.test(lines[k])); k++) {
      const t = lines[k].trim();
      if (!t || t.startsWith('#')) continue;
      const pre = /^[@-]*/.exec(t)![0];
      body.push({ text: t.slice(pre.length), line: k + 1, lenient: pre.includes('-') });
    }
    out.recipes.set(m[1], { line: i + 1, params: params.filter((p) => !p.includes('=')).length, variadic, deps, after: afterDeps, body });
    out.first ??= m[1];
    i = k - 1;
  }
  return out;
}
