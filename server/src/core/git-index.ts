/**
 * Reads the paths git tracks from the repository's index (`.git/index`), following git's documented
 * index format (versions 2, 3 and 4, SHA-1 or SHA-256 object names). The walk uses it so that a file
 * git tracks is analysed even when a `.gitignore` pattern matches it: git keeps tracking such files, so
 * they ship. Only a `.git` folder at the root is read (through the safe reader, with a size cap);
 * anything unexpected in the index is reported as an error, never thrown.
 */
import * as path from 'node:path';
import { describeReadFailure, readRegularFile } from './fsafe';

/** The tracked files and every folder that holds one. */
export interface TrackedPaths {
  files: Set<string>;
  dirs: Set<string>;
}

/** The largest index read (a repository of a million files has an index of about 100 MB). */
export const GIT_INDEX_MAX_BYTES = 128 * 1024 * 1024;

const decoder = new TextDecoder('utf-8');

/**
 * The paths tracked by the git repository at `root`, undefined when the root has no `.git` folder (or
 * no index yet), or `{ error }` when the index cannot be read.
 */
export function readGitIndex(root: string): TrackedPaths | { error: string } | undefined {
  const file = path.join(root, '.git', 'index');
  const got = readRegularFile(file, GIT_INDEX_MAX_BYTES);
  if (!got.ok) {
    if (got.reason === 'missing') return undefined;
    // `.git` is a file in worktrees and submodules: their index lives elsewhere and is not read.
    return got.reason === 'error' && got.code === 'ENOTDIR' ? undefined : { error: describeReadFailure('.git/index', got, GIT_INDEX_MAX_BYTES) };
  }
  let hashSize = 20;
  const config = readRegularFile(path.join(root, '.git', 'config'), 1024 * 1024);
  if (config.ok && /^\s*objectformat\s*=\s*sha256\s*$/im.test(decoder.decode(config.bytes))) hashSize = 32;
  try {
    return parseGitIndex(got.bytes, hashSize);
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Parses an index file's bytes. Throws with a reason on anything malformed. */
export function parseGitIndex(buf: Uint8Array, hashSize = 20): TrackedPaths {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.length < 12 || decoder.decode(buf.subarray(0, 4)) !== 'DIRC') throw new Error('not a git index (no DIRC signature)');
  const version = view.getUint32(4);
  if (version < 2 || version > 4) throw new Error(`unsupported git index version ${version}`);
  const count = view.getUint32(8);
  // Every entry takes at least 62 bytes, so a count larger than that allows is corrupt.
  if (count > buf.length / 40) throw new Error(`the git index claims ${count} entries in ${buf.length} bytes`);
  const files = new Set<string>();
  const dirs = new Set<string>();
  let off = 12;
  let prev: Uint8Array = new Uint8Array(0);
  for (let i = 0; i < count; i++) {
    const start = off;
    // ctime, mtime, dev, ino, mode, uid, gid, size: 40 bytes, then the object name and 2 bytes of flags.
    if (off + 40 + hashSize + 2 > buf.length) throw new Error('the git index is truncated');
    const mode = view.getUint32(off + 24);
    off += 40 + hashSize;
    const flags = view.getUint16(off);
    off += 2;
    if (version >= 3 && flags & 0x4000) off += 2;
    let name: Uint8Array;
    if (version === 4) {
      // The path is compressed against the previous one: a varint of bytes to drop, then a NUL-ended suffix.
      let drop = 0;
      let byte: number;
      let shift = 0;
      do {
        if (off >= buf.length) throw new Error('the git index is truncated');
        byte = buf[off++];
        drop = shift === 0 ? byte & 0x7f : ((drop + 1) << 7) | (byte & 0x7f);
        shift += 7;
      } while (byte & 0x80 && shift < 35);
      const end = buf.indexOf(0, off);
      if (end < 0 || drop > prev.length) throw new Error('the git index has a malformed path');
      const suffix = buf.subarray(off, end);
      name = new Uint8Array(prev.length - drop + suffix.length);
      name.set(prev.subarray(0, prev.length - drop));
      name.set(suffix, prev.length - drop);
      off = end + 1;
    } else {
      const end = buf.indexOf(0, off);
      if (end < 0) throw new Error('the git index has a malformed path');
      name = buf.subarray(off, end);
      // Entries are padded with 1 to 8 NUL bytes to a multiple of 8 bytes.
      off = start + ((end - start + 8) & ~7);
    }
    prev = name;
    const p = decoder.decode(name);
    // A sparse index lists whole folders (mode 040000, path ending in a slash).
    const isDir = (mode & 0o170000) === 0o040000 || p.endsWith('/');
    const clean = p.replace(/\/+$/, '');
    if (!clean) continue;
    if (isDir) dirs.add(clean);
    else files.add(clean);
    for (let j = clean.lastIndexOf('/'); j > 0; j = clean.lastIndexOf('/', j - 1)) {
      const d = clean.slice(0, j);
      if (dirs.has(d) && !isDir) break;
      dirs.add(d);
    }
  }
  return { files, dirs };
}
