/**
 * docker/npm-ci: Node dependencies are installed from the lock file (`npm ci`, `yarn install
 * --frozen-lockfile`, `pnpm install --frozen-lockfile`), never resolved afresh with `npm install`,
 * so the image holds exactly the versions that were tested.
 *
 * `npm install <package>` (installing a named tool) is left alone. The fix switches to `npm ci` or
 * adds `--frozen-lockfile` when the lock file exists; without one the finding asks to commit it.
 */
import type { Workspace } from '../../core/workspace';
import type { FileRule, RuleFinding } from '../../core/types';
import { replaceFix } from '../lib/util';
import type { SourceFile } from '../../core/source';
import { commandArgs, commandName, pointAt, runCommands, subcommand, wordRange, type RunCommand, judgedStages, judgedInstructions } from '../lib/dockerfile';
import { dirOf } from '../lib/container-scaffold';

const LOCKS: Record<string, string[]> = { npm: ['package-lock.json', 'npm-shrinkwrap.json'], yarn: ['yarn.lock'], pnpm: ['pnpm-lock.yaml'] };

/** The project-dependency installs of the RUNs (`npm ci`, `npm install`, `yarn`, `pnpm install`), not named or global ones. */
function projectInstalls(file: SourceFile, ws: Workspace): RunCommand[] {
  return runCommands(file, judgedStages(file, ws)).filter(({ cmd }) => {
    const pm = commandName(cmd);
    if (!(pm in LOCKS)) return false;
    const args = commandArgs(cmd);
    if (args.filter((a) => !a.value.startsWith('-')).length > 1 || args.some((a) => a.value === '-g' || a.value === '--global')) return false;
    const sub = subcommand(cmd)?.word.value;
    return pm === 'npm' ? sub === 'install' || sub === 'i' || sub === 'ci' : sub === undefined || sub === 'install';
  });
}

export const rule: FileRule = {
  id: 'docker/npm-ci',
  category: 'containers',
  severity: 'medium',
  level: 'mvp',
  title: 'Node dependencies install from the lock file',
  rationale: '`npm install` may resolve newer versions than the lock file and rewrite it; `npm ci` installs exactly what was tested and fails when package.json and the lock file disagree.',
  fixable: true,
  scope: 'file',
  kinds: ['dockerfile'],
  examines: (file, ctx) => projectInstalls(file, ctx.ws).length > 0,
  examinesWhat: 'npm, yarn or pnpm install of the project',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    const copied = judgedInstructions(file, ctx.ws, 'COPY').map((i) => i.getArgumentsContent() ?? '').join(' ');
    const dir = dirOf(file.path);
    const hasLock = (pm: string) => LOCKS[pm].some((l) => ctx.ws.exists(dir ? `${dir}/${l}` : l) || ctx.ws.exists(l) || copied.includes(l));
    for (const { cmd, script } of projectInstalls(file, ctx.ws)) {
      const pm = commandName(cmd);
      const sub = subcommand(cmd);
      const args = commandArgs(cmd);
      if (pm === 'npm' && sub && (sub.word.value === 'install' || sub.word.value === 'i')) {
        const lock = hasLock('npm');
        findings.push({
          message: lock
            ? '`npm install` may resolve versions other than the lock file; use `npm ci`'
            : '`npm install` without a lock file installs whatever versions resolve today; commit package-lock.json and use `npm ci`',
          range: wordRange(file, sub.word),
          ...(lock && script.editable ? { fix: replaceFix('Use npm ci', file, wordRange(file, sub.word), 'ci') } : {}),
        });
      } else if ((pm === 'yarn' || pm === 'pnpm') && (sub === undefined || sub.word.value === 'install')) {
        if (args.some((a) => /^--(frozen-lockfile|immutable)$/.test(a.value))) continue;
        const at = sub?.word ?? cmd.words.find((w) => w.value === pm || w.value.endsWith(`/${pm}`)) ?? cmd.words[0];
        const lock = hasLock(pm);
        findings.push({
          message: `\`${pm} install\` without \`--frozen-lockfile\` may update the lock file during the build; add \`--frozen-lockfile\``,
          range: wordRange(file, at),
          ...(lock && script.editable ? { fix: replaceFix('Add --frozen-lockfile', file, pointAt(file, at.end), ' --frozen-lockfile') } : {}),
        });
      }
    }
    return findings;
  },
};
