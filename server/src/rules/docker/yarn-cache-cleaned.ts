/**
 * docker/yarn-cache-cleaned: a RUN that installs with yarn in a shipped stage cleans yarn's cache in the
 * same RUN, after the install (`yarn cache clean`, or removing the cache folder), or keeps it out of the
 * layer with a cache mount. yarn keeps a copy of every package it downloads, often as large as
 * node_modules itself, and none of it is needed at run time.
 *
 * `yarn`, `yarn install` and `yarn add` install. Only the stages that ship count (a build stage's
 * cache is thrown away), and the RUNs carried by ONBUILD. The fix appends `&& yarn cache clean`.
 */
import type { Workspace } from '../../core/workspace';
import type { FileRule, RuleFinding } from '../../core/types';
import type { SourceFile } from '../../core/source';
import { replaceFix } from '../lib/util';
import { commandArgs, commandName, keywordRange, pointAt, runCommands, shippedStages, subcommand, type RunCommand } from '../lib/dockerfile';

/** The yarn installs of the shipped stages (`yarn` alone, `yarn install`, `yarn add`). */
function installs(file: SourceFile, ws: Workspace): RunCommand[] {
  return runCommands(file, shippedStages(file, ws)).filter(({ cmd }) => {
    if (commandName(cmd) !== 'yarn') return false;
    const sub = subcommand(cmd, ['--cwd', '--cache-folder', '--modules-folder', '--network-timeout', '--mutex', '--registry'])?.word.value;
    return sub === undefined ? !commandArgs(cmd).some((w) => /^(-v|--version|-h|--help)$/.test(w.value)) : sub === 'install' || sub === 'add';
  });
}

/** True when a later command of the same RUN cleans yarn's cache, or the RUN mounts a cache for it. */
function cleaned(c: RunCommand): boolean {
  const flags = (c.ins as unknown as { getFlags?: () => { getName(): string; getValue(): string | null }[] }).getFlags?.() ?? [];
  if (flags.some((f) => f.getName() === 'mount' && /type=cache/.test(f.getValue() ?? '') && /(target|dst|destination)=[^,]*yarn/.test(f.getValue() ?? ''))) return true;
  return c.script.commands.slice(c.script.commands.indexOf(c.cmd) + 1).some((d) => {
    const args = commandArgs(d).map((w) => w.value);
    if (commandName(d) === 'yarn') return args[0] === 'cache' && args[1] === 'clean';
    return commandName(d) === 'rm' && args.some((a) => /(\.cache\/yarn|yarn-cache|\.yarn\/(berry\/)?cache)/.test(a));
  });
}

export const rule: FileRule = {
  id: 'docker/yarn-cache-cleaned',
  category: 'containers',
  severity: 'low',
  level: 'production',
  title: 'yarn cache is cleaned in the layer that installs',
  rationale: "yarn's cache holds a copy of every downloaded package and can double the size of a Node layer; `yarn cache clean` in the same RUN keeps it out of the image.",
  related: [{ tool: 'hadolint', id: 'DL3060' }],
  fixable: true,
  scope: 'file',
  kinds: ['dockerfile'],
  examines: (file, ctx) => installs(file, ctx.ws).length > 0,
  examinesWhat: '`yarn install` in a shipped stage',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    const seen = new Set<unknown>();
    for (const c of installs(file, ctx.ws)) {
      if (seen.has(c.ins) || cleaned(c)) continue;
      seen.add(c.ins);
      const text = file.text.slice(c.script.start, c.script.end);
      const appendable = c.script.editable && !text.startsWith('<<') && !/[;&|\\]\s*$/.test(text);
      findings.push({
        message: 'this RUN installs with yarn but leaves its cache in the layer; end it with `&& yarn cache clean`',
        range: keywordRange(c.ins),
        ...(appendable ? { fix: replaceFix('Clean the yarn cache in the same RUN', file, pointAt(file, c.script.end), text.includes('\n') ? ' \\\n    && yarn cache clean' : ' && yarn cache clean') } : {}),
      });
    }
    return findings;
  },
};
