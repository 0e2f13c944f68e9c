/**
 * docker/cd-failure-handled: a `cd` followed by more commands in the same RUN is checked: `cd dir &&
 * make`, `cd dir || exit 1`, `if cd dir; then`, or `set -e` for the whole script. After an unchecked
 * `cd dir; make` that fails (a typo, a folder that moved), the rest of the RUN goes on in the wrong
 * folder, where `make install` or `rm -rf *` do something else entirely (ShellCheck SC2164).
 *
 * A `cd` that is the last command of its RUN is left alone: its failure fails the RUN. `set -e` in the
 * script or in the SHELL command line (`-eo pipefail`) checks every command. RUNs carried by ONBUILD
 * count. The fix appends `|| exit` to the `cd`.
 */
import type { Workspace } from '../../core/workspace';
import type { FileRule, RuleFinding } from '../../core/types';
import type { SourceFile } from '../../core/source';
import { replaceFix } from '../lib/util';
import { commandArgs, commandName, commandStart, pointAt, runCommands, shellOptionOn, wordRange, type RunCommand, judgedStages } from '../lib/dockerfile';

const CONDITIONS = new Set(['if', 'elif', 'while', 'until', '!']);

/** The `cd` commands of the RUNs that other commands follow. */
function cds(file: SourceFile, ws: Workspace): RunCommand[] {
  return runCommands(file, judgedStages(file, ws)).filter((c) => {
    if (commandName(c.cmd) !== 'cd') return false;
    const i = c.script.commands.indexOf(c.cmd);
    return i >= 0 && i < c.script.commands.length - 1;
  });
}

/** True when the `cd`'s failure is handled: it is a condition, or `&&`/`||` follows it. */
function checked(c: RunCommand): boolean {
  if (c.cmd.next === '&&' || c.cmd.next === '||') return true;
  return c.cmd.words.slice(0, commandStart(c.cmd)).some((w) => CONDITIONS.has(w.value));
}

export const rule: FileRule = {
  id: 'docker/cd-failure-handled',
  category: 'containers',
  severity: 'medium',
  level: 'production',
  title: 'A failed cd stops the RUN',
  rationale: 'After an unchecked `cd` fails, the rest of the RUN runs in the wrong folder, where install and delete commands do something other than intended.',
  related: [{ tool: 'hadolint', id: 'SC2164' }],
  fixable: true,
  scope: 'file',
  kinds: ['dockerfile'],
  examines: (file, ctx) => cds(file, ctx.ws).length > 0,
  examinesWhat: '`cd` followed by other commands in a RUN',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    for (const c of cds(file, ctx.ws)) {
      if (checked(c) || shellOptionOn(file, c, 'e', 'errexit')) continue;
      const last = c.cmd.words[c.cmd.words.length - 1];
      findings.push({
        message: `if \`cd ${commandArgs(c.cmd)[0]?.value ?? ''}\` fails, the rest of this RUN goes on in the wrong folder; write \`cd ... || exit\` (or chain with \`&&\`, or \`set -e\`)`,
        range: wordRange(file, c.cmd.words[commandStart(c.cmd)]),
        ...(c.script.editable ? { fix: replaceFix('Exit when cd fails', file, pointAt(file, last.end), ' || exit') } : {}),
      });
    }
    return findings;
  },
};
