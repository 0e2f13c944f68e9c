/**
 * docker/apt-lists-cleaned: a RUN that installs with apt-get also deletes `/var/lib/apt/lists/*` in the
 * same layer, or keeps them out of the layer with a cache mount. Otherwise every image carries tens of
 * megabytes of stale package indexes.
 *
 * Only the stages that ship count (a build stage's lists are thrown away). The fix appends
 * `&& rm -rf /var/lib/apt/lists/*` to the RUN.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { replaceFix } from '../lib/util';
import { keywordRange, pointAt, shippedStages } from '../lib/dockerfile';
import { mountsCacheAt, packageCommands, scriptRemoves, runsPackageCommand } from '../lib/packages';

export const rule: FileRule = {
  id: 'docker/apt-lists-cleaned',
  category: 'containers',
  severity: 'low',
  level: 'production',
  title: 'apt package lists are removed in the layer that installs',
  rationale: 'Package lists left in a layer bloat the image forever, even if a later layer deletes them; clean up in the same RUN.',
  related: [{ tool: 'hadolint', id: 'DL3009' }],
  fixable: true,
  scope: 'file',
  kinds: ['dockerfile'],
  examines: (file) => runsPackageCommand(file, ['apt-get', 'apt'], /^install$/, shippedStages(file)),
  examinesWhat: '`apt-get install` in a shipped stage',
  checkFile(file) {
    const findings: RuleFinding[] = [];
    const seen = new Set<unknown>();
    for (const p of packageCommands(file, shippedStages(file))) {
      if ((p.manager !== 'apt-get' && p.manager !== 'apt') || p.sub.value !== 'install' || seen.has(p.ins)) continue;
      seen.add(p.ins);
      if (scriptRemoves(p.script, '/var/lib/apt/lists') || mountsCacheAt(p.ins, '/var/lib/apt/lists')) continue;
      const text = file.text.slice(p.script.start, p.script.end);
      const multiline = text.includes('\n');
      const appendable = p.script.editable && !text.startsWith('<<') && !/[;&|\\]\s*$/.test(text);
      findings.push({
        message: 'this RUN installs apt packages but leaves /var/lib/apt/lists in the layer; end it with `&& rm -rf /var/lib/apt/lists/*`',
        range: keywordRange(p.ins),
        ...(appendable ? { fix: replaceFix('Remove the apt lists in the same RUN', file, pointAt(file, p.script.end), multiline ? ' \\\n    && rm -rf /var/lib/apt/lists/*' : ' && rm -rf /var/lib/apt/lists/*') } : {}),
      });
    }
    return findings;
  },
};
