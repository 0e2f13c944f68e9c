/**
 * docker/rm-variable-guarded: a recursive `rm` whose path starts with a variable (`rm -rf "$DIR/"*`,
 * `rm -rf $PREFIX/lib`) guards it with `${DIR:?}`, unless the Dockerfile or the RUN gives the variable
 * a value first. If the variable is empty or unset, the path becomes `/*` or `/lib` and the RUN deletes
 * the image's own system files (ShellCheck SC2115).
 *
 * A variable counts as set when an ENV or an ARG with a default sets it earlier in the stage (or in a
 * stage it is built FROM), when the RUN assigns or exports it before the `rm`, loops over it with
 * `for`, or is one the shell always sets (HOME, PWD); `set -u` makes an unset variable stop the RUN.
 * RUNs carried by ONBUILD count. The fix writes the variable as `${VAR:?}`, so the RUN fails instead.
 */
import type { Workspace } from '../../core/workspace';
import type { FileRule, RuleFinding } from '../../core/types';
import type { SourceFile } from '../../core/source';
import { replaceFix } from '../lib/util';
import { commandArgs, commandName, runCommands, shellOptionOn, variablesBefore, wordRange, type RunCommand, type ShellWord, judgedStages } from '../lib/dockerfile';

const ALWAYS_SET = new Set(['HOME', 'PWD', 'PATH', 'HOSTNAME']);
const LEADING_VAR = /^\/?\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))\//;

/** The recursive `rm` arguments whose path starts with a variable, with the variable's name. */
function candidates(file: SourceFile, ws: Workspace): { c: RunCommand; word: ShellWord; name: string }[] {
  const out: { c: RunCommand; word: ShellWord; name: string }[] = [];
  for (const c of runCommands(file, judgedStages(file, ws))) {
    if (commandName(c.cmd) !== 'rm') continue;
    const args = commandArgs(c.cmd);
    if (!args.some((w) => /^-[a-zA-Z]*[rR][a-zA-Z]*$/.test(w.value) || w.value === '--recursive')) continue;
    for (const word of args) {
      const m = LEADING_VAR.exec(word.value);
      if (m) out.push({ c, word, name: m[1] ?? m[2] });
    }
  }
  return out;
}

/** True when the RUN gives the variable a value before the command (assignment, export, read or for loop). */
function setInScript(c: RunCommand, name: string): boolean {
  for (const d of c.script.commands) {
    if (d === c.cmd) return false;
    const words = d.words.map((w) => w.value);
    if (words.some((w) => w.startsWith(`${name}=`) && w.length > name.length + 1)) return true;
    if (words[0] === 'for' && words[1] === name) return true;
    if (commandName(d) === 'read' && commandArgs(d).some((w) => w.value === name)) return true;
  }
  return false;
}

export const rule: FileRule = {
  id: 'docker/rm-variable-guarded',
  category: 'containers',
  severity: 'medium',
  level: 'production',
  title: 'rm -rf never expands to the root folder',
  rationale: 'If the variable in `rm -rf "$DIR/"*` is empty, the RUN deletes `/*`: the image loses its own system files and breaks in ways far from the cause. `${DIR:?}` makes the RUN fail instead.',
  related: [{ tool: 'hadolint', id: 'SC2115' }],
  fixable: true,
  scope: 'file',
  kinds: ['dockerfile'],
  examines: (file, ctx) => candidates(file, ctx.ws).length > 0,
  examinesWhat: 'recursive `rm` of a path that starts with a variable',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    for (const { c, word, name } of candidates(file, ctx.ws)) {
      if (ALWAYS_SET.has(name) || setInScript(c, name) || variablesBefore(file, c.stage, c.onbuild ?? c.ins).has(name)) continue;
      if (shellOptionOn(file, c, 'u', 'nounset')) continue;
      const raw = file.text.slice(word.start, word.end);
      const m = new RegExp(`\\$(\\{${name}\\}|${name}(?![A-Za-z0-9_]))`).exec(raw);
      findings.push({
        message: `\`rm\` deletes \`${word.value}\`, and \`${name}\` is set nowhere before it: if it is empty the RUN deletes from the image's root folder; write \`\${${name}:?}\` so the RUN fails instead`,
        range: wordRange(file, word),
        ...(m && c.script.editable ? { fix: replaceFix(`Guard ${name} with \${${name}:?}`, file, file.rangeOf(word.start + m.index, word.start + m.index + m[0].length), `\${${name}:?}`) } : {}),
      });
    }
    return findings;
  },
};
