/**
 * The one safe reader and the one safe writer of the product. Repositories are untrusted (pull
 * requests audited in CI, clones opened in the editor), so every file the engine, the CLI or the
 * language server reads or writes goes through here:
 *
 * - Reading opens with `O_NOFOLLOW | O_NONBLOCK`, checks with `fstat` that the file is a regular file
 *   (a FIFO, a socket or a device such as `/dev/zero` is refused without blocking), and never reads
 *   more than the size cap, even from a file that grows while it is read.
 * - Writing resolves the real path of every parent folder and refuses anything outside the root,
 *   creates files with `O_CREAT | O_EXCL | O_NOFOLLOW` (never replacing or writing through a link),
 *   and replaces an existing file atomically: a temporary file in the same folder, flushed, then
 *   renamed over the original, which is left untouched when anything fails.
 *
 * The file-system calls go through an `FsLayer`, so tests inject faults (ENOSPC in the middle of a
 * write, a failing rename) and check that nothing is lost.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The file-system calls the safe reader and writer make; tests replace some to inject faults. */
export interface FsLayer {
  openSync(p: string, flags: number, mode?: number): number;
  readSync(fd: number, buf: Uint8Array, offset: number, length: number, position: number | null): number;
  writeSync(fd: number, buf: Uint8Array, offset: number, length: number): number;
  fstatSync(fd: number): fs.Stats;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  lstatSync(p: string): fs.Stats;
  realpathSync(p: string): string;
  mkdirSync(p: string, mode?: number): void;
  renameSync(from: string, to: string): void;
  unlinkSync(p: string): void;
}

/** The real file system. */
export const nodeFs: FsLayer = {
  openSync: (p, flags, mode) => fs.openSync(p, flags, mode),
  readSync: (fd, buf, offset, length, position) => fs.readSync(fd, buf, offset, length, position),
  writeSync: (fd, buf, offset, length) => fs.writeSync(fd, buf, offset, length),
  fstatSync: (fd) => fs.fstatSync(fd),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  closeSync: (fd) => fs.closeSync(fd),
  lstatSync: (p) => fs.lstatSync(p),
  realpathSync: (p) => fs.realpathSync.native(p),
  mkdirSync: (p, mode) => void fs.mkdirSync(p, { mode }),
  renameSync: (from, to) => fs.renameSync(from, to),
  unlinkSync: (p) => fs.unlinkSync(p),
};

const C = fs.constants;
/** `O_NOFOLLOW` where the platform has it (0 elsewhere: the lstat checks still apply). */
const O_NOFOLLOW = C.O_NOFOLLOW ?? 0;
/** `O_NONBLOCK` makes opening a FIFO return at once instead of waiting for a writer. */
const O_NONBLOCK = C.O_NONBLOCK ?? 0;

/** What a file that is not a regular file is, for notes. */
export function describeSpecial(st: fs.Stats): string {
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isDirectory()) return 'a folder';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/** The outcome of a safe read. */
export type ReadResult =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; reason: 'large'; size: number }
  | { ok: false; reason: 'special'; what: string }
  | { ok: false; reason: 'link' }
  | { ok: false; reason: 'missing' }
  | { ok: false; reason: 'error'; code: string };

/** One reusable read buffer: the bytes are decoded at once, so 20,000 reads need not each allocate. */
let scratch = Buffer.allocUnsafe(64 * 1024);

/**
 * Reads a regular file of at most `max` bytes at an absolute path whose last component is not a
 * symbolic link. With `shared`, the bytes may live in a buffer reused by the next call (decode them at
 * once); otherwise they are a copy.
 */
export function readRegularFile(abs: string, max: number, opts: { shared?: boolean; fsl?: FsLayer } = {}): ReadResult {
  const fsl = opts.fsl ?? nodeFs;
  let fd: number;
  try {
    fd = fsl.openSync(abs, C.O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (e) {
    const code = errCode(e);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'missing' };
    if (code === 'ELOOP') return { ok: false, reason: 'link' };
    if (code === 'ENXIO') return { ok: false, reason: 'special', what: 'a socket or a device without a reader' };
    return { ok: false, reason: 'error', code };
  }
  try {
    const st = fsl.fstatSync(fd);
    if (!st.isFile()) return { ok: false, reason: 'special', what: describeSpecial(st) };
    if (st.size > max) return { ok: false, reason: 'large', size: st.size };
    // Read at most `max + 1` bytes whatever fstat said, so that a file growing while it is read is
    // still caught by the cap instead of filling memory.
    const want = Math.min(st.size, max) + 1;
    if (scratch.length < want) scratch = Buffer.allocUnsafe(Math.max(want, Math.min(scratch.length * 2, max + 1)));
    let off = 0;
    for (;;) {
      if (off >= want) break;
      const n = fsl.readSync(fd, scratch, off, want - off, null);
      if (n === 0) break;
      off += n;
    }
    if (off > max) return { ok: false, reason: 'large', size: Math.max(off, st.size) };
    const view = scratch.subarray(0, off);
    return { ok: true, bytes: opts.shared ? view : Uint8Array.prototype.slice.call(view) };
  } catch (e) {
    return { ok: false, reason: 'error', code: errCode(e) };
  } finally {
    try {
      fsl.closeSync(fd);
    } catch {
      /* closing a read-only descriptor cannot lose data */
    }
  }
}

/** True when `p` is `root` or inside it (both real, absolute paths). */
export function isInside(root: string, p: string): boolean {
  return p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/** A refused or failed write, with a message for people. */
export class WriteError extends Error {
  constructor(
    message: string,
    /** `refused` for a target the writer will not touch (outside, a link, exists); `failed` for an I/O error. */
    readonly kind: 'refused' | 'failed',
  ) {
    super(message);
  }
}

/** Splits a workspace-relative path into segments, refusing absolute paths, `..` and NUL bytes. */
function segmentsOf(rel: string): string[] {
  if (!rel || rel.includes('\0') || path.isAbsolute(rel) || /^[a-zA-Z]:/.test(rel)) throw new WriteError(`${rel || '(empty path)'} is not a path inside the repository`, 'refused');
  const segs = rel.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (segs.length === 0 || segs.includes('..')) throw new WriteError(`${rel} is not a path inside the repository`, 'refused');
  return segs;
}

/**
 * Writes inside one root folder only. Every parent folder is resolved to its real path and must lie
 * inside the root's real path; new files are created exclusively without following links; existing
 * files are replaced atomically.
 */
export class SafeWriter {
  /** The root's real path. */
  readonly rootReal: string;

  constructor(
    /** The root folder (the repository). */
    readonly root: string,
    private readonly fsl: FsLayer = nodeFs,
  ) {
    this.rootReal = fsl.realpathSync(path.resolve(root));
  }

  /**
   * The real path of the folder that holds `rel`, creating missing folders when `create` is true.
   * Refuses a parent that is a link leading outside the root, or that is not a folder.
   */
  private parentOf(rel: string, create: boolean): { dir: string; name: string } {
    const segs = segmentsOf(rel);
    const name = segs.pop()!;
    let dir = this.rootReal;
    let shown = '';
    for (const seg of segs) {
      shown = shown ? `${shown}/${seg}` : seg;
      const next = path.join(dir, seg);
      let st: fs.Stats | undefined;
      try {
        st = this.fsl.lstatSync(next);
      } catch (e) {
        if (errCode(e) !== 'ENOENT') throw new WriteError(`cannot write ${rel}: ${shown}: ${errCode(e)}`, 'failed');
      }
      if (!st) {
        if (!create) throw new WriteError(`cannot write ${rel}: the folder ${shown} does not exist`, 'refused');
        try {
          this.fsl.mkdirSync(next, 0o755);
        } catch (e) {
          if (errCode(e) !== 'EEXIST') throw new WriteError(`cannot create the folder ${shown}: ${errCode(e)}`, 'failed');
        }
        st = this.fsl.lstatSync(next);
      }
      if (st.isSymbolicLink()) {
        let real: string;
        try {
          real = this.fsl.realpathSync(next);
        } catch (e) {
          throw new WriteError(`${shown} is a broken symbolic link; ${rel} is not written`, 'refused');
        }
        if (!isInside(this.rootReal, real)) throw new WriteError(`${shown} is a symbolic link to a folder outside the repository; ${rel} is not written`, 'refused');
        st = this.fsl.lstatSync(real);
        if (!st.isDirectory()) throw new WriteError(`${shown} is not a folder; ${rel} is not written`, 'refused');
        dir = real;
        continue;
      }
      if (!st.isDirectory()) throw new WriteError(`${shown} is not a folder; ${rel} is not written`, 'refused');
      dir = next;
    }
    return { dir, name };
  }

  /**
   * Why `create` or `replace` of `rel` would be refused, or undefined when it would be attempted: the
   * language server checks the edits it proposes with this (the editor applies them).
   */
  refusal(rel: string, mode: 'create' | 'replace'): string | undefined {
    try {
      segmentsOf(rel);
    } catch (e) {
      return (e as Error).message;
    }
    let dir: string;
    let name: string;
    try {
      ({ dir, name } = this.parentOf(rel, false));
    } catch (e) {
      // Folders that do not exist yet are created inside the root: only a refusal counts.
      if (e instanceof WriteError && e.kind === 'refused' && /does not exist$/.test(e.message)) return mode === 'create' ? undefined : e.message;
      return (e as Error).message;
    }
    let st: fs.Stats | undefined;
    try {
      st = this.fsl.lstatSync(path.join(dir, name));
    } catch {
      st = undefined;
    }
    if (mode === 'create') return st ? `${rel} already exists; it is never overwritten` : undefined;
    if (!st) return `${rel} does not exist`;
    if (st.isSymbolicLink()) {
      try {
        const real = this.fsl.realpathSync(path.join(dir, name));
        if (!isInside(this.rootReal, real)) return `${rel} is a symbolic link to a file outside the repository; it is not written`;
        st = this.fsl.lstatSync(real);
      } catch {
        return `${rel} is a broken symbolic link; it is not written`;
      }
    }
    return st.isFile() ? undefined : `${rel} is ${describeSpecial(st)}, not a regular file; it is not written`;
  }

  /** What is at `rel` now, without following a final link: 'missing', 'file', 'link' or another kind. */
  kindOf(rel: string): 'missing' | 'file' | 'link' | 'other' {
    let dir: string;
    let name: string;
    try {
      ({ dir, name } = this.parentOf(rel, false));
    } catch {
      return 'missing';
    }
    try {
      const st = this.fsl.lstatSync(path.join(dir, name));
      return st.isSymbolicLink() ? 'link' : st.isFile() ? 'file' : 'other';
    } catch {
      return 'missing';
    }
  }

  /** Creates a new file; never replaces or follows anything that is already there (even a dangling link). */
  create(rel: string, data: string | Uint8Array): void {
    const { dir, name } = this.parentOf(rel, true);
    const target = path.join(dir, name);
    let fd: number;
    try {
      fd = this.fsl.openSync(target, C.O_WRONLY | C.O_CREAT | C.O_EXCL | O_NOFOLLOW, 0o644);
    } catch (e) {
      const code = errCode(e);
      if (code === 'EEXIST') {
        let what = 'a file';
        try {
          const st = this.fsl.lstatSync(target);
          what = st.isSymbolicLink() ? 'a symbolic link' : st.isFile() ? 'a file' : describeSpecial(st);
        } catch {
          /* it vanished again; the message stays general */
        }
        throw new WriteError(`${rel} already exists (${what}); it is never overwritten`, 'refused');
      }
      if (code === 'ELOOP') throw new WriteError(`${rel} is a symbolic link; it is not written through`, 'refused');
      throw new WriteError(`cannot create ${rel}: ${code}`, 'failed');
    }
    try {
      writeAll(this.fsl, fd, toBytes(data));
      this.fsl.fsyncSync(fd);
    } catch (e) {
      closeQuietly(this.fsl, fd);
      // A half-written new file is worse than none: take it away again.
      try {
        this.fsl.unlinkSync(target);
      } catch {
        /* nothing more can be done */
      }
      throw new WriteError(`cannot write ${rel}: ${errCode(e)}; nothing was created`, 'failed');
    }
    try {
      this.fsl.closeSync(fd);
    } catch (e) {
      throw new WriteError(`cannot write ${rel}: ${errCode(e)}`, 'failed');
    }
  }

  /**
   * Replaces an existing regular file atomically: a temporary file in the same folder, flushed, then
   * renamed over it. With `expected`, refuses when the file changed since it was read. A file that is
   * a link is replaced at its real path when that is inside the root, so the link itself stays.
   */
  replace(rel: string, data: string | Uint8Array, expected?: Uint8Array): void {
    let { dir, name } = this.parentOf(rel, false);
    let target = path.join(dir, name);
    let st: fs.Stats;
    try {
      st = this.fsl.lstatSync(target);
    } catch (e) {
      throw new WriteError(`cannot write ${rel}: ${errCode(e) === 'ENOENT' ? 'it does not exist any more' : errCode(e)}`, 'refused');
    }
    if (st.isSymbolicLink()) {
      let real: string;
      try {
        real = this.fsl.realpathSync(target);
      } catch {
        throw new WriteError(`${rel} is a broken symbolic link; it is not written`, 'refused');
      }
      if (!isInside(this.rootReal, real)) throw new WriteError(`${rel} is a symbolic link to a file outside the repository; it is not written`, 'refused');
      target = real;
      dir = path.dirname(real);
      name = path.basename(real);
      st = this.fsl.lstatSync(real);
    }
    if (!st.isFile()) throw new WriteError(`${rel} is ${describeSpecial(st)}, not a regular file; it is not written`, 'refused');
    if (expected) {
      const now = readRegularFile(target, Math.max(expected.length, 1) + 1, { fsl: this.fsl });
      if (!now.ok || !sameBytes(now.bytes, expected)) throw new WriteError(`${rel} changed since it was read; it is not written (run again)`, 'refused');
    }
    const tmp = path.join(dir, `.${name}.readiness-${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`);
    let fd: number;
    try {
      fd = this.fsl.openSync(tmp, C.O_WRONLY | C.O_CREAT | C.O_EXCL | O_NOFOLLOW, st.mode & 0o777);
    } catch (e) {
      throw new WriteError(`cannot write ${rel}: ${errCode(e)}; it is unchanged`, 'failed');
    }
    try {
      writeAll(this.fsl, fd, toBytes(data));
      this.fsl.fsyncSync(fd);
      this.fsl.closeSync(fd);
      fd = -1;
      this.fsl.renameSync(tmp, target);
    } catch (e) {
      if (fd >= 0) closeQuietly(this.fsl, fd);
      try {
        this.fsl.unlinkSync(tmp);
      } catch {
        /* the temporary file may not exist */
      }
      throw new WriteError(`cannot write ${rel}: ${errCode(e)}; it is unchanged`, 'failed');
    }
  }
}

function writeAll(fsl: FsLayer, fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) {
    const n = fsl.writeSync(fd, bytes, off, bytes.length - off);
    if (n <= 0) throw Object.assign(new Error('short write'), { code: 'EIO' });
    off += n;
  }
}

function closeQuietly(fsl: FsLayer, fd: number): void {
  try {
    fsl.closeSync(fd);
  } catch {
    /* already failing */
  }
}

function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  return Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
}

/** The error code of a file-system error, or its message. */
export function errCode(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err?.code ?? err?.message ?? String(e);
}

/**
 * Reads a file inside `root` by its relative path for the CLI and the language server (the manifest,
 * a roadmap): refuses links that lead outside the root and special files, caps the size.
 */
export function readInside(root: string, rel: string, max: number): ReadResult {
  let segs: string[];
  try {
    segs = segmentsOf(rel);
  } catch {
    return { ok: false, reason: 'error', code: 'EINVAL' };
  }
  let rootReal: string;
  let real: string;
  try {
    rootReal = fs.realpathSync.native(path.resolve(root));
  } catch (e) {
    return { ok: false, reason: 'error', code: errCode(e) };
  }
  try {
    real = fs.realpathSync.native(path.join(rootReal, ...segs));
  } catch (e) {
    const code = errCode(e);
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      // A dangling link is there but leads nowhere.
      try {
        if (fs.lstatSync(path.join(rootReal, ...segs)).isSymbolicLink()) return { ok: false, reason: 'link' };
      } catch {
        /* missing indeed */
      }
      return { ok: false, reason: 'missing' };
    }
    return { ok: false, reason: 'error', code };
  }
  if (!isInside(rootReal, real)) return { ok: false, reason: 'link' };
  return readRegularFile(real, max);
}

/** A short, human description of a failed read, for notes and messages. */
export function describeReadFailure(rel: string, r: Exclude<ReadResult, { ok: true }>, max: number): string {
  switch (r.reason) {
    case 'large':
      return `${rel} is ${formatSize(r.size)}, over the ${formatSize(max)} limit; not analysed`;
    case 'special':
      return `${rel} is ${r.what}, not a regular file; not read`;
    case 'link':
      return `${rel} is a symbolic link that points outside the workspace or nowhere; not followed`;
    case 'missing':
      return `${rel} disappeared during the audit`;
    default:
      return `could not read ${rel}: ${r.code}`;
  }
}

function formatSize(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${n} B`;
}
