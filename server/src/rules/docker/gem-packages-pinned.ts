/**
 * docker/gem-packages-pinned: gems named on a `gem install` line carry a version (`bundler:2.5.6`, or
 * `-v 2.5.6` / `--version 2.5.6` for the command), so that a rebuild installs what was tested.
 *
 * Words after `--` are build options for the gem's native extension, not gems; local `.gem` files and
 * variables are not judged. RUNs carried by ONBUILD count. No fix: the version to pin is not knowable
 * from the Dockerfile.
 */
import type { Workspace } from '../../core/workspace';
import type { FileRule, RuleFinding } from '../../core/types';
import type { SourceFile } from '../../core/source';
import type { ShellWord } from '../lib/dockerfile';
import { wordRange, judgedStages } from '../lib/dockerfile';
import { packageCommands, type PackageCommand } from '../lib/packages';

/** True when a command fixes the version of every gem it names (`-v 1.2`, `--version=1.2`). */
function versionOption(p: PackageCommand): boolean {
  return p.options.some((o) => o === '-v' || o === '--version' || o.startsWith('--version=') || /^-v\d/.test(o));
}

/** True when a gem word is a local gem file or a variable, which the rule does not judge. */
function local(v: string): boolean {
  return v === '' || v.includes('$') || v.endsWith('.gem') || v.includes('/');
}

/** The gem installs that name gems, with the ones that are not pinned. */
function namedInstalls(file: SourceFile, ws: Workspace): { p: PackageCommand; unpinned: ShellWord[] }[] {
  return packageCommands(file, judgedStages(file, ws))
    .filter((p) => p.manager === 'gem' && (p.sub.value === 'install' || p.sub.value === 'i') && p.packages.some((w) => !local(w.value)))
    .map((p) => ({ p, unpinned: versionOption(p) ? [] : p.packages.filter((w) => !local(w.value) && !w.value.includes(':')) }));
}

export const rule: FileRule = {
  id: 'docker/gem-packages-pinned',
  category: 'containers',
  severity: 'low',
  level: 'production',
  title: 'Gems named in a RUN are pinned to versions',
  rationale: 'An unpinned `gem install bundler` installs whatever is newest on build day, so two builds of the same commit can differ and a new release can break the image.',
  related: [{ tool: 'hadolint', id: 'DL3028' }],
  scope: 'file',
  kinds: ['dockerfile'],
  examines: (file, ctx) => namedInstalls(file, ctx.ws).length > 0,
  examinesWhat: '`gem install` of named gems',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    for (const { unpinned } of namedInstalls(file, ctx.ws)) {
      if (unpinned.length === 0) continue;
      const names = unpinned.slice(0, 3).map((w) => `\`${w.value}\``).join(', ') + (unpinned.length > 3 ? ` and ${unpinned.length - 3} more` : '');
      findings.push({
        message: `${names} ${unpinned.length > 1 ? 'are' : 'is'} installed without a version; pin ${unpinned.length > 1 ? 'them' : 'it'} (\`gem install ${unpinned[0].value}:1.2.3\`)`,
        range: wordRange(file, unpinned[0]),
      });
    }
    return findings;
  },
};
