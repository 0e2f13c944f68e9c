/**
 * `readiness roadmap [path]`: audits the repository and writes a Markdown roadmap from the measured
 * state (docs/ROADMAP.md by default). Re-running it on a roadmap it wrote updates ticks and numbers
 * and keeps the team's own lines; a roadmap it did not write is never overwritten. With `--check` it
 * writes nothing and exits 1 when the roadmap on disk is out of date (for CI).
 *
 * The roadmap is itself audited (the `roadmap/*` checks), so `roadmapForWorkspace` regenerates it
 * against its own new content until the numbers settle: what is written is what the next audit measures.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadManifest } from '../core/engine';
import { Workspace } from '../core/workspace';
import { roadmapForWorkspace } from '../roadmap/generate';
import { isGeneratedRoadmap } from '../roadmap/writer';

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
}

const LAST_MEASURED = /^\*\*Last measured:\*\*.*$/m;

function openWorkspace(root: string): Workspace {
  let ignore: string[] = [];
  let maxFileSize: number | undefined;
  for (const name of ['readiness.yaml', 'readiness.yml', '.readiness.yaml', '.readiness.yml']) {
    const p = path.join(root, name);
    if (!fs.existsSync(p)) continue;
    try {
      const loaded = loadManifest(Workspace.fromFiles({ [name]: fs.readFileSync(p) }, {}, root));
      ignore = loaded.manifest.ignore;
      maxFileSize = loaded.manifest.maxFileSize;
    } catch {
      /* The audit reports manifest problems itself. */
    }
    break;
  }
  return Workspace.load(root, { ignore, ...(maxFileSize ? { maxFileSize } : {}) });
}

/** Runs the command; returns the exit code (0 written or up to date, 1 out of date with --check, 2 refused or unreadable). */
export async function roadmapCommand(target: string, opts: RoadmapCommandOptions = {}): Promise<number> {
  const io = opts.io ?? { out: (s: string) => void process.stdout.write(s), err: (s: string) => void process.stderr.write(s) };
  const root = path.resolve(target);
  let ws: Workspace;
  try {
    ws = openWorkspace(root);
  } catch (e) {
    io.err(`readiness: cannot read ${target}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return 2;
  }
  const file = opts.output ? path.resolve(opts.output) : path.join(root, 'docs', 'ROADMAP.md');
  const rel = path.relative(root, file).split(path.sep).join('/');
  const inside = !rel.startsWith('..') && !path.isAbsolute(rel);
  let previous: string | undefined;
  try {
    previous = fs.readFileSync(file, 'utf8');
  } catch {
    previous = undefined;
  }
  if (previous !== undefined && !isGeneratedRoadmap(previous) && !opts.stdout) {
    io.err(`readiness: ${path.relative(process.cwd(), file) || file} exists and was not written by readiness; it is never overwritten (choose another --output, or --stdout)\n`);
    return 2;
  }

  // A roadmap the team wrote stays in the audit: printing ours must not stand in for theirs.
  const ours = previous === undefined || isGeneratedRoadmap(previous);
  const { text, report } = await roadmapForWorkspace(ws, inside && ours ? rel : undefined, {
    ...(previous !== undefined ? { previous } : {}),
    ...(opts.date ? { date: opts.date } : {}),
  });

  if (opts.stdout) {
    io.out(text.endsWith('\n') ? text : text + '\n');
    return 0;
  }
  const shown = path.relative(process.cwd(), file) || file;
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
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  } catch (e) {
    io.err(`readiness: cannot write ${shown}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return 2;
  }
  io.err(`readiness: ${previous === undefined ? 'wrote' : 'updated'} ${shown} (score ${report.score}/100, level ${report.level})\n`);
  return 0;
}
