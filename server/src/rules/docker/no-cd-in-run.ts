/**
 * docker/no-cd-in-run: RUN instructions do not `cd` into folders; WORKDIR sets the folder for the
 * instructions that follow and keeps the Dockerfile readable. A `cd` lasts one RUN only, which is a
 * classic source of commands running in the wrong place.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { commandArgs, commandName, runCommands, wordRange, judgedStages } from '../lib/dockerfile';

export const rule: FileRule = {
  id: 'docker/no-cd-in-run',
  category: 'containers',
  severity: 'low',
  level: 'production',
  title: 'WORKDIR is used instead of cd',
  rationale: 'A `cd` in a RUN lasts for that RUN only; WORKDIR states the working folder once and makes every later instruction predictable.',
  related: [
    { tool: 'hadolint', id: 'DL3003' },
    { tool: 'trivy', id: 'DS-0013' },
  ],
  scope: 'file',
  guard: true,
  kinds: ['dockerfile'],
  examines: (file, ctx) => runCommands(file, judgedStages(file, ctx.ws)).length > 0,
  examinesWhat: 'RUN',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    const seen = new Set<unknown>();
    for (const { ins, cmd } of runCommands(file, judgedStages(file, ctx.ws))) {
      if (commandName(cmd) !== 'cd' || seen.has(ins) || cmd.prev === '(') continue;
      seen.add(ins);
      const dir = commandArgs(cmd)[0]?.value ?? '';
      findings.push({
        message: `\`cd ${dir}\` in a RUN lasts for this RUN only; use \`WORKDIR ${dir.startsWith('/') ? dir : '/absolute/path'}\` instead`,
        range: wordRange(file, cmd.words[0]),
      });
    }
    return findings;
  },
};
