/**
 * docker/from-first: a Dockerfile starts with FROM; only ARG (whose values FROM lines may use), comments
 * and parser directives may come before the first FROM. Docker rejects any other instruction there
 * ("no build stage in current context"), so the build fails before it starts.
 *
 * A file without any FROM is not a Dockerfile the rule can judge. No fix: the instruction belongs in a
 * stage, and which one is the author's choice.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import type { Instruction } from '../lib/dockerfile';
import type { SourceFile } from '../../core/source';
import { allInstructions, keywordRange } from '../lib/dockerfile';

/** The instructions before the first FROM, or undefined when the file has no FROM. */
function beforeFrom(file: SourceFile): Instruction[] | undefined {
  const all = allInstructions(file);
  const first = all.findIndex((i) => i.getKeyword() === 'FROM');
  return first < 0 ? undefined : all.slice(0, first);
}

export const rule: FileRule = {
  id: 'docker/from-first',
  category: 'containers',
  severity: 'medium',
  level: 'prototype',
  title: 'Only ARG comes before the first FROM',
  rationale: 'Docker accepts only ARG before the first FROM; any other instruction there fails the build before it starts.',
  related: [{ tool: 'hadolint', id: 'DL3061' }],
  // A Dockerfile that builds at all passes: like a file that parses, passing earns nothing.
  guard: true,
  scope: 'file',
  kinds: ['dockerfile'],
  examines: (file) => beforeFrom(file) !== undefined,
  examinesWhat: 'FROM',
  checkFile(file) {
    const findings: RuleFinding[] = [];
    for (const ins of beforeFrom(file) ?? []) {
      if (ins.getKeyword() === 'ARG') continue;
      findings.push({
        message: `\`${ins.getKeyword()}\` comes before the first FROM, where Docker accepts only ARG, so the build fails; move it into a stage`,
        range: keywordRange(ins),
      });
    }
    return findings;
  },
};
