/**
 * docker/no-curl-pipe-shell: RUN instructions do not pipe a downloaded script into a shell
 * (`curl https://... | sh`). Whatever the server returns that day runs as root in the build, with no
 * checksum; download the script, verify its checksum, then run it (or install a pinned package).
 * RUNs carried by ONBUILD count; a Dockerfile that downloads nothing with curl or wget has nothing
 * to judge.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { commandName, keywordRange, runCommands, runScript, stageRuns, usesPosixShell, judgedStages } from '../lib/dockerfile';

const FETCHERS = new Set(['curl', 'wget', 'fetch', 'iwr', 'invoke-webrequest']);
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'python', 'python3', 'perl', 'ruby', 'node', 'php']);

export const rule: FileRule = {
  id: 'docker/no-curl-pipe-shell',
  category: 'containers',
  severity: 'high',
  level: 'mvp',
  title: 'Remote scripts are not piped into a shell',
  rationale: 'Piping a download into a shell runs unverified code from the network with root rights; a compromised or changed script goes straight into the image.',
  scope: 'file',
  guard: true,
  kinds: ['dockerfile'],
  examines: (file, ctx) => runCommands(file, judgedStages(file, ctx.ws)).some(({ cmd }) => FETCHERS.has(commandName(cmd))),
  examinesWhat: 'download with curl or wget in a RUN',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    for (const { ins, stage, onbuild } of stageRuns(file, judgedStages(file, ctx.ws))) {
      if (!usesPosixShell(file, stage, onbuild ?? ins)) continue;
      const cmds = runScript(file, ins).commands;
      for (let i = 0; i + 1 < cmds.length; i++) {
        if (cmds[i].next !== '|' || !FETCHERS.has(commandName(cmds[i]))) continue;
        let j = i + 1;
        while (j < cmds.length && !SHELLS.has(commandName(cmds[j])) && cmds[j - 1].next === '|') j++;
        if (j < cmds.length && cmds[j - 1].next === '|' && SHELLS.has(commandName(cmds[j]))) {
          findings.push({
            message: `this RUN pipes a download from \`${commandName(cmds[i])}\` into \`${commandName(cmds[j])}\`; download the script, verify its checksum, then run it`,
            range: keywordRange(ins),
          });
          break;
        }
      }
    }
    return findings;
  },
};
