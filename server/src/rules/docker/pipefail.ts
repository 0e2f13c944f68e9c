/**
 * docker/pipefail: a RUN that pipes (`curl ... | tar x`) fails when any command of the pipe fails.
 * POSIX `sh` only reports the last command's status, so `wget bad-url | tar x` "succeeds" and the
 * image silently misses a file. Set `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` or start the RUN with
 * `set -o pipefail`.
 *
 * The fix adds the SHELL instruction before the RUN on images with bash, and prefixes the RUN with
 * `set -o pipefail &&` on Alpine and BusyBox images (ash supports it, bash is not installed).
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { insertAtLineFix, replaceFix } from '../lib/util';
import { baseImageOf, commandArgs, commandName, keywordRange, pointAt, runScript, stagesOf, usesPosixShell, runCommands } from '../lib/dockerfile';

export const rule: FileRule = {
  id: 'docker/pipefail',
  category: 'containers',
  severity: 'medium',
  level: 'mvp',
  title: 'Piped RUN commands fail when any part fails',
  rationale: "Without pipefail a RUN reports only the last command's status, so a failed download piped into tar or sh still builds an image.",
  related: [{ tool: 'hadolint', id: 'DL4006' }],
  fixable: true,
  scope: 'file',
  kinds: ['dockerfile'],
  examines: (file) => runCommands(file).some(({ cmd }) => cmd.next === '|'),
  examinesWhat: 'RUN that pipes commands',
  checkFile(file) {
    const findings: RuleFinding[] = [];
    for (const stage of stagesOf(file)) {
      let pipefailShell = false;
      let shellFixed = false;
      for (const ins of stage.instructions) {
        const kw = ins.getKeyword();
        if (kw === 'SHELL') {
          const args = (ins.getArgumentsContent() ?? '').toLowerCase();
          pipefailShell = args.includes('pipefail') || !/(^|[\s"/[])(ba|da|a|z)?sh"/.test(args);
          continue;
        }
        if (kw !== 'RUN' || pipefailShell || !usesPosixShell(file, stage, ins)) continue;
        const script = runScript(file, ins);
        const pipes = script.commands.some((c) => c.next === '|');
        if (!pipes) continue;
        const setsPipefail = script.commands.some((c) => commandName(c) === 'set' && commandArgs(c).some((w, i, all) => (w.value === '-o' && all[i + 1]?.value === 'pipefail') || w.value === '-opipefail' || (/^-[a-z]*o$/.test(w.value) && all[i + 1]?.value === 'pipefail')));
        if (setsPipefail) continue;
        const image = baseImageOf(file, stage);
        const ash = /(^|\/)(alpine|busybox)(:|$)|[:-]alpine/.test(image);
        let fix;
        if (ash && script.editable && !file.text.slice(script.start, script.start + 2).startsWith('<<')) {
          fix = replaceFix('Start the RUN with set -o pipefail', file, pointAt(file, script.start), 'set -o pipefail && ');
        } else if (!ash && !shellFixed && !/(distroless|scratch)/.test(image)) {
          const line = ins.getRange().start.line;
          fix = insertAtLineFix('Use bash with pipefail for the RUN instructions of this stage', file, line, 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\n');
          shellFixed = true;
        }
        findings.push({
          message: 'this RUN pipes commands without pipefail, so a failure before the last `|` goes unnoticed; set `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` or start with `set -o pipefail &&`',
          range: keywordRange(ins),
          ...(fix ? { fix } : {}),
        });
      }
    }
    return findings;
  },
};
