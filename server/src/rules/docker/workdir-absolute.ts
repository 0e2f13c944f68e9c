/**
 * docker/workdir-absolute: WORKDIR names an absolute path. A relative WORKDIR is resolved against the
 * previous one, so the folder depends on every earlier WORKDIR, including the base image's.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { rangeOf, judgedInstructions } from '../lib/dockerfile';

export const rule: FileRule = {
  id: 'docker/workdir-absolute',
  category: 'containers',
  severity: 'low',
  level: 'mvp',
  title: 'WORKDIR paths are absolute',
  rationale: "A relative WORKDIR depends on the previous WORKDIR, which may come from the base image; an absolute path makes the image's layout explicit.",
  related: [
    { tool: 'hadolint', id: 'DL3000' },
    { tool: 'trivy', id: 'DS-0009' },
    { tool: 'checkov', id: 'CKV_DOCKER_10' },
  ],
  scope: 'file',
  guard: true,
  kinds: ['dockerfile'],
  examines: (file, ctx) => judgedInstructions(file, ctx.ws, 'WORKDIR').length > 0,
  examinesWhat: 'WORKDIR',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    for (const ins of judgedInstructions(file, ctx.ws, 'WORKDIR')) {
      const dir = (ins.getArgumentsContent() ?? '').trim().replace(/^["']|["']$/g, '');
      if (dir === '' || dir.startsWith('/') || dir.startsWith('$') || /^[A-Za-z]:[\\/]/.test(dir) || dir.startsWith('\\')) continue;
      const r = ins.getArgumentsRange();
      findings.push({
        message: `the WORKDIR \`${dir}\` is relative, so it depends on the previous WORKDIR; use an absolute path such as \`/${dir.replace(/^\.\//, '')}\``,
        range: r ? rangeOf({ getRange: () => r }) : rangeOf(ins),
      });
    }
    return findings;
  },
};
