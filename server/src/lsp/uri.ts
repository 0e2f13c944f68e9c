/**
 * Conversions between the URIs the editor speaks and the workspace-relative POSIX paths the engine
 * speaks. Only `file:` URIs are analysed; anything else (untitled buffers, virtual file systems) is
 * left alone.
 */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The file-system path of a `file:` URI, or undefined for other schemes and malformed URIs. */
export function uriToFsPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** The `file:` URI of a file-system path. */
export function fsPathToUri(p: string): string {
  return pathToFileURL(p).href;
}

/** The POSIX path of `abs` relative to `root`, or undefined when it lies outside the root. */
export function relativeTo(root: string, abs: string): string | undefined {
  const rel = path.relative(root, abs);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

/** True when two URIs name the same file (they may differ in percent-encoding). */
export function sameUri(a: string, b: string): boolean {
  if (a === b) return true;
  const pa = uriToFsPath(a);
  return pa !== undefined && pa === uriToFsPath(b);
}
