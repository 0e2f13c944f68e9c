/**
 * Workspace discovery and file access. Walks a folder once, honouring `.gitignore` files and the
 * manifest's ignore globs, skipping vendored folders, symlink loops, unreadable folders, binary files
 * and files over the size limit, and recording every skip as a note so nothing is dropped silently.
 *
 * Files are read lazily and cached; the language server overlays the text of open editors.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { minimatch } from 'minimatch';
import { describeReadFailure, describeSpecial, errCode, isInside, readRegularFile, type ReadResult } from './fsafe';
import { readGitIndex } from './git-index';
import { userGlobs, type UserGlob } from './patterns';
import { SourceFile } from './source';
import { readinessOutputKind } from './generated';
import type { AuditNote, FileKind } from './vocabulary';
import { isManifestName } from './manifest-names';

/** Folders that hold dependencies or generated files and are never analysed. */
export const VENDORED_DIRS = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  'vendor',
  'third_party',
  'bower_components',
  '.venv',
  'venv',
  '__pycache__',
  '.tox',
  '.mypy_cache',
  '.pytest_cache',
  '.next',
  '.nuxt',
  '.gradle',
  '.cache',
  'coverage',
  '.vscode-test',
]);

/** Default limit above which a file is listed but not read. */
export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;
/** The hard ceiling of the size limit: the manifest or the settings can raise the limit up to here, no further. */
export const MAX_FILE_SIZE_CEILING = 8 * 1024 * 1024;
/** A `.gitignore` larger than this is not applied (and says so). */
export const GITIGNORE_MAX_BYTES = 256 * 1024;
/** A `.gitignore` with more patterns than this is not applied (and says so). */
export const GITIGNORE_MAX_PATTERNS = 5000;
/** Across all `.gitignore` files of a workspace, at most this many patterns are applied. */
export const GITIGNORE_MAX_TOTAL_PATTERNS = 20000;

const SOURCE_EXT = new Set([
  '.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx', '.py', '.go', '.java', '.kt', '.kts', '.rb', '.rs', '.cs', '.php', '.scala', '.ex', '.exs', '.fs', '.swift',
]);
const CONFIG_NAMES = /^(\.(eslintrc|prettierrc|stylelintrc|babelrc|nycrc|c8rc|mocharc|editorconfig|pre-commit-config|golangci|rubocop|flake8|pylintrc|markdownlint|lintstagedrc|huskyrc|releaserc|npmrc|nvmrc|tool-versions|python-version|node-version)(\..*)?|(eslint|prettier|jest|vitest|vite|playwright|cypress|webpack|rollup|babel|commitlint|lint-staged|tsconfig|jsconfig|codecov|renovate|sonar-project|setup|tox|pytest|mypy|ruff|karma|k6|artillery|locust|nodemon|next|nuxt|svelte|astro|angular|vue)[\w.-]*\.(js|cjs|mjs|ts|json|jsonc|ya?ml|toml|ini|cfg|properties|py)|Makefile|Procfile|Gemfile|Gemfile\.lock|go\.mod|go\.sum|Cargo\.toml|Cargo\.lock|pom\.xml|build\.gradle(\.kts)?|settings\.gradle(\.kts)?|requirements[\w.-]*\.txt|Pipfile|Pipfile\.lock|poetry\.lock|uv\.lock|pyproject\.toml|setup\.py|setup\.cfg|package-lock\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|composer\.json|composer\.lock|mix\.exs|[\w.-]+\.csproj|[\w.-]+\.sln|global\.json|nginx\.conf|[\w.-]+\.(tf|hcl|conf|ini|cfg|properties|xml|rules|sh|sql|jmx|k6\.js))$/i;

/** Classifies a workspace-relative path by its name alone. YAML files may later be refined to `k8s`. */
export function classifyPath(rel: string): FileKind {
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  const lower = base.toLowerCase();
  if (lower === 'dockerfile' || lower === 'containerfile' || lower.endsWith('.dockerfile') || lower.startsWith('dockerfile.') || lower.startsWith('dockerfile-')) {
    if (!/\.(md|txt|json|ya?ml|sh|ts|js|py)$/.test(lower) || lower.endsWith('.dockerfile')) return 'dockerfile';
  }
  if (lower === '.dockerignore') return 'dockerignore';
  if (lower === '.gitignore') return 'gitignore';
  if (!rel.includes('/') && isManifestName(lower)) return 'manifest';
  if (/^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/.test(lower)) return 'compose';
  if (/(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i.test(rel)) return 'workflow';
  if (lower.endsWith('.md') || lower.endsWith('.markdown') || lower.endsWith('.mdx')) return 'markdown';
  if (lower === 'package.json') return 'package-json';
  if (lower === '.env' || lower.startsWith('.env.') || lower.endsWith('.env')) return 'env';
  const ext = path.posix.extname(lower);
  if (CONFIG_NAMES.test(base)) return 'config';
  if (SOURCE_EXT.has(ext)) return 'source';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  if (ext === '.json' || ext === '.jsonc') return 'json';
  if (ext === '.toml') return 'toml';
  return 'other';
}

/** True when a buffer looks binary (a NUL byte in its first 8 KB, as git decides). */
export function looksBinary(buf: Uint8Array): boolean {
  const n = Math.min(buf.length, 8000);
  for (let i = 0; i < n; i++) if (buf[i] === 0) return true;
  return false;
}

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/** The number of patterns in a .gitignore text (lines that are neither blank nor comments). */
export function countGitignorePatterns(text: string): number {
  let n = 0;
  for (const line of text.split(/\r?\n/)) if (line.trim() !== '' && !line.startsWith('#')) n++;
  return n;
}

/** Decodes bytes as UTF-8, replacing invalid sequences and dropping a byte-order mark. */
export function decodeText(buf: Uint8Array): string {
  const s = decoder.decode(buf);
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/** Options of a workspace walk. */
export interface WorkspaceOptions {
  /** Files larger than this many bytes are listed but not read. */
  maxFileSize?: number;
  /** Glob patterns (relative to the root) of paths to leave out. */
  ignore?: string[];
  /** Honour `.gitignore` files (default true). */
  gitignore?: boolean;
  /** Where the size limit came from, for the note when it is over the ceiling (default "the manifest"). */
  maxFileSizeSource?: string;
}

interface Entry {
  kind: FileKind;
  size: number;
  /** The real path of a file reached through a symbolic link (checked to be inside the root). */
  real?: string;
  /** True for paths the walk did not list (editor events): the loader checks their real path first. */
  unchecked?: boolean;
}

/**
 * Reads a file's bytes safely (regular files only, at most `max` bytes, never through a link leading
 * outside the root). The bytes may live in a shared buffer: they are valid only until the next call.
 */
type Loader = (rel: string, max: number, entry: Entry | undefined) => ReadResult;

/** A set of files rooted at a folder, with lazy, cached reading and editor overlays. */
export class Workspace {
  /** Notes about everything skipped or unreadable. */
  readonly notes: AuditNote[] = [];
  private readonly entries = new Map<string, Entry>();
  private readonly dirSet = new Set<string>(['']);
  private readonly cache = new Map<string, SourceFile | null>();
  private readonly overlays = new Map<string, string>();
  private sortedCache?: string[];
  /** Lower-cased path → path, and paths per name-based kind; both rebuilt when the file list changes. */
  private lowerCache?: Map<string, string>;
  private kindCache?: Map<FileKind, string[]>;
  /** The Kubernetes manifests among the YAML files, for one version of the contents and one file list. */
  private k8sCache?: { version: number; files: string[]; paths: string[] };
  private readonly maxFileSize: number;
  /** For a view (`view()`): the workspace it filters, and which of its paths it shows. */
  private base?: Workspace;
  private visible?: (rel: string) => boolean;
  private baseFiles?: string[];
  private viewDirs?: Set<string>;
  private views?: Map<string, Workspace>;
  /** Counts how many files were read from disk (for benchmarks and tests). */
  readCount = 0;
  /**
   * Bumped whenever the file list or any file's content may have changed (new file, overlay, change
   * or deletion), so that caches of whole-workspace scans can key on it.
   */
  version = 0;

  private constructor(
    /** Absolute path of the root folder (or a label for in-memory workspaces). */
    readonly root: string,
    private readonly loader: Loader,
    opts: WorkspaceOptions,
  ) {
    const asked = opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    this.maxFileSize = Math.min(asked, MAX_FILE_SIZE_CEILING);
    if (asked > MAX_FILE_SIZE_CEILING) {
      this.notes.push({ kind: 'limit', path: null, message: `the size limit of ${formatBytes(asked)} set in ${opts.maxFileSizeSource ?? 'the manifest'} is over the ceiling of ${formatBytes(MAX_FILE_SIZE_CEILING)}; ${formatBytes(MAX_FILE_SIZE_CEILING)} applies` });
    }
  }

  /** The size limit in force (bytes). */
  get fileSizeLimit(): number {
    return this.maxFileSize;
  }

  /** Walks a folder on disk. Throws only when the root itself cannot be read. */
  static load(root: string, opts: WorkspaceOptions = {}): Workspace {
    const abs = path.resolve(root);
    const st = fs.statSync(abs);
    if (!st.isDirectory()) throw new Error(`not a folder: ${root}`);
    const rootReal = safeRealpath(abs) ?? abs;
    const ws = new Workspace(abs, (rel, max, entry) => {
      let file = entry?.real ?? path.join(abs, rel);
      if (!entry || entry.unchecked) {
        // A path the walk did not vouch for: it must really lie inside the root.
        const real = safeRealpath(file);
        if (!real) return { ok: false, reason: 'missing' };
        if (!isInside(rootReal, real)) return { ok: false, reason: 'link' };
        file = real;
      }
      return readRegularFile(file, max, { shared: true });
    }, opts);
    ws.walk(opts, rootReal);
    return ws;
  }

  /** Builds a workspace from in-memory files (tests, fuzzing, benchmarks). */
  static fromFiles(files: Record<string, string | Uint8Array>, opts: WorkspaceOptions = {}, root = '/memory'): Workspace {
    const enc = new TextEncoder();
    const bytes = new Map<string, Uint8Array>();
    for (const [k, v] of Object.entries(files)) bytes.set(k, typeof v === 'string' ? enc.encode(v) : v);
    const ws = new Workspace(root, (rel, max) => {
      const b = bytes.get(rel);
      if (!b) return { ok: false, reason: 'missing' };
      if (b.length > max) return { ok: false, reason: 'large', size: b.length };
      return { ok: true, bytes: b };
    }, opts);
    const ig = ws.ignoreGlobs(opts.ignore ?? []);
    for (const [rel, b] of bytes) {
      if (ig.some((g) => g.match(rel))) continue;
      ws.addEntry(rel, b.length);
    }
    return ws;
  }

  /** Compiles the manifest's ignore globs; a glob that cannot be matched in bounded time is noted and not applied. */
  private ignoreGlobs(patterns: string[]): UserGlob[] {
    const { globs, refused } = userGlobs(patterns);
    for (const r of refused) this.notes.push({ kind: 'manifest', path: null, message: `ignore glob \`${r.pattern}\` is not applied: ${r.message}` });
    return globs;
  }

  private addEntry(rel: string, size: number, extra: Partial<Entry> = {}): void {
    this.entries.set(rel, { kind: classifyPath(rel), size, ...extra });
    this.version++;
    let d = rel;
    for (;;) {
      const i = d.lastIndexOf('/');
      if (i < 0) break;
      d = d.slice(0, i);
      if (this.dirSet.has(d)) break;
      this.dirSet.add(d);
    }
    this.sortedCache = undefined;
  }

  private walk(opts: WorkspaceOptions, rootReal: string): void {
    const useGit = opts.gitignore !== false;
    const globs = this.ignoreGlobs(opts.ignore ?? []);
    const visited = new Set<string>();
    const vendored = new Set<string>();
    type Matcher = { base: string; ig: Ignore };
    visited.add(rootReal);
    // Files git tracks are analysed even when a .gitignore pattern matches them (git itself keeps
    // tracking them), and so are the folders that hold them.
    const index = useGit ? readGitIndex(this.root) : undefined;
    if (index && 'error' in index) this.notes.push({ kind: 'unreadable', path: '.git/index', message: `the git index could not be read (${index.error}); .gitignore patterns apply to every file` });
    const tracked = index && !('error' in index) ? index : undefined;
    const trackedIgnored: string[] = [];
    let gitignorePatterns = 0;

    const globIgnored = (rel: string, isDir: boolean): boolean =>
      globs.length > 0 && globs.some((g) => g.match(rel) || (isDir && g.match(rel + '/')));
    const gitIgnored = (rel: string, isDir: boolean, matchers: Matcher[]): boolean => {
      for (const m of matchers) {
        const sub = m.base ? rel.slice(m.base.length + 1) : rel;
        if (sub && m.ig.ignores(isDir ? sub + '/' : sub)) return true;
      }
      return false;
    };

    const readGitignore = (rel: string, abs: string, d: fs.Dirent): Matcher | undefined => {
      const giRel = join(rel, '.gitignore');
      let file = path.join(abs, '.gitignore');
      if (d.isSymbolicLink()) {
        const real = safeRealpath(file);
        if (!real || !isInside(rootReal, real)) {
          this.notes.push({ kind: 'skipped-link', path: giRel, message: `${giRel} is a symbolic link that points outside the workspace or nowhere; not followed, so it is not applied` });
          return undefined;
        }
        file = real;
      }
      const got = readRegularFile(file, GITIGNORE_MAX_BYTES);
      if (!got.ok) {
        const why = got.reason === 'large' ? `${giRel} is ${formatBytes(got.size)}, over the ${formatBytes(GITIGNORE_MAX_BYTES)} limit for .gitignore files` : describeReadFailure(giRel, got, GITIGNORE_MAX_BYTES).replace(/; not (read|analysed|followed)$/, '');
        this.notes.push({ kind: got.reason === 'large' ? 'limit' : got.reason === 'special' ? 'skipped-special' : 'unreadable', path: giRel, message: `${why}; it is not applied, so the files it would ignore are analysed` });
        return undefined;
      }
      const text = decodeText(got.bytes);
      const count = countGitignorePatterns(text);
      if (count > GITIGNORE_MAX_PATTERNS) {
        this.notes.push({ kind: 'limit', path: giRel, message: `${giRel} has ${count} patterns, over the limit of ${GITIGNORE_MAX_PATTERNS}; it is not applied, so the files it would ignore are analysed` });
        return undefined;
      }
      if (gitignorePatterns + count > GITIGNORE_MAX_TOTAL_PATTERNS) {
        this.notes.push({ kind: 'limit', path: giRel, message: `${giRel} would bring the .gitignore patterns of the workspace over ${GITIGNORE_MAX_TOTAL_PATTERNS}; it is not applied, so the files it would ignore are analysed` });
        return undefined;
      }
      gitignorePatterns += count;
      try {
        return { base: rel, ig: ignore().add(text) };
      } catch (e) {
        this.notes.push({ kind: 'unreadable', path: giRel, message: `${giRel} could not be read as .gitignore patterns (${(e as Error).message}); it is not applied` });
        return undefined;
      }
    };

    const stack: { rel: string; abs: string; matchers: Matcher[]; ancestors: Set<string>; linked: boolean; onlyTracked: boolean }[] = [
      { rel: '', abs: this.root, matchers: [], ancestors: new Set([rootReal]), linked: false, onlyTracked: false },
    ];
    while (stack.length > 0) {
      const { rel, abs, matchers: parentMatchers, ancestors, linked, onlyTracked } = stack.pop()!;
      let dirents: fs.Dirent[];
      try {
        dirents = fs.readdirSync(abs, { withFileTypes: true });
      } catch (e) {
        this.notes.push({ kind: 'unreadable', path: rel || '.', message: `could not read folder ${rel || '.'}: ${errCode(e)}` });
        continue;
      }
      let matchers = parentMatchers;
      const gi = useGit ? dirents.find((d) => d.name === '.gitignore' && !d.isDirectory()) : undefined;
      if (gi) {
        const m = readGitignore(rel, abs, gi);
        if (m) matchers = [...parentMatchers, m];
      }
      if (dirents.some((d) => d.name.includes('\uFFFD'))) dirents = this.dropInvalidNames(rel, abs, dirents);
      dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const d of dirents) {
        const childRel = join(rel, d.name);
        const childAbs = path.join(abs, d.name);
        let isDir = d.isDirectory();
        let isFile = d.isFile();
        let size = -1;
        let real: string | undefined;
        if (d.isSymbolicLink()) {
          let st: fs.Stats;
          try {
            st = fs.statSync(childAbs);
          } catch (e) {
            this.notes.push({ kind: 'unreadable', path: childRel, message: `broken symbolic link ${childRel}: ${errCode(e)}` });
            continue;
          }
          isDir = st.isDirectory();
          isFile = st.isFile();
          size = st.size;
          real = safeRealpath(childAbs);
          if (isDir) {
            if (!real || ancestors.has(real)) {
              this.notes.push({ kind: 'symlink-loop', path: childRel, message: `symbolic link loop at ${childRel}, not followed` });
              continue;
            }
            if (visited.has(real)) continue;
          }
          if (!real || !isInside(rootReal, real)) {
            this.notes.push({ kind: 'skipped-link', path: childRel, message: `symbolic link ${childRel} points outside the workspace, not followed` });
            continue;
          }
          if (!isDir && !isFile) {
            this.notes.push({ kind: 'skipped-special', path: childRel, message: `${childRel} is a symbolic link to ${describeSpecial(st)}, not a regular file; not read` });
            continue;
          }
        } else if (!isDir && !isFile) {
          // A FIFO, a socket or a device is never opened (reading one could block or never end). Some
          // file systems do not give the type in the listing: ask for it then.
          let st: fs.Stats | undefined;
          try {
            st = fs.lstatSync(childAbs);
          } catch {
            continue;
          }
          isDir = st.isDirectory();
          isFile = st.isFile();
          if (!isDir && !isFile) {
            if (!VENDORED_DIRS.has(d.name)) this.notes.push({ kind: 'skipped-special', path: childRel, message: `${childRel} is ${describeSpecial(st)}, not a regular file; not read` });
            continue;
          }
        }
        if (isDir) {
          if (VENDORED_DIRS.has(d.name)) {
            if (d.name !== '.git') vendored.add(childRel);
            continue;
          }
          if (globIgnored(childRel, true)) continue;
          let childOnlyTracked = onlyTracked;
          if (onlyTracked) {
            if (!tracked?.dirs.has(childRel)) continue;
          } else if (gitIgnored(childRel, true, matchers)) {
            // Git keeps tracking files inside an ignored folder: only those are analysed.
            if (!tracked?.dirs.has(childRel)) continue;
            childOnlyTracked = true;
          }
          const realDir = d.isSymbolicLink() ? real ?? childAbs : linked ? safeRealpath(childAbs) ?? childAbs : path.join(rootReal, childRel);
          if (visited.has(realDir) && d.isSymbolicLink()) continue;
          visited.add(realDir);
          const anc = new Set(ancestors);
          anc.add(realDir);
          stack.push({ rel: childRel, abs: childAbs, matchers, ancestors: anc, linked: linked || d.isSymbolicLink(), onlyTracked: childOnlyTracked });
        } else if (isFile) {
          if (globIgnored(childRel, false)) continue;
          const isTracked = tracked?.files.has(childRel) ?? false;
          if (onlyTracked) {
            if (!isTracked) continue;
            trackedIgnored.push(childRel);
          } else if (gitIgnored(childRel, false, matchers)) {
            if (!isTracked) continue;
            trackedIgnored.push(childRel);
          }
          // No stat call here: the size limit is checked when (and if) the file is read.
          this.addEntry(childRel, Math.max(0, size), d.isSymbolicLink() ? { real } : linked ? { unchecked: true } : {});
        }
      }
    }
    if (vendored.size > 0) {
      const list = [...vendored].sort();
      const shown = list.slice(0, 5).join(', ') + (list.length > 5 ? `, and ${list.length - 5} more` : '');
      this.notes.push({ kind: 'skipped-vendored', path: null, message: `skipped ${list.length} vendored or generated folder(s): ${shown}` });
    }
    if (trackedIgnored.length > 0) {
      const list = trackedIgnored.sort();
      const shown = list.slice(0, 5).join(', ') + (list.length > 5 ? `, and ${list.length - 5} more` : '');
      this.notes.push({ kind: 'info', path: null, message: `${list.length} file(s) that git tracks are analysed although a .gitignore pattern matches them: ${shown}` });
    }
  }

  /**
   * Drops the entries of a folder whose names are not valid UTF-8 (they cannot be named in a report
   * or opened again by a decoded name), with a note for each.
   */
  private dropInvalidNames(rel: string, abs: string, dirents: fs.Dirent[]): fs.Dirent[] {
    let raw: Buffer[];
    try {
      raw = fs.readdirSync(abs, { encoding: 'buffer' });
    } catch {
      return dirents;
    }
    const bad = new Set<string>();
    for (const b of raw) {
      let ok = true;
      try {
        strictDecoder.decode(b);
      } catch {
        ok = false;
      }
      if (!ok) bad.add(b.toString('utf8'));
    }
    if (bad.size === 0) return dirents;
    for (const name of [...bad].sort()) {
      const shown = join(rel, name);
      this.notes.push({ kind: 'skipped-special', path: null, message: `a file name in ${rel || 'the root folder'} is not valid UTF-8 (shown as ${JSON.stringify(shown)}); not analysed` });
    }
    return dirents.filter((d) => !bad.has(d.name));
  }

  /**
   * A view of this workspace that shows only the paths `visible` accepts (the engine gives each rule
   * the view of the trees it judges, see `core/roles.ts`). A view shares the files, their cache, the
   * notes and the editor overlays of its workspace; its file list follows the workspace's. Views are
   * cached by `key`, so that rules asking for the same view share its memos.
   */
  view(key: string, visible: (rel: string) => boolean): Workspace {
    const root = this.base ?? this;
    root.views ??= new Map();
    let v = root.views.get(key);
    if (!v) {
      v = Object.create(root) as Workspace;
      Object.defineProperties(v, {
        base: { value: root, writable: false },
        visible: { value: visible, writable: false },
        baseFiles: { value: undefined, writable: true },
        viewDirs: { value: undefined, writable: true },
        sortedCache: { value: undefined, writable: true },
        lowerCache: { value: undefined, writable: true },
        kindCache: { value: undefined, writable: true },
        k8sCache: { value: undefined, writable: true },
      });
      root.views.set(key, v);
    }
    return v;
  }

  /** The workspace a view filters, or this workspace itself. */
  get unfiltered(): Workspace {
    return this.base ?? this;
  }

  /** All file paths, sorted. */
  get files(): string[] {
    if (this.base) {
      const all = this.base.files;
      if (this.baseFiles !== all || !this.sortedCache) {
        this.baseFiles = all;
        this.sortedCache = all.filter((f) => this.visible!(f));
        this.lowerCache = undefined;
        this.kindCache = undefined;
        this.viewDirs = undefined;
      }
      return this.sortedCache;
    }
    if (!this.sortedCache) {
      this.sortedCache = [...this.entries.keys()].sort();
      this.lowerCache = undefined;
      this.kindCache = undefined;
    }
    return this.sortedCache;
  }

  /** Number of files discovered. */
  get size(): number {
    return this.base ? this.files.length : this.entries.size;
  }

  /** True when a file exists (case-sensitive, relative POSIX path). */
  exists(rel: string): boolean {
    return this.entries.has(rel) && (!this.visible || this.visible(rel));
  }

  /** True when a folder exists. */
  hasDir(rel: string): boolean {
    const d = rel.replace(/\/+$/, '');
    if (!this.base) return this.dirSet.has(d);
    const files = this.files;
    if (!this.viewDirs) {
      const dirs = new Set<string>(['']);
      for (const f of files) for (let i = f.indexOf('/'); i > 0; i = f.indexOf('/', i + 1)) dirs.add(f.slice(0, i));
      this.viewDirs = dirs;
    }
    return this.viewDirs.has(d);
  }

  /** Finds an existing file whose path matches, ignoring case (e.g. `readme.md` → `README.md`). */
  findFile(candidates: string[]): string | undefined {
    for (const c of candidates) if (this.exists(c)) return c;
    const files = this.files;
    let lower = this.lowerCache;
    if (!lower) {
      // Built once per file list: rules call this for every candidate name of every document.
      lower = new Map<string, string>();
      for (const f of files) if (!lower.has(f.toLowerCase())) lower.set(f.toLowerCase(), f);
      this.lowerCache = lower;
    }
    for (const c of candidates) {
      const hit = lower.get(c.toLowerCase());
      if (hit) return hit;
    }
    return undefined;
  }

  /** Paths matching a glob (minimatch, dot files included). */
  glob(pattern: string | string[]): string[] {
    const pats = Array.isArray(pattern) ? pattern : [pattern];
    return this.files.filter((f) => pats.some((p) => minimatch(f, p, { dot: true, nocase: true })));
  }

  /** The name-based kind of a file. */
  kindOf(rel: string): FileKind | undefined {
    return this.entries.get(rel)?.kind;
  }

  /** Paths of a given kind. `k8s` reads YAML files to recognise Kubernetes manifests. */
  pathsOfKind(kind: FileKind): string[] {
    if (kind === 'k8s') {
      // Kubernetes manifests are recognised by content: cached until the next change (rules ask often).
      const files = this.files;
      if (!this.k8sCache || this.k8sCache.version !== this.version || this.k8sCache.files !== files) {
        this.k8sCache = { version: this.version, files, paths: this.ofNameKind('yaml').filter((f) => this.read(f)?.kind === 'k8s') };
      }
      return this.k8sCache.paths.slice();
    }
    return this.ofNameKind(kind).slice();
  }

  /** Paths whose name-based kind is `kind`, from one pass over the file list (cached with it). */
  private ofNameKind(kind: FileKind): string[] {
    const files = this.files;
    if (!this.kindCache) {
      const byKind = new Map<FileKind, string[]>();
      for (const f of files) {
        const k = this.entries.get(f)!.kind;
        let list = byKind.get(k);
        if (!list) byKind.set(k, (list = []));
        list.push(f);
      }
      this.kindCache = byKind;
    }
    return this.kindCache.get(kind) ?? [];
  }

  /** Readable files of a given kind. */
  filesOfKind(kind: FileKind): SourceFile[] {
    const out: SourceFile[] = [];
    for (const p of this.pathsOfKind(kind)) {
      const f = this.read(p);
      if (f) out.push(f);
    }
    return out;
  }

  /**
   * Reads a file, or returns undefined when it is missing, binary, too large or unreadable (each with
   * a note). Open editor buffers take precedence over the disk.
   */
  read(rel: string): SourceFile | undefined {
    if (this.base) return this.visible!(rel) ? this.base.read(rel) : undefined;
    const cached = this.cache.get(rel);
    if (cached !== undefined) return cached ?? undefined;
    const file = this.load(rel);
    this.cache.set(rel, file ?? null);
    return file;
  }

  private load(rel: string): SourceFile | undefined {
    const overlay = this.overlays.get(rel);
    const entry = this.entries.get(rel);
    if (overlay !== undefined) return new SourceFile(rel, overlay, refineKind(rel, entry?.kind ?? classifyPath(rel), overlay));
    if (!entry) return undefined;
    if (entry.size > this.maxFileSize) {
      this.notes.push({ kind: 'skipped-large', path: rel, message: `${rel} is ${formatBytes(entry.size)}, over the ${formatBytes(this.maxFileSize)} limit; not analysed` });
      return undefined;
    }
    let got: ReadResult;
    try {
      got = this.loader(rel, this.maxFileSize, entry);
    } catch (e) {
      got = { ok: false, reason: 'error', code: errCode(e) };
    }
    if (!got.ok) {
      const kind: AuditNote['kind'] = got.reason === 'large' ? 'skipped-large' : got.reason === 'missing' ? 'vanished' : got.reason === 'special' ? 'skipped-special' : got.reason === 'link' ? 'skipped-link' : 'unreadable';
      this.notes.push({ kind, path: rel, message: describeReadFailure(rel, got, this.maxFileSize) });
      return undefined;
    }
    const buf = got.bytes;
    this.readCount++;
    if (looksBinary(buf)) {
      this.notes.push({ kind: 'skipped-binary', path: rel, message: `${rel} is a binary (or UTF-16) file; not analysed` });
      return undefined;
    }
    const text = decodeText(buf);
    const generated = readinessOutputKind(text);
    if (generated) {
      this.notes.push({ kind: 'info', path: rel, message: `${rel} is a ${generated} written by readiness; not analysed (our own output is not evidence)` });
      return undefined;
    }
    const file = new SourceFile(rel, text, refineKind(rel, entry.kind, text));
    file.bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
    // Text with invalid UTF-8 was decoded with replacement characters: it can be analysed, but
    // writing it back would change bytes the user never saw, so fixes leave such files alone.
    file.lossy = text.includes('\uFFFD') && !isValidUtf8(buf);
    return file;
  }

  /** Sets (or with `undefined` clears) the editor text of a file; new files are added. */
  setOverlay(rel: string, text: string | undefined): void {
    if (text === undefined) this.overlays.delete(rel);
    else {
      this.overlays.set(rel, text);
      if (!this.entries.has(rel)) this.addEntry(rel, text.length, { unchecked: true });
    }
    this.cache.delete(rel);
    this.version++;
  }

  /** The files read so far (cached), for reporting problems found while analysing them. */
  loadedFiles(): SourceFile[] {
    const out: SourceFile[] = [];
    for (const f of this.cache.values()) if (f) out.push(f);
    return out;
  }

  /**
   * Drops the cached texts and parsed views of files that are not open in an editor, so that a
   * long-lived process (the language server) does not keep a whole repository in memory between
   * audits. The next read of a dropped file reads the disk again.
   */
  releaseFiles(): number {
    let n = 0;
    for (const rel of [...this.cache.keys()]) {
      if (this.overlays.has(rel)) continue;
      this.cache.delete(rel);
      n++;
    }
    return n;
  }

  /** Records that a file was created or changed on disk. */
  fileChanged(rel: string, size = 0): void {
    // A path the walk did not list: its real path is checked when it is read.
    if (!this.entries.has(rel)) this.addEntry(rel, size, { unchecked: true });
    else this.entries.get(rel)!.size = size;
    this.cache.delete(rel);
    this.version++;
  }

  /** Records that a file was deleted on disk. */
  fileDeleted(rel: string): void {
    this.entries.delete(rel);
    this.cache.delete(rel);
    this.sortedCache = undefined;
    this.version++;
  }

  /** Drops notes about one file (before it is re-read). */
  clearNotesFor(rel: string): void {
    for (let i = this.notes.length - 1; i >= 0; i--) if (this.notes[i].path === rel) this.notes.splice(i, 1);
  }
}

/** Recognises Kubernetes manifests among YAML files by their `apiVersion` and `kind` keys. */
function refineKind(rel: string, kind: FileKind, text: string): FileKind {
  if (kind === 'yaml' && /^apiVersion:\s*\S/m.test(text) && /^kind:\s*[A-Z]\w*/m.test(text)) return 'k8s';
  return kind;
}

function join(a: string, b: string): string {
  return a ? `${a}/${b}` : b;
}

function safeRealpath(p: string): string | undefined {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return undefined;
  }
}

/** True when bytes are valid UTF-8. */
export function isValidUtf8(buf: Uint8Array): boolean {
  try {
    strictDecoder.decode(buf);
    return true;
  } catch {
    return false;
  }
}

/** Formats a byte count for messages. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${n} B`;
}
