/**
 * docker/os-packages-pinned: packages installed with apt-get or apk name a version (`curl=8.5.0-2`,
 * `curl=~8.5`), so that a rebuild installs what was tested rather than whatever the mirror has today.
 *
 * Package files, variables (`$PKGS`) and virtual package names are not judged. No fix: the version to
 * pin is not knowable from the Dockerfile.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { wordRange } from '../lib/dockerfile';
import { packageCommands, runsPackageCommand } from '../lib/packages';

export const rule: FileRule = {
  id: 'docker/os-packages-pinned',
  category: 'containers',
  severity: 'low',
  level: 'production',
  title: 'OS packages are pinned to versions',
  rationale: 'Unpinned packages make builds irreproducible: the same Dockerfile installs different versions over time, and a broken upstream release breaks the build.',
  related: [
    { tool: 'hadolint', id: 'DL3008' },
    { tool: 'hadolint', id: 'DL3018' },
  ],
  scope: 'file',
  kinds: ['dockerfile'],
  examines: (file) => runsPackageCommand(file, ['apt-get', 'apt', 'apk'], /^(install|add)$/),
  examinesWhat: '`apt-get install` or `apk add`',
  checkFile(file) {
    const findings: RuleFinding[] = [];
    for (const p of packageCommands(file)) {
      const apt = (p.manager === 'apt-get' || p.manager === 'apt') && p.sub.value === 'install';
      const apk = p.manager === 'apk' && p.sub.value === 'add';
      if (!apt && !apk) continue;
      const unpinned = p.packages.filter((w) => {
        const v = w.value;
        if (v === '' || v.includes('$') || v.includes('/') || v.endsWith('.deb') || v.endsWith('.apk') || v.startsWith('.')) return false;
        return apt ? !v.includes('=') : !/[=~<>]/.test(v);
      });
      if (unpinned.length === 0) continue;
      const names = unpinned.slice(0, 3).map((w) => `\`${w.value}\``).join(', ') + (unpinned.length > 3 ? ` and ${unpinned.length - 3} more` : '');
      findings.push({
        message: `${names} ${unpinned.length > 1 ? 'are' : 'is'} not pinned; pin versions (${apt ? '`pkg=1.2.3-1`' : '`pkg=~1.2`'}) so rebuilds install what was tested`,
        range: wordRange(file, unpinned[0]),
      });
    }
    return findings;
  },
};
