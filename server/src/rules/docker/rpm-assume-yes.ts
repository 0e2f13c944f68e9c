/**
 * docker/rpm-assume-yes: `yum install` and `dnf install` (and the other yum and dnf commands that ask
 * for confirmation) answer yes non-interactively with `-y` or `--assumeyes`. A build has no terminal:
 * at the `Is this ok [y/N]` prompt yum and dnf read end-of-input, answer no, and the build fails.
 *
 * microdnf is left alone: it never asks (its `-y` is accepted and does nothing). `--setopt=assumeyes=1`
 * and piping `yes` into the command count as yes. RUNs carried by ONBUILD count. The fix inserts `-y`
 * after the subcommand.
 */
import type { Workspace } from '../../core/workspace';
import type { FileRule, RuleFinding } from '../../core/types';
import { replaceFix } from '../lib/util';
import { commandName, pointAt, wordRange, judgedStages } from '../lib/dockerfile';
import { packageCommands, type PackageCommand } from '../lib/packages';

/** The yum and dnf subcommands that ask before changing packages. */
const PROMPTING = /^(install|groupinstall|localinstall|reinstall|update|upgrade|update-minimal|upgrade-minimal|remove|erase|autoremove|downgrade|distro-sync|swap|group|module)$/;

/** The yum and dnf commands that would stop at a confirmation prompt (`group list` and `module list` do not). */
function prompting(file: Parameters<typeof packageCommands>[0], ws: Workspace): PackageCommand[] {
  return packageCommands(file, judgedStages(file, ws)).filter((p) => {
    if ((p.manager !== 'yum' && p.manager !== 'dnf') || p.program === 'microdnf' || !PROMPTING.test(p.sub.value)) return false;
    if (p.sub.value === 'group' || p.sub.value === 'module') return /^(install|update|upgrade|remove|erase|reset|switch-to)$/.test(p.packages[0]?.value ?? '');
    return true;
  });
}

/** True when the command answers the prompt by itself. */
function answersYes(p: PackageCommand): boolean {
  if (p.options.some((o) => o === '--assumeyes' || o === '--assume-yes' || /^-[a-zA-Z]*y[a-zA-Z]*$/.test(o) || /^--setopt=assumeyes=(1|true|yes)$/i.test(o))) return true;
  const i = p.script.commands.indexOf(p.cmd);
  return i > 0 && p.cmd.prev === '|' && commandName(p.script.commands[i - 1]) === 'yes';
}

export const rule: FileRule = {
  id: 'docker/rpm-assume-yes',
  category: 'containers',
  severity: 'medium',
  level: 'prototype',
  title: 'yum and dnf run non-interactively',
  rationale: 'A build has no one to answer the confirmation prompt; without `-y` yum and dnf answer no and the build fails.',
  related: [
    { tool: 'hadolint', id: 'DL3030' },
    { tool: 'hadolint', id: 'DL3038' },
  ],
  fixable: true,
  scope: 'file',
  kinds: ['dockerfile'],
  examines: (file, ctx) => prompting(file, ctx.ws).length > 0,
  examinesWhat: '`yum install` or `dnf install` (or another yum or dnf command that asks for confirmation)',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    for (const p of prompting(file, ctx.ws)) {
      if (answersYes(p)) continue;
      findings.push({
        message: `\`${p.program} ${p.sub.value}\` without \`-y\` stops at the confirmation prompt, reads no answer and fails the build; add \`-y\``,
        range: wordRange(file, p.sub),
        ...(p.script.editable ? { fix: replaceFix('Add -y', file, pointAt(file, p.sub.end), ' -y') } : {}),
      });
    }
    return findings;
  },
};
