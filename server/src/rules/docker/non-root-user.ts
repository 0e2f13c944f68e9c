/**
 * docker/non-root-user: the image that ships must switch to a non-root user, so that a compromise of
 * the process is not a compromise of the container's root.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { insertAtLineFix } from '../lib/util';
import { finalStage, keywordRange, rangeOf } from '../lib/dockerfile';

export const rule: FileRule = {
  id: 'docker/non-root-user',
  category: 'containers',
  severity: 'high',
  level: 'mvp',
  title: 'Container runs as a non-root user',
  rationale: 'Processes in a container run as root unless the final stage sets USER; a non-root user limits what an attacker who takes over the process can do.',
  related: [
    { tool: 'hadolint', id: 'DL3002' },
    { tool: 'trivy', id: 'DS-0002' },
    { tool: 'checkov', id: 'CKV_DOCKER_3' },
    { tool: 'checkov', id: 'CKV_DOCKER_8' },
  ],
  fixable: true,
  scope: 'file',
  kinds: ['dockerfile'],
  checkFile(file) {
    const stage = finalStage(file);
    if (!stage) return [];
    const users = stage.instructions.filter((i) => i.getKeyword() === 'USER');
    const last = users[users.length - 1];
    const findings: RuleFinding[] = [];
    if (!last) {
      const image = (stage.from.getImageName() ?? '').toLowerCase();
      const user = /(^|\/)node$/.test(image) ? 'node' : '10001:10001';
      const anchor = stage.instructions.find((i) => ['CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(i.getKeyword()));
      const line = anchor ? anchor.getRange().start.line : file.lines.length;
      findings.push({
        message: 'the final stage never sets USER, so the container runs as root',
        range: keywordRange(stage.from),
        fix: insertAtLineFix(`Add \`USER ${user}\` to the final stage`, file, line, `USER ${user}\n`),
        data: { user },
      });
      return findings;
    }
    const name = (last.getArgumentsContent() ?? '').trim().split(':')[0].toLowerCase();
    if (name === 'root' || name === '0') {
      findings.push({ message: `the last USER of the final stage is \`${name}\`; switch to an unprivileged user`, range: rangeOf(last) });
    }
    return findings;
  },
};
