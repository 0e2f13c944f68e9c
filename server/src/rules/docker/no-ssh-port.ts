/**
 * docker/no-ssh-port: the image does not expose port 22. Containers are replaced, not logged into;
 * an SSH server adds a long-lived credential and an attack surface. Use `docker exec` or
 * `kubectl exec` for debugging.
 *
 * The fix removes port 22 from the EXPOSE (or the whole EXPOSE when it is the only port).
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { replaceFix } from '../lib/util';
import { rangeOf, shippedStages, instructionsIn } from '../lib/dockerfile';

export const rule: FileRule = {
  id: 'docker/no-ssh-port',
  category: 'containers',
  severity: 'high',
  level: 'mvp',
  title: 'The image does not expose SSH',
  rationale: 'An SSH server in a container is an extra, long-lived way in; containers are debugged with exec and replaced rather than logged into.',
  related: [
    { tool: 'trivy', id: 'DS-0004' },
    { tool: 'checkov', id: 'CKV_DOCKER_1' },
  ],
  fixable: true,
  scope: 'file',
  guard: true,
  kinds: ['dockerfile'],
  examines: (file, ctx) => instructionsIn(shippedStages(file, ctx.ws), 'EXPOSE').length > 0,
  examinesWhat: 'EXPOSE',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    for (const ins of instructionsIn(shippedStages(file, ctx.ws), 'EXPOSE')) {
      const args = ins.getArguments();
      const ssh = args.filter((a) => /^22(\/tcp)?$/i.test(a.getValue()));
      if (ssh.length === 0) continue;
      const rest = args.filter((a) => !ssh.includes(a)).map((a) => a.getValue());
      const r = ins.getRange();
      const fix = rest.length === 0
        ? replaceFix('Remove EXPOSE 22', file, { start: { line: r.start.line, character: 0 }, end: { line: r.end.line + 1, character: 0 } }, '')
        : replaceFix('Remove port 22 from EXPOSE', file, rangeOf(ins), `${ins.getInstruction()} ${rest.join(' ')}`);
      findings.push({ message: 'the image exposes port 22 (SSH); remove it and debug with `docker exec` or `kubectl exec`', range: rangeOf(ssh[0]), fix });
    }
    return findings;
  },
};
