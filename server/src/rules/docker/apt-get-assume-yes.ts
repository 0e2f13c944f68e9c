/**
 * docker/apt-get-assume-yes: `apt-get install` answers yes non-interactively (`-y`, `--yes`,
 * `--assume-yes` or `-qq`); without it the build aborts at the confirmation prompt.
 *
 * The fix inserts `-y` after `install`.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { replaceFix } from '../lib/util';
import { pointAt, wordRange } from '../lib/dockerfile';
import { packageCommands, runsPackageCommand } from '../lib/packages';

export const rule: FileRule = {
  id: 'docker/apt-get-assume-yes',
  category: 'containers',
  severity: 'medium',
  level: 'prototype',
  title: 'apt-get install runs non-interactively',
  rationale: 'A build has no one to answer the confirmation prompt; without `-y` apt-get aborts and the build fails.',
  related: [
    { tool: 'hadolint', id: 'DL3014' },
    { tool: 'trivy', id: 'DS-0021' },
  ],
  fixable: true,
  scope: 'file',
  kinds: ['dockerfile'],
  examines: (file) => runsPackageCommand(file, ['apt-get', 'apt'], /^(install|upgrade|dist-upgrade|full-upgrade|remove|purge|autoremove|build-dep)$/),
  examinesWhat: '`apt-get install` (or another apt command that asks for confirmation)',
  checkFile(file) {
    const findings: RuleFinding[] = [];
    for (const p of packageCommands(file)) {
      if ((p.manager !== 'apt-get' && p.manager !== 'apt') || !/^(install|upgrade|dist-upgrade|full-upgrade|remove|purge|autoremove|build-dep)$/.test(p.sub.value)) continue;
      const yes = p.options.some((o) => /^(--yes|--assume-yes|--force-yes|-qq|-q=2)$/.test(o) || /^-[a-z]*y[a-z]*$/i.test(o) || /Assume-Yes=(true|1|yes)/i.test(o));
      if (yes || p.cmd.words.some((w) => /APT::Get::Assume-Yes/i.test(w.value))) continue;
      findings.push({
        message: `\`${p.manager} ${p.sub.value}\` without \`-y\` stops at the confirmation prompt and fails the build; add \`-y\``,
        range: wordRange(file, p.sub),
        ...(p.script.editable ? { fix: replaceFix('Add -y', file, pointAt(file, p.sub.end), ' -y') } : {}),
      });
    }
    return findings;
  },
};
