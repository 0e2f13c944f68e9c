/**
 * docker/pip-no-cache-dir: `pip install` in a shipped stage uses `--no-cache-dir` (or PIP_NO_CACHE_DIR
 * is set, or a cache mount keeps ~/.cache/pip out of the layer), so wheels pip downloaded do not ship.
 *
 * The fix inserts `--no-cache-dir` after `install`.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import type { Property } from 'dockerfile-ast';
import { replaceFix } from '../lib/util';
import { pointAt, shippedStages, wordRange } from '../lib/dockerfile';
import { mountsCacheAt, packageCommands, runsPackageCommand } from '../lib/packages';

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
  examines: (file) => runsPackageCommand(file, ['pip'], /^install$/, shippedStages(file)),
  examinesWhat: '`pip install` in a shipped stage',
  checkFile(file) {
    const stages = shippedStages(file);
    const envOff = stages.some((s) => s.instructions.some((i) => i.getKeyword() === 'ENV' && ((i as unknown as { getProperties(): Property[] }).getProperties?.() ?? []).some((p) => p.getName() === 'PIP_NO_CACHE_DIR' && !/^(0|false|no|off)$/i.test(p.getValue() ?? ''))));
    if (envOff) return [];
    const findings: RuleFinding[] = [];
    for (const p of packageCommands(file, stages)) {
      if (p.manager !== 'pip' || p.sub.value !== 'install') continue;
      if (p.options.includes('--no-cache-dir') || p.cmd.words.some((w) => /^PIP_NO_CACHE_DIR=(?!0|false|no|off)/i.test(w.value))) continue;
      if (mountsCacheAt(p.ins, '/root/.cache/pip') || p.options.some((o) => o.startsWith('--cache-dir'))) continue;
      findings.push({
        message: '`pip install` without `--no-cache-dir` keeps the download cache in the image; add `--no-cache-dir`',
        range: wordRange(file, p.sub),
        ...(p.script.editable ? { fix: replaceFix('Add --no-cache-dir', file, pointAt(file, p.sub.end), ' --no-cache-dir') } : {}),
      });
    }
    return findings;
  },
};
