/**
 * docker/apk-no-cache: `apk add` uses `--no-cache` (or the RUN removes /var/cache/apk, or mounts a
 * cache there), so the package index does not stay in the shipped image.
 *
 * Only the stages that ship count. The fix inserts `--no-cache` after `add`.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { replaceFix } from '../lib/util';
import { pointAt, shippedStages, wordRange } from '../lib/dockerfile';
import { mountsCacheAt, packageCommands, scriptRemoves, runsPackageCommand } from '../lib/packages';

export const rule: FileRule = {
  id: 'docker/apk-no-cache',
  category: 'containers',
  severity: 'low',
  level: 'production',
  title: 'apk add does not keep its cache',
  rationale: 'Without `--no-cache` the Alpine package index stays in the layer and bloats every image built on it.',
  related: [
    { tool: 'hadolint', id: 'DL3019' },
    { tool: 'trivy', id: 'DS-0025' },
  ],
  fixable: true,
  scope: 'file',
  kinds: ['dockerfile'],
  examines: (file, ctx) => runsPackageCommand(file, ['apk'], /^add$/, shippedStages(file, ctx.ws)),
  examinesWhat: '`apk add` in a shipped stage',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    for (const p of packageCommands(file, shippedStages(file, ctx.ws))) {
      if (p.manager !== 'apk' || p.sub.value !== 'add') continue;
      if (p.options.includes('--no-cache') || p.options.includes('--no-network') || scriptRemoves(p.script, '/var/cache/apk') || mountsCacheAt(p.ins, '/var/cache/apk') || mountsCacheAt(p.ins, '/etc/apk/cache')) continue;
      findings.push({
        message: '`apk add` without `--no-cache` leaves the package index in the image; add `--no-cache`',
        range: wordRange(file, p.sub),
        ...(p.script.editable ? { fix: replaceFix('Add --no-cache', file, pointAt(file, p.sub.end), ' --no-cache') } : {}),
      });
    }
    return findings;
  },
};
