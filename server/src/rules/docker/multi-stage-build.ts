/**
 * docker/multi-stage-build: compilers, dev dependencies and build packages stay in a build stage; the
 * shipped image (the final stage and the stages it is built FROM) only runs the result.
 *
 * Flags, in the shipped stages: compiling (`go build`, `cargo build`, `mvn package`, `gradle build`,
 * `dotnet publish`, `npm run build`, `tsc`), installing Node dev dependencies (`npm ci` without
 * `--omit=dev` or NODE_ENV=production, when the package.json it installs declares devDependencies: the
 * one the image copies from its build context; unknown when none is found), and build packages (gcc,
 * *-dev) installed and not removed in
 * the same RUN, the pattern of `pip install` with native extensions. ONBUILD triggers are left out (they
 * build in the images made FROM this one); a single-stage image that runs nothing has nothing to judge.
 */
import type { Instruction } from '../lib/dockerfile';
import type { SourceFile } from '../../core/source';
import type { FileRule, RuleContext } from '../../core/types';
import { buildsOf, joinPath } from '../lib/builds';
import { dirOf } from '../lib/container-scaffold';
import { stageChain, type Stage } from '../lib/dockerfile';
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

/**
 * The package.json files an install may read: those the stage (or the stages it is built FROM) copies
 * from the build context before the install (`COPY package*.json ./`, `COPY web/package.json`, `COPY . .`),
 * in each context the project builds this Dockerfile with (the Dockerfile's folder when none is known),
 * with the number of devDependencies each declares. Empty when none can be found.
 */
function installedManifests(file: SourceFile, stage: Stage, at: Instruction, ctx: RuleContext): { path: string; dev: number }[] {
  const contexts = new Set<string>();
  for (const b of buildsOf(ctx.ws, file.path)) if (b.context.kind === 'repo') contexts.add(b.context.dir);
  if (contexts.size === 0) contexts.add(dirOf(file.path));
  const before = at.getRange().start.line;
  const sources: string[] = [];
  for (const s of stageChain(file, stage)) {
    for (const ins of s.instructions) {
      if (s === stage && ins.getRange().start.line >= before) break;
      if (ins.getKeyword() !== 'COPY' && ins.getKeyword() !== 'ADD') continue;
      const args = ins.getArguments().map((a) => a.getValue());
      if (args.some((a) => /^--from=/i.test(a))) continue;
      const srcs = args.filter((a) => !a.startsWith('--')).slice(0, -1).map((a) => a.replace(/^\[?"?|"?,?\]?$/g, ''));
      for (const src of srcs) {
        if (src === '.' || src === './') sources.push('');
        else if (/(^|\/)package(\*|\.json|\*\.json)?$/.test(src) || /(^|\/)package[\w*.-]*\.json$/.test(src)) sources.push(dirOf(src.replace(/^\.\//, '')));
      }
    }
  }
  const out: { path: string; dev: number }[] = [];
  for (const c of contexts) {
    for (const src of new Set(sources)) {
      const dir = joinPath(c, src);
      if (dir === undefined) continue;
      const path = dir ? `${dir}/package.json` : 'package.json';
      const file = ctx.ws.read(path);
      if (!file?.text) continue;
      // An invalid package.json is reported by its own rule (quality/config-parses); it tells nothing here.
      if (!file.json.ok) continue;
      const dev = (file.json.value as { devDependencies?: unknown } | null)?.devDependencies;
      out.push({ path, dev: dev && typeof dev === 'object' ? Object.keys(dev).length : 0 });
    }
  }
  return out;
}

export const rule: FileRule = {
  id: 'docker/multi-stage-build',
  category: 'containers',
  severity: 'medium',
  level: 'production',
  title: 'Build toolchains stay out of the shipped image',
  rationale: 'Compilers, dev dependencies and build packages in the final image make it larger, slower to pull and give an attacker more tools; a multi-stage build ships only the result.',
  roadmap: [{ topic: 'the multi-stage Dockerfile', match: /multi[- ]?stage/, requires: { kinds: ['dockerfile'], what: 'Dockerfile' }, rank: 10 }],
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
      if (tool === 'Node dev dependencies') {
        const manifests = installedManifests(file, stage, onbuild ?? ins, ctx);
        // Only a package.json that declares devDependencies has any to install.
        if (manifests.length > 0 && !manifests.some((m) => m.dev > 0)) continue;
        const name = commandName(cmd);
        const flag = name === 'yarn' ? '`--production` (yarn 1) or `yarn workspaces focus --production` (yarn 2+)' : name === 'pnpm' ? '`--prod`' : '`--omit=dev`';
        const declared = manifests.find((m) => m.dev > 0);
        const what = declared ? ` (${declared.path} declares ${declared.dev} devDependencies)` : '';
        const message = `the shipped image installs Node devDependencies${what} (\`${name} ${subcommand(cmd)?.word.value ?? 'install'}\` without a production flag); install with ${flag}, or build in a separate stage and copy the result`;
        return [{ message, range: wordRange(file, cmd.words[0]) }];
      }
      if (tool) {
        const message = `the shipped image runs ${tool}, so the toolchain ships with the app; build in a separate stage and COPY --from it the artefact only`;
        return [{ message, range: wordRange(file, cmd.words[0]) }];
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
