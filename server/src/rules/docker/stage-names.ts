/**
 * docker/stage-names: build stage names are unique and `COPY --from=<name>` names a stage defined
 * above it, not its own stage. Docker compares stage names without regard to case.
 *
 * A `--from` that names no earlier stage is read by Docker as an image to pull: a misspelt or
 * forward-referenced stage silently becomes a pull of `<name>:latest` (or fails the build); copying
 * from the stage being built is an error; two stages of the same name make every reference ambiguous.
 * `--from` with an image reference (a tag, a registry path or a digest), a stage index or a variable is
 * fine. No fix: which stage was meant is the author's choice.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import type { Instruction } from '../lib/dockerfile';
import type { SourceFile } from '../../core/source';
import { expandArgs, keywordRange, rangeOf, stagesOf, triggerOf } from '../lib/dockerfile';

/** The part of dockerfile-ast's Flag the rule reads. */
type Flag = { getName(): string; getValue(): string | null; getRange(): ReturnType<Instruction['getRange']> };

/** The `--from` flag of a COPY (or of the COPY an ONBUILD carries), if any. */
function fromFlag(i: Instruction): Flag | undefined {
  const ins = triggerOf(i) ?? i;
  if (ins.getKeyword() !== 'COPY') return undefined;
  return ((ins as unknown as { getFlags?: () => Flag[] }).getFlags?.() ?? []).find((f) => f.getName() === 'from');
}

/** The findings of one Dockerfile: duplicate names, then bad `--from` references. */
function problems(file: SourceFile): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const stages = stagesOf(file);
  const firstOf = new Map<string, number>();
  for (const s of stages) {
    if (s.name === null) continue;
    const first = firstOf.get(s.name);
    if (first === undefined) firstOf.set(s.name, s.index);
    else findings.push({ message: `the stage name \`${s.name}\` is already used by the stage on line ${stages[first].from.getRange().start.line + 1}; give each stage its own name`, range: keywordRange(s.from) });
  }
  for (const s of stages) {
    for (const i of s.instructions) {
      const flag = fromFlag(i);
      const from = expandArgs(file, flag?.getValue() ?? '').toLowerCase();
      if (!flag || from === '' || from.includes('$') || /^\d+$/.test(from) || /[:/@]/.test(from)) continue;
      if (from === s.name) {
        findings.push({ message: `\`COPY --from=${from}\` copies from the stage it is in; name an earlier stage`, range: rangeOf(flag) });
        continue;
      }
      if (stages.slice(0, s.index).some((x) => x.name === from)) continue;
      const later = stages.some((x) => x.index > s.index && x.name === from);
      findings.push({
        message: later
          ? `\`COPY --from=${from}\` names a stage defined below it, so Docker looks for an image \`${from}\` instead; move the stage above this one`
          : `\`COPY --from=${from}\` names no stage of this Dockerfile, so Docker pulls the image \`${from}:latest\`; fix the stage name (or name the image with a tag)`,
        range: rangeOf(flag),
      });
    }
  }
  return findings;
}

export const rule: FileRule = {
  id: 'docker/stage-names',
  category: 'containers',
  severity: 'medium',
  level: 'mvp',
  title: 'Stage names are unique and COPY --from names an earlier stage',
  rationale: 'A `COPY --from` that names no earlier stage pulls an image of that name instead, and duplicate stage names make references ambiguous; both build something other than what the Dockerfile says.',
  related: [
    { tool: 'hadolint', id: 'DL3022' },
    { tool: 'hadolint', id: 'DL3023' },
    { tool: 'hadolint', id: 'DL3024' },
  ],
  scope: 'file',
  kinds: ['dockerfile'],
  examines: (file) => stagesOf(file).some((s) => s.name !== null || s.instructions.some((i) => fromFlag(i) !== undefined)),
  examinesWhat: 'stage name or `COPY --from`',
  checkFile: problems,
};
