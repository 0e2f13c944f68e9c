/**
 * `readiness roadmap [path]`: audits the repository and writes a Markdown roadmap from the measured
 * state (docs/ROADMAP.md by default). Re-running it on a roadmap it wrote updates ticks and numbers
 * and keeps the team's own lines; a roadmap it did not write is never overwritten. With `--check` it
 * writes nothing and exits 1 when the roadmap on disk is out of date (for CI).
 *
 * The roadmap is itself audited (the `roadmap/*` checks), so `roadmapForWorkspace` regenerates it
 * against its own new content until the numbers settle: what is written is what the next audit measures.
 *
 * The roadmap is read and written through the safe reader and writer: a `docs` folder or a ROADMAP.md
 * that is a link leading outside the repository is refused, the file is replaced atomically (a failed
 * write leaves the team's roadmap as it was), and a rewrite that would lose a team line is refused.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readInside, readRegularFile, SafeWriter, WriteError, type ReadResult } from '../core/fsafe';
import type { Workspace } from '../core/workspace';
import { roadmapForWorkspace } from '../roadmap/generate';
import { isGeneratedRoadmap, RoadmapMergeError } from '../roadmap/writer';
import { escapeControl } from '../report/safe-text';
import { openRepository } from './workspace';
import type { FsLayer } from '../core/fsafe';

/** Options of the roadmap command. */
export interface RoadmapCommandOptions {
  /** Where to write (relative to the current folder); default `docs/ROADMAP.md` in the repository. */
  output?: string;
  /** Write nothing; exit 1 when the file is missing or out of date. */
  check?: boolean;
  /** Print the roadmap instead of writing it. */
  stdout?: boolean;
  /** The date written as "Last measured" (tests). */
  date?: string;
  /** Where messages go (tests); standard streams by default. */
  io?: { out: (s: string) => void; err: (s: string) => void };
  /** The file-system layer of the writer (tests inject faults). */
  fsl?: FsLayer;
}

/** The largest previous roadmap read (a roadmap is a few tens of KB). */
const ROADMAP_MAX_BYTES = 8 * 1024 * 1024;

const LAST_MEASURED = /^\*\*Last measured:\*\*.*$/m;

/** Runs the command; returns the exit code (0 written or up to date, 1 out of date with --check, 2 refused or unreadable). */
export async function roadmapCommand(target: string, opts: RoadmapCommandOptions = {}): Promise<number> {
  const sink = opts.io ?? { out: (s: string) => void process.stdout.write(s), err: (s: string) => void process.stderr.write(s) };
  const io = { out: sink.out, err: (s: string) => sink.err(escapeControl(s.replace(/\n$/, '')) + (s.endsWith('\n') ? '\n' : '')) };
  const root = path.resolve(target);
  let ws: Workspace;
  try {
    ws = openRepository(root).ws;
  } catch (e) {
    io.err(`readiness: ${(e as Error).message}\n`);
    return 2;
  }
  const file = opts.output ? path.resolve(opts.output) : path.join(root, 'docs', 'ROADMAP.md');
  const rel = path.relative(root, file).split(path.sep).join('/');
  const inside = !rel.startsWith('..') && !path.isAbsolute(rel);
  const shown = path.relative(process.cwd(), file) || file;
  // Inside the repository the target is untrusted (a link could lead anywhere); an --output outside
  // it is the user's own choice, still never read or written through a link.
  const got: ReadResult = inside ? readInside(root, rel, ROADMAP_MAX_BYTES) : readRegularFile(file, ROADMAP_MAX_BYTES);
  let previous: string | undefined;
  if (got.ok) previous = new TextDecoder().decode(got.bytes);
  else if (got.reason !== 'missing' && !opts.stdout) {
    const why = got.reason === 'link' ? 'is a symbolic link (outside the repository or to nothing)' : got.reason === 'special' ? `is ${got.what}` : got.reason === 'large' ? `is over ${ROADMAP_MAX_BYTES / 1024 / 1024} MB` : `cannot be read (${got.code})`;
    io.err(`readiness: ${shown} ${why}; it is not read or written (choose another --output, or --stdout)\n`);
    return 2;
  }
  if (previous !== undefined && !isGeneratedRoadmap(previous) && !opts.stdout) {
    io.err(`readiness: ${shown} exists and was not written by readiness; it is never overwritten (choose another --output, or --stdout)\n`);
    return 2;
  }

  // A roadmap the team wrote stays in the audit: printing ours must not stand in for theirs.
  const ours = previous === undefined || isGeneratedRoadmap(previous);
  let text: string;
  let report: Awaited<ReturnType<typeof roadmapForWorkspace>>['report'];
  try {
    ({ text, report } = await roadmapForWorkspace(ws, inside && ours ? rel : undefined, {
      ...(previous !== undefined ? { previous } : {}),
      ...(opts.date ? { date: opts.date } : {}),
    }));
  } catch (e) {
    if (!(e instanceof RoadmapMergeError)) throw e;
    io.err(`readiness: ${shown} is not updated: ${e.message}\n`);
    return 2;
  }

  if (opts.stdout) {
    io.out(text.endsWith('\n') ? text : text + '\n');
    return 0;
  }
  if (opts.check) {
    const same = previous !== undefined && previous.replace(LAST_MEASURED, '') === text.replace(LAST_MEASURED, '');
    if (same) {
      io.err(`readiness: ${shown} is up to date (score ${report.score}/100)\n`);
      return 0;
    }
    io.err(`readiness: ${shown} is ${previous === undefined ? 'missing' : 'out of date'}; run \`readiness roadmap${target === '.' ? '' : ` ${target}`}\` to update it\n`);
    return 1;
  }
  try {
    if (!inside) fs.mkdirSync(path.dirname(file), { recursive: true });
    const writer = inside ? new SafeWriter(root, opts.fsl) : new SafeWriter(path.dirname(file), opts.fsl);
    const target = inside ? rel : path.basename(file);
    if (previous === undefined) writer.create(target, text);
    else writer.replace(target, text, got.ok ? got.bytes : undefined);
  } catch (e) {
    io.err(`readiness: ${e instanceof WriteError ? e.message : `cannot write ${shown}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`}\n`);
    return 2;
  }
  io.err(`readiness: ${previous === undefined ? 'wrote' : 'updated'} ${shown} (score ${report.score}/100, level ${report.level})\n`);
  return 0;
}
