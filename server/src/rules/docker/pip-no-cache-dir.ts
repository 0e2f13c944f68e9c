/**
 * docker/pip-no-cache-dir: `pip install` in a shipped stage keeps its download cache out of the image,
 * with `--no-cache-dir` (or a prefix pip accepts for it, such as `--no-cache`), with `PIP_NO_CACHE_DIR`
 * set to a true value before the install runs, or with a cache mount at ~/.cache/pip.
 *
 * Order matters: `PIP_NO_CACHE_DIR` counts when an ENV sets it earlier in the stage (or in a stage it
 * is built FROM), or when the same RUN sets it on the command (`PIP_NO_CACHE_DIR=1 pip install`) or
 * exports it before the install (`export PIP_NO_CACHE_DIR=1 && pip install`); an ENV after the
 * install does nothing for it, and a false value (`0`, `off`, `no`, `false`) turns the cache back on.
 * The fix inserts `--no-cache-dir` after `install`.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import type { Instruction, Property } from '../lib/dockerfile';
import type { SourceFile } from '../../core/source';
import { replaceFix } from '../lib/util';
import { commandArgs, commandName, pointAt, shippedStages, stageChain, wordRange } from '../lib/dockerfile';
import { mountsCacheAt, packageCommands, runsPackageCommand, type PackageCommand } from '../lib/packages';

const TRUE = /^(1|true|yes|on)$/i;
const NAME = 'PIP_NO_CACHE_DIR';

/** The value of PIP_NO_CACHE_DIR set by the ENV instructions in effect at a RUN, or undefined. */
function envValue(file: SourceFile, p: PackageCommand): string | undefined {
  let value: string | undefined;
  const at: Instruction = p.onbuild ?? p.ins;
  for (const stage of stageChain(file, p.stage).reverse()) {
    for (const ins of stage.instructions) {
      if (ins === at) return value;
      if (ins.getKeyword() !== 'ENV') continue;
      for (const prop of (ins as unknown as { getProperties?: () => Property[] }).getProperties?.() ?? []) {
        if (prop.getName() === NAME) value = (prop.getValue() ?? '').replace(/^["']|["']$/g, '');
      }
    }
  }
  return value;
}

/** The value the same RUN gives PIP_NO_CACHE_DIR before this pip command (inline or exported), or undefined. */
function scriptValue(p: PackageCommand): string | undefined {
  let value: string | undefined;
  for (const c of p.script.commands) {
    const assignment = (w: string) => (w.startsWith(`${NAME}=`) ? w.slice(NAME.length + 1) : undefined);
    if (c === p.cmd) {
      for (const w of c.words) value = assignment(w.value) ?? value;
      return value;
    }
    if (commandName(c) === 'export') for (const w of commandArgs(c)) value = assignment(w.value) ?? value;
  }
  return value;
}

export const rule: FileRule = {
  id: 'docker/pip-no-cache-dir',
  category: 'containers',
  severity: 'low',
  level: 'production',
  title: 'pip install does not keep its cache',
  rationale: "pip's download cache is useless in an image and can double the size of a Python layer; `--no-cache-dir` keeps it out.",
  related: [{ tool: 'hadolint', id: 'DL3042' }],
  fixable: true,
  scope: 'file',
  kinds: ['dockerfile'],
  examines: (file, ctx) => runsPackageCommand(file, ['pip'], /^install$/, shippedStages(file, ctx.ws)),
  examinesWhat: '`pip install` in a shipped stage',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    for (const p of packageCommands(file, shippedStages(file, ctx.ws))) {
      if (p.manager !== 'pip' || p.sub.value !== 'install') continue;
      // pip takes any unambiguous prefix of a long option: `--no-cache` is `--no-cache-dir`.
      if (p.options.some((o) => (o.startsWith('--no-ca') && '--no-cache-dir'.startsWith(o)) || o.startsWith('--cache-dir'))) continue;
      if (mountsCacheAt(p.ins, '/root/.cache/pip')) continue;
      const value = scriptValue(p) ?? envValue(file, p);
      if (value !== undefined && TRUE.test(value)) continue;
      findings.push({
        message: '`pip install` without `--no-cache-dir` keeps the download cache in the image; add `--no-cache-dir`',
        range: wordRange(file, p.sub),
        ...(p.script.editable ? { fix: replaceFix('Add --no-cache-dir', file, pointAt(file, p.sub.end), ' --no-cache-dir') } : {}),
      });
    }
    return findings;
  },
};
