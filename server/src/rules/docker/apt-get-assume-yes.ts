/**
 * docker/apt-get-assume-yes: `apt-get install` (and the other apt and aptitude commands that ask for
 * confirmation) answers yes non-interactively; without it the build aborts at the prompt.
 *
 * Yes is given by `-y`, `--yes`, `--assume-yes`, `APT::Get::Assume-Yes`, by quiet level 2 (`-qq`,
 * `-q -q`, `--quiet --quiet`, `-q=2`, `--quiet=2`, which apt-get documents as implying `-y`), or by
 * piping `yes` into the command. RUNs carried by ONBUILD count. The fix inserts `-y` after the
 * subcommand.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { replaceFix } from '../lib/util';
import { commandName, pointAt, wordRange, judgedStages } from '../lib/dockerfile';
import { APT, packageCommands, runsPackageCommand, type PackageCommand } from '../lib/packages';

const PROMPTING = /^(install|upgrade|dist-upgrade|full-upgrade|safe-upgrade|remove|purge|autoremove|build-dep|reinstall)$/;

/** The quiet level the options ask for: each `q` of a short option, each `--quiet`, or an explicit `=N`. */
function quietLevel(options: string[]): number {
  let level = 0;
  for (const o of options) {
    const explicit = /^(?:-q|--quiet)=(\d+)$/.exec(o);
    if (explicit) level += Number(explicit[1]);
    else if (o === '--quiet') level++;
    else if (/^-[a-zA-Z]+$/.test(o)) level += (o.match(/q/g) ?? []).length;
  }
  return level;
}

/** True when the command answers the confirmation prompt by itself. */
function answersYes(p: PackageCommand): boolean {
  if (p.options.some((o) => /^(--yes|--assume-yes|--force-yes)$/.test(o) || /^-[a-z]*y[a-z]*$/i.test(o) || /Assume-Yes=(true|1|yes)/i.test(o))) return true;
  if (p.cmd.words.some((w) => /APT::Get::Assume-Yes=?(true|1|yes)?$/i.test(w.value))) return true;
  if (p.manager !== 'aptitude' && quietLevel(p.options) >= 2) return true;
  const i = p.script.commands.indexOf(p.cmd);
  return i > 0 && p.cmd.prev === '|' && commandName(p.script.commands[i - 1]) === 'yes';
}

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
  examines: (file, ctx) => runsPackageCommand(file, APT, PROMPTING, judgedStages(file, ctx.ws)),
  examinesWhat: '`apt-get install` (or another apt or aptitude command that asks for confirmation)',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    for (const p of packageCommands(file, judgedStages(file, ctx.ws))) {
      if (!APT.includes(p.manager) || !PROMPTING.test(p.sub.value) || answersYes(p)) continue;
      findings.push({
        message: `\`${p.manager} ${p.sub.value}\` without \`-y\` stops at the confirmation prompt and fails the build; add \`-y\``,
        range: wordRange(file, p.sub),
        ...(p.script.editable ? { fix: replaceFix('Add -y', file, pointAt(file, p.sub.end), ' -y') } : {}),
      });
    }
    return findings;
  },
};
