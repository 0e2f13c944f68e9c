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
import { SourceFile } from './source';
import { readinessOutputKind } from './generated';
import type { AuditNote, FileKind } from './types';

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
  if (/^(readiness|\.readiness)\.ya?ml$/.test(lower) && !rel.includes('/')) return 'manifest';
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
}

interface Entry {
  kind: FileKind;
  size: number;
}

/**
 * Reads a file's bytes, or returns its size (a number) without reading it when it exceeds `max`.
 * The bytes may live in a shared buffer: they are valid only until the next call.
 */
type Loader = (rel: string, max: number) => Uint8Array | number;

/** One reusable read buffer: the bytes are decoded at once, so 20,000 reads need not each allocate. */
let scratch = Buffer.allocUnsafe(64 * 1024);

/** Reads a file with one open/fstat/read/close, returning only the size of a file over `max` bytes. */
function readUpTo(file: string, max: number): Uint8Array | number {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    if (size > max) return size;
    if (scratch.length < size) scratch = Buffer.allocUnsafe(Math.max(size, scratch.length * 2));
    const buf = scratch.subarray(0, size);
    let off = 0;
    while (off < size) {
      const n = fs.readSync(fd, buf, off, size - off, null);
      if (n === 0) break;
      off += n;
    }
    return off < size ? buf.subarray(0, off) : buf;
  } finally {
    fs.closeSync(fd);
  }
}

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
  private readonly maxFileSize: number;
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
    this.maxFileSize = opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  }

  /** Walks a folder on disk. Throws only when the root itself cannot be read. */
  static load(root: string, opts: WorkspaceOptions = {}): Workspace {
    const abs = path.resolve(root);
    const st = fs.statSync(abs);
    if (!st.isDirectory()) throw new Error(`not a folder: ${root}`);
    const ws = new Workspace(abs, (rel, max) => readUpTo(path.join(abs, rel), max), opts);
    ws.walk(opts);
    return ws;
  }

  /** Builds a workspace from in-memory files (tests, fuzzing, benchmarks). */
  static fromFiles(files: Record<string, string | Uint8Array>, opts: WorkspaceOptions = {}, root = '/memory'): Workspace {
    const enc = new TextEncoder();
    const bytes = new Map<string, Uint8Array>();
    for (const [k, v] of Object.entries(files)) bytes.set(k, typeof v === 'string' ? enc.encode(v) : v);
    const ws = new Workspace(root, (rel) => {
      const b = bytes.get(rel);
      if (!b) throw Object.assign(new Error(`ENOENT: ${rel}`), { code: 'ENOENT' });
      return b;
    }, opts);
    const ig = opts.ignore ?? [];
    for (const [rel, b] of bytes) {
      if (ig.some((g) => minimatch(rel, g, { dot: true }))) continue;
      ws.addEntry(rel, b.length);
    }
    return ws;
  }

  private addEntry(rel: string, size: number): void {
    this.entries.set(rel, { kind: classifyPath(rel), size });
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

  private walk(opts: WorkspaceOptions): void {
    const useGit = opts.gitignore !== false;
    const globs = opts.ignore ?? [];
    const visited = new Set<string>();
    const vendored = new Set<string>();
    type Matcher = { base: string; ig: Ignore };
    const rootReal = safeRealpath(this.root) ?? this.root;
    visited.add(rootReal);

    const isIgnored = (rel: string, isDir: boolean, matchers: Matcher[]): boolean => {
      if (globs.length > 0 && globs.some((g) => minimatch(rel, g, { dot: true }) || (isDir && minimatch(rel + '/', g, { dot: true })))) return true;
      for (const m of matchers) {
        const sub = m.base ? rel.slice(m.base.length + 1) : rel;
        if (sub && m.ig.ignores(isDir ? sub + '/' : sub)) return true;
      }
      return false;
    };

    const stack: { rel: string; abs: string; matchers: Matcher[]; ancestors: Set<string> }[] = [
      { rel: '', abs: this.root, matchers: [], ancestors: new Set([rootReal]) },
    ];
    while (stack.length > 0) {
      const { rel, abs, matchers: parentMatchers, ancestors } = stack.pop()!;
      let dirents: fs.Dirent[];
      try {
        dirents = fs.readdirSync(abs, { withFileTypes: true });
      } catch (e) {
        this.notes.push({ kind: 'unreadable', path: rel || '.', message: `could not read folder ${rel || '.'}: ${errCode(e)}` });
        continue;
      }
      let matchers = parentMatchers;
      if (useGit && dirents.some((d) => d.name === '.gitignore' && !d.isDirectory())) {
        try {
          const text = fs.readFileSync(path.join(abs, '.gitignore'), 'utf8');
          matchers = [...parentMatchers, { base: rel, ig: ignore().add(text) }];
        } catch (e) {
          this.notes.push({ kind: 'unreadable', path: join(rel, '.gitignore'), message: `could not read ${join(rel, '.gitignore')}: ${errCode(e)}` });
        }
      }
      dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const d of dirents) {
        const childRel = join(rel, d.name);
        const childAbs = path.join(abs, d.name);
        let isDir = d.isDirectory();
        let isFile = d.isFile();
        let size = -1;
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
          if (isDir) {
            const real = safeRealpath(childAbs);
            if (!real || ancestors.has(real)) {
              this.notes.push({ kind: 'symlink-loop', path: childRel, message: `symbolic link loop at ${childRel}, not followed` });
              continue;
            }
            if (visited.has(real)) continue;
            if (!(real === rootReal || real.startsWith(rootReal + path.sep))) {
              this.notes.push({ kind: 'info', path: childRel, message: `symbolic link ${childRel} points outside the workspace, not followed` });
              continue;
            }
          }
        }
        if (isDir) {
          if (VENDORED_DIRS.has(d.name)) {
            if (d.name !== '.git') vendored.add(childRel);
            continue;
          }
          if (isIgnored(childRel, true, matchers)) continue;
          const real = d.isSymbolicLink() ? safeRealpath(childAbs) ?? childAbs : path.join(rootReal, childRel);
          if (visited.has(real) && d.isSymbolicLink()) continue;
          visited.add(real);
          const anc = new Set(ancestors);
          anc.add(real);
          stack.push({ rel: childRel, abs: childAbs, matchers, ancestors: anc });
        } else if (isFile) {
          if (isIgnored(childRel, false, matchers)) continue;
          // No stat call here: the size limit is checked when (and if) the file is read.
          this.addEntry(childRel, Math.max(0, size));
        }
      }
    }
    if (vendored.size > 0) {
      const list = [...vendored].sort();
      const shown = list.slice(0, 5).join(', ') + (list.length > 5 ? `, and ${list.length - 5} more` : '');
      this.notes.push({ kind: 'skipped-vendored', path: null, message: `skipped ${list.length} vendored or generated folder(s): ${shown}` });
    }
  }

  /** All file paths, sorted. */
  get files(): string[] {
    if (!this.sortedCache) {
      this.sortedCache = [...this.entries.keys()].sort();
      this.lowerCache = undefined;
      this.kindCache = undefined;
    }
    return this.sortedCache;
  }

  /** Number of files discovered. */
  get size(): number {
    return this.entries.size;
  }

  /** True when a file exists (case-sensitive, relative POSIX path). */
  exists(rel: string): boolean {
    return this.entries.has(rel);
  }

  /** True when a folder exists. */
  hasDir(rel: string): boolean {
    return this.dirSet.has(rel.replace(/\/+$/, ''));
  }

  /** Finds an existing file whose path matches, ignoring case (e.g. `readme.md` → `README.md`). */
  findFile(candidates: string[]): string | undefined {
    for (const c of candidates) if (this.entries.has(c)) return c;
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
    if (kind === 'k8s') return this.ofNameKind('yaml').filter((f) => this.read(f)?.kind === 'k8s');
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
    let buf: Uint8Array;
    try {
      const got = this.loader(rel, this.maxFileSize);
      if (typeof got === 'number') {
        this.notes.push({ kind: 'skipped-large', path: rel, message: `${rel} is ${formatBytes(got)}, over the ${formatBytes(this.maxFileSize)} limit; not analysed` });
        return undefined;
      }
      buf = got;
      this.readCount++;
    } catch (e) {
      const code = errCode(e);
      this.notes.push(code === 'ENOENT'
        ? { kind: 'vanished', path: rel, message: `${rel} disappeared during the audit` }
        : { kind: 'unreadable', path: rel, message: `could not read ${rel}: ${code}` });
      return undefined;
    }
    if (buf.length > this.maxFileSize) {
      this.notes.push({ kind: 'skipped-large', path: rel, message: `${rel} is ${formatBytes(buf.length)}, over the ${formatBytes(this.maxFileSize)} limit; not analysed` });
      return undefined;
    }
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
    return new SourceFile(rel, text, refineKind(rel, entry.kind, text));
  }

  /** Sets (or with `undefined` clears) the editor text of a file; new files are added. */
  setOverlay(rel: string, text: string | undefined): void {
    if (text === undefined) this.overlays.delete(rel);
    else {
      this.overlays.set(rel, text);
      if (!this.entries.has(rel)) this.addEntry(rel, text.length);
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
    if (!this.entries.has(rel)) this.addEntry(rel, size);
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
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}

function errCode(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err?.code ?? err?.message ?? String(e);
}

/** Formats a byte count for messages. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${n} B`;
}
