/**
 * docker/multi-stage-build: compilers, dev dependencies and build packages stay in a build stage; the
 * shipped image (the final stage and the stages it is built FROM) only runs the result.
 *
 * Flags, in the shipped stages: compiling (`go build`, `cargo build`, `mvn package`, `gradle build`,
 * `dotnet publish`, `npm run build`, `tsc`), installing Node dev dependencies (`npm ci` without
 * `--omit=dev` or NODE_ENV=production), and build packages (gcc, *-dev) installed and not removed in
 * the same RUN, the pattern of `pip install` with native extensions. ONBUILD triggers are left out (they
 * build in the images made FROM this one); a single-stage image that runs nothing has nothing to judge.
 */
import type { FileRule } from '../../core/types';
import { commandArgs, commandName, runCommands, runScript, shippedStages, stagesOf, subcommand, variablesBefore, wordRange, type ShellCommand } from '../lib/dockerfile';

const BUILD_PKG = /^(build-essential|build-base|gcc|g\+\+|clang|cmake|musl-dev|libc6?-dev|[\w.+-]+-dev(el)?)$/;
const PROD_FLAG = /^--(omit=dev|only=prod(uction)?|production|prod)$/;

/** What toolchain a command runs, or undefined. */
function toolchainOf(cmd: ShellCommand, prodEnv: boolean): string | undefined {
  const name = commandName(cmd);
  const args = commandArgs(cmd).map((w) => w.value);
  const sub = subcommand(cmd)?.word.value;
  if (name === 'go' && sub === 'build') return '`go build`';
  if (name === 'cargo' && (sub === 'build' || sub === 'install')) return `\`cargo ${sub}\``;
  if ((name === 'mvn' || name === 'mvnw') && args.some((a) => /^(package|install|verify)$/.test(a))) return 'Maven';
  if ((name === 'gradle' || name === 'gradlew') && args.some((a) => /^(build|assemble|bootJar|jar|installDist|shadowJar)$/.test(a))) return 'Gradle';
  if (name === 'dotnet' && (sub === 'publish' || sub === 'build')) return `\`dotnet ${sub}\``;
  if (name === 'tsc' || (['npm', 'yarn', 'pnpm'].includes(name) && args.join(' ').match(/^(run )?build\b/))) return 'a JavaScript build';
  if (['npm', 'yarn', 'pnpm'].includes(name) && (sub === 'ci' || sub === 'install' || sub === 'i' || (name === 'yarn' && sub === undefined))) {
    const named = args.filter((a) => !a.startsWith('-')).length > 1;
    if (!prodEnv && !named && !args.some((a) => PROD_FLAG.test(a))) return 'Node dev dependencies';
  }
  return undefined;
}

export const rule: FileRule = {
  id: 'docker/multi-stage-build',
  category: 'containers',
  severity: 'medium',
  level: 'production',
  title: 'Build toolchains stay out of the shipped image',
  rationale: 'Compilers, dev dependencies and build packages in the final image make it larger, slower to pull and give an attacker more tools; a multi-stage build ships only the result.',
  scope: 'file',
  kinds: ['dockerfile'],
  examines: (file, ctx) => stagesOf(file).length > 1 || runCommands(file, shippedStages(file, ctx.ws)).some((c) => !c.onbuild),
  examinesWhat: 'RUN in the shipped image (or a multi-stage build)',
  checkFile(file, ctx) {
    const stages = shippedStages(file, ctx.ws);
    const cmds = runCommands(file, stages).filter((c) => !c.onbuild);
    for (const { cmd, stage, ins, onbuild } of cmds) {
      // NODE_ENV=production before the install (ENV, also through an ARG default, or on the command) makes npm skip dev dependencies.
      const prodEnv = variablesBefore(file, stage, onbuild ?? ins).get('NODE_ENV') === 'production' || cmd.words.some((w) => w.value === 'NODE_ENV=production');
      const tool = toolchainOf(cmd, prodEnv);
      if (tool) {
        const where = wordRange(file, cmd.words[0]);
        const message = tool === 'Node dev dependencies'
          ? `the shipped image installs Node devDependencies (\`${commandName(cmd)} ${subcommand(cmd)?.word.value ?? 'install'}\` without \`--omit=dev\`); install with \`--omit=dev\`, or build in a separate stage and copy the result`
          : `the shipped image runs ${tool}, so the toolchain ships with the app; build in a separate stage and COPY --from it the artefact only`;
        return [{ message, range: where }];
      }
    }
    for (const { ins, cmd } of cmds) {
      const name = commandName(cmd);
      const sub = subcommand(cmd, ['-o', '-t', '--virtual'])?.word.value;
      if (!((name === 'apt-get' || name === 'apt' || name === 'yum' || name === 'dnf') && sub === 'install') && !(name === 'apk' && sub === 'add')) continue;
      if (commandArgs(cmd).some((w) => w.value === '--virtual' || w.value === '-t')) continue;
      const pkgs = commandArgs(cmd).map((w) => w.value.split('=')[0]).filter((v) => BUILD_PKG.test(v));
      if (pkgs.length === 0) continue;
      const removed = runScript(file, ins).commands.some((c) => /^(purge|remove|autoremove|del)$/.test(subcommand(c)?.word.value ?? '') && ['apt-get', 'apt', 'apk', 'yum', 'dnf'].includes(commandName(c)));
      if (removed) continue;
      return [{ message: `build packages (${pkgs.slice(0, 4).join(', ')}) are installed in the shipped image and never removed; install and compile in a build stage, or remove them in the same RUN`, range: wordRange(file, cmd.words[0]) }];
    }
    return [];
  },
};
