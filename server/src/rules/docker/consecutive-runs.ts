/**
 * docker/consecutive-runs: two RUN instructions in a row that each run a single command, with the same
 * flags, are one RUN joined with `&&`. Each RUN adds a layer and a cache step; merging them keeps the
 * image and the build history smaller. A style point: low severity, production level.
 *
 * As hadolint does, RUNs whose author already chains commands (`a && b`, `a; b`) are taken as a
 * deliberate split, RUNs with different flags (`--mount=...`) cannot merge, and comments between two
 * RUNs do not separate them; any other instruction does. Unlike hadolint, only the stages that ship
 * count: a build stage's layers never reach the image. No fix: where to split layers for caching is the
 * author's choice.
 */
import type { Workspace } from '../../core/workspace';
import type { FileRule, RuleFinding } from '../../core/types';
import type { Instruction } from '../lib/dockerfile';
import type { SourceFile } from '../../core/source';
import { keywordRange, runScript, shippedStages, usesPosixShell } from '../lib/dockerfile';

/** The flags of a RUN as written (`--mount=type=cache,target=/x`), sorted, for comparison. */
function flagsOf(ins: Instruction): string {
  const flags = (ins as unknown as { getFlags?: () => { toString(): string; getName(): string; getValue(): string | null }[] }).getFlags?.() ?? [];
  return flags.map((f) => `${f.getName()}=${f.getValue() ?? ''}`).sort().join(' ');
}

/** The RUNs that follow a RUN of one command, themselves of one command and with the same flags. */
function mergeable(file: SourceFile, ws: Workspace): { ins: Instruction; previous: Instruction }[] {
  const out: { ins: Instruction; previous: Instruction }[] = [];
  for (const stage of shippedStages(file, ws)) {
    let previous: Instruction | undefined;
    for (const ins of stage.instructions) {
      if (ins.getKeyword() !== 'RUN' || !usesPosixShell(file, stage, ins)) {
        previous = undefined;
        continue;
      }
      const single = runScript(file, ins).commands.length === 1;
      if (previous && single && flagsOf(previous) === flagsOf(ins)) out.push({ ins, previous });
      previous = single ? ins : undefined;
    }
  }
  return out;
}

export const rule: FileRule = {
  id: 'docker/consecutive-runs',
  category: 'containers',
  severity: 'low',
  level: 'production',
  title: 'Consecutive single-command RUNs are merged',
  rationale: 'Every RUN adds a layer; single commands in a row belong in one RUN joined with `&&`, which keeps the image and its build history smaller.',
  related: [{ tool: 'hadolint', id: 'DL3059' }],
  scope: 'file',
  kinds: ['dockerfile'],
  examines: (file, ctx) => shippedStages(file, ctx.ws).some((s) => s.instructions.filter((i) => i.getKeyword() === 'RUN').length > 1),
  examinesWhat: 'two or more RUN instructions in a shipped stage',
  checkFile(file, ctx) {
    return mergeable(file, ctx.ws).map(({ ins, previous }): RuleFinding => ({
      message: `this RUN and the one on line ${previous.getRange().start.line + 1} each run one command; merge them into one RUN with \`&&\``,
      range: keywordRange(ins),
    }));
  },
};
