/**
 * docker/apt-no-install-recommends: `apt-get install` passes `--no-install-recommends` (aptitude:
 * `--without-recommends`), so the image gets the packages asked for and not hundreds of megabytes of
 * "recommended" extras. RUNs carried by ONBUILD count.
 *
 * The fix inserts the flag after `install`.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { replaceFix } from '../lib/util';
import { pointAt, wordRange, shippedStages } from '../lib/dockerfile';
import { APT, packageCommands, runsPackageCommand } from '../lib/packages';

export const rule: FileRule = {
  id: 'docker/apt-no-install-recommends',
  category: 'containers',
  severity: 'low',
  level: 'production',
  title: 'apt-get install skips recommended packages',
  rationale: 'Recommended packages are not needed to run the software asked for; skipping them keeps images smaller and their attack surface lower.',
  related: [
    { tool: 'hadolint', id: 'DL3015' },
    { tool: 'trivy', id: 'DS-0029' },
  ],
  fixable: true,
  scope: 'file',
  kinds: ['dockerfile'],
  examines: (file, ctx) => runsPackageCommand(file, APT, /^install$/, shippedStages(file, ctx.ws)),
  examinesWhat: '`apt-get install`',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    for (const p of packageCommands(file, shippedStages(file, ctx.ws))) {
      if (!APT.includes(p.manager) || p.sub.value !== 'install') continue;
      const aptitude = p.manager === 'aptitude';
      if (p.options.some((o) => o === '--no-install-recommends' || (aptitude && (o === '--without-recommends' || /^-[a-zA-Z]*R[a-zA-Z]*$/.test(o))) || /Install-Recommends=(false|0|no)/i.test(o))) continue;
      if (p.cmd.words.some((w) => /APT::Install-Recommends=(false|0|no)/i.test(w.value))) continue;
      findings.push({
        message: `\`${p.manager} install\` without \`${aptitude ? '--without-recommends' : '--no-install-recommends'}\` also installs recommended packages; add the flag`,
        range: wordRange(file, p.sub),
        ...(p.script.editable ? { fix: replaceFix(`Add ${aptitude ? '--without-recommends' : '--no-install-recommends'}`, file, pointAt(file, p.sub.end), aptitude ? ' --without-recommends' : ' --no-install-recommends') } : {}),
      });
    }
    return findings;
  },
};
