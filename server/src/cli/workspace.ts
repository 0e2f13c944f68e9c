/**
 * Opening a repository for the CLI's commands: the root must be a readable folder, and the manifest
 * (read through the safe reader: a FIFO or a link to `/dev/zero` named readiness.yaml is refused, not
 * read) shapes the walk with its ignore globs and size limit. Also the CLI's one error type for bad
 * usage and unreadable input, whose message is printed with its control characters escaped.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadManifest } from '../core/engine';
import { readInside } from '../core/fsafe';
import { Workspace } from '../core/workspace';
import { MANIFEST_NAMES, type LoadedManifest } from '../manifest/load';

/** Thrown for bad usage or unreadable input; the CLI exits with 2 and prints the message. */
export class UsageError extends Error {}

/** The largest manifest read before the walk (the walk's own size limit applies afterwards). */
const MANIFEST_MAX_BYTES = 1024 * 1024;

/** Opens a repository: checks the root, reads the manifest safely, walks with its ignore globs and limit. */
export function openRepository(target: string, extraIgnore: string[] = []): { ws: Workspace; loaded?: LoadedManifest } {
  const abs = path.resolve(target);
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch (e) {
    throw new UsageError(`cannot read ${target}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (!st.isDirectory()) throw new UsageError(`${target} is not a folder; give the root of a repository`);
  try {
    fs.readdirSync(abs);
  } catch (e) {
    throw new UsageError(`cannot read folder ${target}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  // The manifest's ignore globs and file-size limit shape the walk, so read it first.
  let ignore: string[] = [];
  let maxFileSize: number | undefined;
  let loaded: LoadedManifest | undefined;
  for (const name of MANIFEST_NAMES) {
    const got = readInside(abs, name, MANIFEST_MAX_BYTES);
    if (!got.ok && got.reason === 'missing') continue;
    if (got.ok) {
      loaded = loadManifest(Workspace.fromFiles({ [name]: got.bytes }, {}, abs));
      ignore = loaded.manifest.ignore;
      maxFileSize = loaded.manifest.maxFileSize;
    }
    // A manifest that cannot be read is noted by the walk (a link outside, a FIFO, too large).
    break;
  }
  try {
    return { ws: Workspace.load(abs, { ignore: [...ignore, ...extraIgnore], ...(maxFileSize ? { maxFileSize } : {}) }), ...(loaded ? { loaded } : {}) };
  } catch (e) {
    throw new UsageError(`cannot read ${target}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
