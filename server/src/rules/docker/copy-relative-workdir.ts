/**
 * docker/copy-relative-workdir: a COPY or ADD to a relative destination (`COPY app.py .`) comes after a
 * WORKDIR of its stage (or of a stage it is built FROM). Without one the destination is relative to the
 * base image's working folder, which the Dockerfile does not say and a new base image can change.
 *
 * Absolute destinations (`/app/`, `C:\app`, `C:`), variables and ONBUILD copies after an ONBUILD WORKDIR are
 * fine. No fix: which folder the files belong in is the author's choice.
 */
import type { Workspace } from '../../core/workspace';
import type { FileRule, RuleFinding } from '../../core/types';
import type { Instruction } from '../lib/dockerfile';
import type { SourceFile } from '../../core/source';
import { jsonValue } from '../../core/formats/json';
import { argText, rangeOf, stageChain, triggerOf, type Stage, judgedStages } from '../lib/dockerfile';

/** The destination of a COPY or ADD (its last argument, unquoted), or undefined when unreadable. */
function destinationOf(file: SourceFile, ins: Instruction): { value: string; arg: { getRange(): ReturnType<Instruction['getRange']> } } | undefined {
  const raw = (ins.getArgumentsContent() ?? '').trim();
  const args = ins.getArguments();
  if (raw.startsWith('[')) {
    const arr = jsonValue(raw.replace(/\\\r?\n/g, ' '));
    return Array.isArray(arr) && arr.length >= 2 ? { value: String(arr[arr.length - 1]), arg: ins } : undefined;
  }
  if (args.length < 2 || raw.includes('<<')) return undefined;
  const last = args[args.length - 1];
  return { value: argText(file, last), arg: last };
}

/** True when a destination does not depend on the working folder. */
function absolute(dest: string): boolean {
  // `C:` alone is the root of drive C in a Windows image's COPY, like `C:\` and `C:/`.
  return dest.startsWith('/') || dest.startsWith('$') || /^[A-Za-z]:([\\/]|$)/.test(dest) || dest.startsWith('\\');
}

/** The copies of a file whose relative destination no WORKDIR anchors, with their stage. */
function unanchored(file: SourceFile, ws: Workspace): { ins: Instruction; stage: Stage; dest: NonNullable<ReturnType<typeof destinationOf>> }[] {
  const out: { ins: Instruction; stage: Stage; dest: NonNullable<ReturnType<typeof destinationOf>> }[] = [];
  for (const stage of judgedStages(file, ws)) {
    let workdir = stageChain(file, stage).slice(1).some((s) => s.instructions.some((i) => i.getKeyword() === 'WORKDIR'));
    let onbuildWorkdir = false;
    for (const ins of stage.instructions) {
      const trigger = triggerOf(ins);
      const kw = (trigger ?? ins).getKeyword();
      if (kw === 'WORKDIR') {
        if (trigger) onbuildWorkdir = true;
        else workdir = true;
        continue;
      }
      if ((kw !== 'COPY' && kw !== 'ADD') || workdir || (trigger && onbuildWorkdir)) continue;
      const dest = destinationOf(file, trigger ?? ins);
      if (dest && !absolute(dest.value)) out.push({ ins: trigger ?? ins, stage, dest });
    }
  }
  return out;
}

export const rule: FileRule = {
  id: 'docker/copy-relative-workdir',
  category: 'containers',
  severity: 'low',
  level: 'production',
  title: 'Relative COPY destinations follow a WORKDIR',
  rationale: "A relative destination without a WORKDIR lands in the base image's working folder, which the Dockerfile does not state and a new base image can move.",
  related: [{ tool: 'hadolint', id: 'DL3045' }],
  scope: 'file',
  kinds: ['dockerfile'],
  examines: (file, ctx) => judgedStages(file, ctx.ws).some((s) => s.instructions.some((i) => ['COPY', 'ADD'].includes((triggerOf(i) ?? i).getKeyword()))),
  examinesWhat: 'COPY or ADD',
  checkFile(file, ctx) {
    return unanchored(file, ctx.ws).map(({ ins, dest }): RuleFinding => ({
      message: `this ${ins.getKeyword()} copies to the relative destination \`${dest.value}\` but no WORKDIR is set before it, so the files land in the base image's working folder; set \`WORKDIR /app\` first or use an absolute destination`,
      range: rangeOf(dest.arg),
    }));
  },
};
