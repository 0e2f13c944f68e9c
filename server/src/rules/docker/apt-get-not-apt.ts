/**
 * docker/apt-get-not-apt: scripts use `apt-get`, not `apt`. `apt` is the interactive front end: its
 * command-line interface is not stable and it warns when used in scripts.
 *
 * The fix replaces `apt` with `apt-get` (same subcommands for install, update, upgrade and remove).
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { replaceFix } from '../lib/util';
import { commandStart, wordRange, judgedStages } from '../lib/dockerfile';
import { packageCommands, runsPackageCommand } from '../lib/packages';

export const rule: FileRule = {
  id: 'docker/apt-get-not-apt',
  category: 'containers',
  severity: 'low',
  level: 'production',
  title: 'Scripts use apt-get rather than apt',
  rationale: '`apt` is meant for people at a terminal and warns that its interface may change; `apt-get` is the stable interface for scripts.',
  related: [
    { tool: 'hadolint', id: 'DL3027' },
    { tool: 'checkov', id: 'CKV_DOCKER_9' },
  ],
  fixable: true,
  scope: 'file',
  guard: true,
  kinds: ['dockerfile'],
  examines: (file, ctx) => runsPackageCommand(file, ['apt-get', 'apt'], undefined, judgedStages(file, ctx.ws)),
  examinesWhat: 'apt or apt-get command',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    for (const p of packageCommands(file, judgedStages(file, ctx.ws))) {
      if (p.manager !== 'apt') continue;
      const word = p.cmd.words[commandStart(p.cmd)];
      const mechanical = p.script.editable && word.value === 'apt' && /^(install|update|upgrade|dist-upgrade|full-upgrade|remove|purge|autoremove|clean)$/.test(p.sub.value);
      findings.push({
        message: `\`apt ${p.sub.value}\` uses the interactive front end; use \`apt-get ${p.sub.value}\` in scripts`,
        range: wordRange(file, word),
        ...(mechanical ? { fix: replaceFix('Use apt-get', file, wordRange(file, word), 'apt-get') } : {}),
      });
    }
    return findings;
  },
};
