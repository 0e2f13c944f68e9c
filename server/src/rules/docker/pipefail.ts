/**
 * docker/pipefail: a RUN that pipes (`curl ... | tar x`) fails when any command of the pipe fails.
 * POSIX `sh` only reports the last command's status, so `wget bad-url | tar x` "succeeds" and the
 * image silently misses a file. Set `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` or start the RUN with
 * `set -o pipefail`.
 *
 * pipefail counts only where the shell that runs the RUN knows it. bash, zsh, ksh and ash do; dash,
 * `/bin/sh` on Debian and Ubuntu and the official images built on them, rejects `-o pipefail` (its
 * releases before 0.5.13 do not know the option), so `SHELL ["/bin/sh", "-o", "pipefail", "-c"]` makes
 * every later RUN fail there. `/bin/sh` is ash on Alpine and BusyBox and bash on the Red Hat family; on
 * an image the rule cannot place, it says that it cannot tell, at low severity. RUNs carried by
 * ONBUILD count.
 *
 * Fixes: on images whose /bin/sh knows pipefail, prefix the RUN with `set -o pipefail &&`; elsewhere add
 * `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before the RUN; a SHELL that runs dash with pipefail
 * is switched to /bin/bash.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import type { Instruction } from '../lib/dockerfile';
import type { SourceFile } from '../../core/source';
import { insertAtLineFix, replaceFix } from '../lib/util';
import { baseImageOf, commandArgs, commandName, keywordRange, pointAt, runScript, shellAt, stageRuns, type RunScript, type Stage, judgedStages } from '../lib/dockerfile';
import { binShOf } from '../lib/images';

/** True when a shell command line turns pipefail on (`-o pipefail`, `-eo pipefail`, `-opipefail`). */
function pipefailIn(argv: string[]): boolean {
  return argv.some((a, i) => a === '-opipefail' || /(^|\s)-[a-z]*o\s+pipefail\b/.test(a) || (a === 'pipefail' && /^-[a-z]*o$/.test(argv[i - 1] ?? '')));
}

/** True when a RUN script turns pipefail on with `set`. */
function setsPipefail(script: RunScript): boolean {
  return script.commands.some((c) => commandName(c) === 'set' && pipefailIn(commandArgs(c).map((w) => w.value)));
}

/** Whether a shell knows pipefail: `yes`, `no` (dash) or `unknown` (sh of an image the rule cannot place). */
function support(exe: string, image: string): 'yes' | 'no' | 'unknown' {
  const name = exe.slice(exe.lastIndexOf('/') + 1).toLowerCase();
  if (/^(bash|zsh|ksh|ksh93|mksh|ash|busybox)$/.test(name)) return 'yes';
  if (name === 'dash') return 'no';
  if (name !== 'sh') return 'unknown';
  const sh = binShOf(image);
  return sh === 'ash' || sh === 'bash' ? 'yes' : sh === 'dash' ? 'no' : 'unknown';
}

const DASH = 'dash, `/bin/sh` on Debian and Ubuntu, rejects `-o pipefail`';

/** Findings on SHELL instructions that turn pipefail on for a shell that does not (or may not) know it. */
function shellFindings(file: SourceFile, stage: Stage, image: string): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const ins of stage.instructions.filter((i) => i.getKeyword() === 'SHELL')) {
    const { argv } = shellAt(file, stage, ins);
    const s = argv.length > 0 && pipefailIn(argv) ? support(argv[0], image) : 'yes';
    if (s === 'yes') continue;
    const r = ins.getArgumentsRange();
    const start = r ? file.offsetAt(r.start) : -1;
    const at = start >= 0 ? file.text.indexOf(JSON.stringify(argv[0]), start) : -1;
    const fixable = s === 'no' && at >= 0 && r && at < file.offsetAt(r.end);
    out.push({
      message: s === 'no'
        ? `this SHELL runs \`${argv[0]}\` with pipefail on \`${image}\`, but ${DASH}, so every RUN after it fails; use \`/bin/bash\``
        : `this SHELL runs \`${argv[0]}\` with pipefail, but whether /bin/sh of \`${image || 'this image'}\` knows pipefail cannot be told from the Dockerfile (${DASH}); use \`/bin/bash\` to be sure`,
      range: keywordRange(ins),
      ...(s === 'unknown' ? { severity: 'low' as const } : {}),
      ...(fixable ? { fix: replaceFix('Run the SHELL with /bin/bash', file, file.rangeOf(at, at + JSON.stringify(argv[0]).length), '"/bin/bash"') } : {}),
    });
  }
  return out;
}

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
  examines: (file, ctx) =>
    stageRuns(file, judgedStages(file, ctx.ws)).some((r) => shellAt(file, r.stage, r.onbuild ?? r.ins).posix && runScript(file, r.ins).commands.some((c) => c.next === '|')) ||
    judgedStages(file, ctx.ws).some((s) => s.instructions.some((i) => i.getKeyword() === 'SHELL' && pipefailIn(shellAt(file, s, i).argv))),
  examinesWhat: 'RUN with a pipe (or SHELL with pipefail)',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    const shellFixed = new Set<Stage>();
    for (const stage of judgedStages(file, ctx.ws)) findings.push(...shellFindings(file, stage, baseImageOf(file, stage)));
    for (const { ins, stage, onbuild } of stageRuns(file, judgedStages(file, ctx.ws))) {
      const at: Instruction = onbuild ?? ins;
      const shell = shellAt(file, stage, at);
      if (!shell.posix || pipefailIn(shell.argv)) continue;
      const script = runScript(file, ins);
      if (!script.commands.some((c) => c.next === '|')) continue;
      const image = baseImageOf(file, stage);
      const s = support(shell.argv[0] ?? '/bin/sh', image);
      const sets = setsPipefail(script);
      if (sets && s === 'yes') continue;
      let fix;
      if (s === 'yes' && script.editable && !file.text.slice(script.start, script.start + 2).startsWith('<<')) {
        fix = replaceFix('Start the RUN with set -o pipefail', file, pointAt(file, script.start), 'set -o pipefail && ');
      } else if (s !== 'yes' && !shellFixed.has(stage) && !/(distroless|scratch)/.test(image) && !onbuild) {
        fix = insertAtLineFix('Use bash with pipefail for the RUN instructions of this stage', file, at.getRange().start.line, 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\n');
        shellFixed.add(stage);
      }
      const message = !sets
        ? 'this RUN pipes commands without pipefail, so a failure before the last `|` goes unnoticed; set `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` or start with `set -o pipefail &&`'
        : s === 'no'
          ? `this RUN sets pipefail, but ${DASH} and fails the RUN; set \`SHELL ["/bin/bash", "-o", "pipefail", "-c"]\` instead`
          : `this RUN sets pipefail, but whether /bin/sh of \`${image || 'this image'}\` knows it cannot be told from the Dockerfile (${DASH}); set \`SHELL ["/bin/bash", "-o", "pipefail", "-c"]\` to be sure`;
      findings.push({ message, range: keywordRange(ins), ...(sets && s === 'unknown' ? { severity: 'low' as const } : {}), ...(fix ? { fix } : {}) });
    }
    return findings;
  },
};
