/**
 * docker/no-sudo: RUN instructions do not use sudo. A build already runs as the USER of the stage;
 * sudo in an image means switching USER back and forth is done wrongly, and leaving sudo installed
 * lets any process in the container become root.
 *
 * The fix removes a plain `sudo ` prefix (one without options); switch to `USER root` for the
 * commands that need it if the stage runs as another user.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { replaceFix } from '../lib/util';
import { runCommands, wordRange, judgedStages } from '../lib/dockerfile';

export const rule: FileRule = {
  id: 'docker/no-sudo',
  category: 'containers',
  severity: 'medium',
  level: 'mvp',
  title: 'RUN instructions do not use sudo',
  rationale: 'sudo has unpredictable TTY and signal behaviour in builds, and an image with sudo lets any process that gets a shell become root.',
  related: [
    { tool: 'hadolint', id: 'DL3004' },
    { tool: 'trivy', id: 'DS-0010' },
    { tool: 'checkov', id: 'CKV2_DOCKER_1' },
  ],
  fixable: true,
  scope: 'file',
  guard: true,
  kinds: ['dockerfile'],
  examines: (file, ctx) => runCommands(file, judgedStages(file, ctx.ws)).length > 0,
  examinesWhat: 'RUN',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    for (const { cmd, script } of runCommands(file, judgedStages(file, ctx.ws))) {
      const i = cmd.words.findIndex((w) => w.value === 'sudo');
      if (i < 0 || cmd.words.slice(0, i).some((w) => !/^[A-Za-z_]\w*=/.test(w.value))) continue;
      const sudo = cmd.words[i];
      const next = cmd.words[i + 1];
      const mechanical = script.editable && next && !next.value.startsWith('-');
      findings.push({
        message: '`sudo` in a RUN: the build already runs as the stage USER; switch with `USER root` where needed and drop sudo',
        range: wordRange(file, sudo),
        ...(mechanical ? { fix: replaceFix('Remove sudo', file, file.rangeOf(sudo.start, next.start), '') } : {}),
      });
    }
    return findings;
  },
};
