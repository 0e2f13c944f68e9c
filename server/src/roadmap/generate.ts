/**
 * Generates a roadmap for a workspace so that it is true once written: the roadmap is itself audited
 * (the `roadmap/*` checks and their category), so the text is regenerated with its own new content in
 * place until it is stable. The CLI's `readiness roadmap` and the editor's Generate Roadmap both call
 * this; neither writes anything here.
 */
import { audit } from '../core/engine';
import type { Report } from '../core/types';
import type { Workspace } from '../core/workspace';
import { generateRoadmap, isGeneratedRoadmap, type RoadmapOptions } from './writer';

/** Options of `roadmapForWorkspace`. */
export interface GenerateOptions extends RoadmapOptions {
  /** The text now at `path`, when there is one; merged into when this tool wrote it. */
  previous?: string;
  /** The audit to run (the editor passes its own, with its settings); the engine's by default. */
  audit?: (ws: Workspace) => Promise<Report>;
  /** At most this many audits (default 3). */
  rounds?: number;
}

/**
 * The roadmap text for `path` (workspace-relative, or undefined when it lies outside) and the report
 * it was measured from. Leaves an overlay with the text on the workspace, as if it were saved.
 */
export async function roadmapForWorkspace(ws: Workspace, path: string | undefined, opts: GenerateOptions = {}): Promise<{ text: string; report: Report }> {
  const run = opts.audit ?? ((w: Workspace) => audit({ ws: w }));
  const base = opts.previous !== undefined && isGeneratedRoadmap(opts.previous) ? opts.previous : undefined;
  const writerOpts: RoadmapOptions = { ...(opts.title ? { title: opts.title } : {}), ...(opts.date ? { date: opts.date } : {}) };
  let report = await run(ws);
  let text = generateRoadmap(report, base, writerOpts);
  if (path === undefined) return { text, report };
  for (let round = 1; round < (opts.rounds ?? 3); round++) {
    ws.setOverlay(path, text);
    report = await run(ws);
    const next = generateRoadmap(report, base, writerOpts);
    if (next === text) break;
    text = next;
  }
  return { text, report };
}
