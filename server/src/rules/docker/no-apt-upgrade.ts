/**
 * docker/no-apt-upgrade: images do not run `apt-get upgrade` / `dist-upgrade` (or `aptitude
 * safe-upgrade`, `apk upgrade`, `yum update`). Upgrading everything makes the build irreproducible
 * and can change the base image's packages under the app; pull a newer base image instead, and
 * upgrade single packages if needed.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { wordRange, judgedStages } from '../lib/dockerfile';
import { APT, packageCommands, runsPackageCommand } from '../lib/packages';

export const rule: FileRule = {
  id: 'docker/no-apt-upgrade',
  category: 'containers',
  severity: 'low',
  level: 'production',
  title: 'Images do not upgrade every OS package',
  rationale: 'A blanket upgrade installs whatever versions exist on build day, so two builds differ; rebuilding on a fresher pinned base image gets the fixes reproducibly.',
  related: [
    { tool: 'hadolint', id: 'DL3005' },
    { tool: 'trivy', id: 'DS-0024' },
  ],
  scope: 'file',
  guard: true,
  kinds: ['dockerfile'],
  examines: (file, ctx) => runsPackageCommand(file, [...APT, 'apk', 'yum', 'dnf'], undefined, judgedStages(file, ctx.ws)),
  examinesWhat: 'OS package-manager command',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    for (const p of packageCommands(file, judgedStages(file, ctx.ws))) {
      const apt = APT.includes(p.manager) && /^(upgrade|dist-upgrade|full-upgrade|safe-upgrade)$/.test(p.sub.value);
      const apk = p.manager === 'apk' && p.sub.value === 'upgrade' && p.packages.length === 0;
      const yum = (p.manager === 'yum' || p.manager === 'dnf') && /^(update|upgrade)$/.test(p.sub.value) && p.packages.length === 0;
      if (!apt && !apk && !yum) continue;
      findings.push({
        message: `\`${p.manager} ${p.sub.value}\` upgrades every package at build time; use a newer pinned base image instead`,
        range: wordRange(file, p.sub),
      });
    }
    return findings;
  },
};
