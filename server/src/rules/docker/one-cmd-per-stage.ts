/**
 * docker/one-cmd-per-stage: a stage has at most one CMD, one ENTRYPOINT and one HEALTHCHECK. Only
 * the last of each takes effect, so the earlier ones mislead whoever reads the Dockerfile.
 *
 * The fix deletes the ineffective earlier instructions.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { replaceFix } from '../lib/util';
import { keywordRange, judgedStages } from '../lib/dockerfile';

const KEYWORDS = ['CMD', 'ENTRYPOINT', 'HEALTHCHECK'];

export const rule: FileRule = {
  id: 'docker/one-cmd-per-stage',
  category: 'containers',
  severity: 'low',
  level: 'mvp',
  title: 'Each stage has at most one CMD, ENTRYPOINT and HEALTHCHECK',
  rationale: 'Only the last CMD, ENTRYPOINT or HEALTHCHECK of a stage counts; earlier ones are dead code that suggests the container does something it does not.',
  related: [
    { tool: 'hadolint', id: 'DL4003' },
    { tool: 'hadolint', id: 'DL4004' },
    { tool: 'hadolint', id: 'DL3012' },
    { tool: 'trivy', id: 'DS-0016' },
    { tool: 'trivy', id: 'DS-0007' },
    { tool: 'trivy', id: 'DS-0023' },
  ],
  fixable: true,
  scope: 'file',
  guard: true,
  kinds: ['dockerfile'],
  examines: (file, ctx) => judgedStages(file, ctx.ws).some((s) => s.instructions.some((i) => KEYWORDS.includes(i.getKeyword()))),
  examinesWhat: 'CMD, ENTRYPOINT or HEALTHCHECK',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    for (const stage of judgedStages(file, ctx.ws)) {
      for (const kw of KEYWORDS) {
        const all = stage.instructions.filter((i) => i.getKeyword() === kw);
        for (const ins of all.slice(0, -1)) {
          const r = ins.getRange();
          const lastLine = all[all.length - 1].getRange().start.line + 1;
          findings.push({
            message: `this ${kw} is overridden by the ${kw} on line ${lastLine}; remove it`,
            range: keywordRange(ins),
            fix: replaceFix(`Remove the overridden ${kw}`, file, { start: { line: r.start.line, character: 0 }, end: { line: r.end.line + 1, character: 0 } }, ''),
          });
        }
      }
    }
    return findings;
  },
};
