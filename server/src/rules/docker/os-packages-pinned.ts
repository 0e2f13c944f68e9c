/**
 * docker/os-packages-pinned: packages installed with the OS package manager name a version, so that a
 * rebuild installs what was tested rather than whatever the mirror has today: apt-get, apt and
 * aptitude (`curl=8.5.0-2`), apk (`curl=~8.5`), yum, dnf and microdnf (`curl-8.5.0`, modules as
 * `nodejs:20`). RUNs carried by ONBUILD count.
 *
 * Package files, URLs, variables (`$PKGS`), groups (`@core`) and virtual package names are not judged;
 * a Dockerfile whose installs name only those has nothing to judge. No fix: the version to pin is not
 * knowable from the Dockerfile.
 */
import type { Workspace } from '../../core/workspace';
import type { FileRule, RuleFinding } from '../../core/types';
import type { SourceFile } from '../../core/source';
import type { ShellWord } from '../lib/dockerfile';
import { wordRange, judgedStages } from '../lib/dockerfile';
import { APT, packageCommands, rpmPinned, type PackageCommand } from '../lib/packages';

/** The package words an install command names, with how pinning is written for its manager. */
function installed(p: PackageCommand): { words: ShellWord[]; pinned: (v: string) => boolean; example: string } | undefined {
  if (APT.includes(p.manager) && p.sub.value === 'install') return { words: p.packages, pinned: (v) => v.includes('='), example: '`pkg=1.2.3-1`' };
  if (p.manager === 'apk' && p.sub.value === 'add') return { words: p.packages, pinned: (v) => /[=~<>]/.test(v), example: '`pkg=~1.2`' };
  if (p.manager !== 'yum' && p.manager !== 'dnf') return undefined;
  if (p.sub.value === 'install') return { words: p.packages, pinned: rpmPinned, example: '`pkg-1.2.3`' };
  if (p.sub.value === 'module' && p.packages[0]?.value === 'install') return { words: p.packages.slice(1), pinned: (v) => v.includes(':'), example: 'a module stream, `module:1.2`' };
  return undefined;
}

/** True when a package word names a package the rule can judge (not a file, URL, variable, group or local path). */
function judgeable(v: string): boolean {
  return !(v === '' || v.includes('$') || v.includes('/') || /\.(deb|apk|rpm)$/.test(v) || v.startsWith('.') || v.startsWith('@'));
}

/** The installs that name at least one package the rule can judge: `apt-get install $PKGS` alone has nothing to judge. */
function judgedInstalls(file: SourceFile, ws: Workspace): { p: PackageCommand; what: NonNullable<ReturnType<typeof installed>>; words: ShellWord[] }[] {
  return packageCommands(file, judgedStages(file, ws)).flatMap((p) => {
    const what = installed(p);
    const words = what?.words.filter((w) => judgeable(w.value)) ?? [];
    return what && words.length > 0 ? [{ p, what, words }] : [];
  });
}

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
    { tool: 'hadolint', id: 'DL3033' },
    { tool: 'hadolint', id: 'DL3041' },
  ],
  scope: 'file',
  kinds: ['dockerfile'],
  examines: (file, ctx) => judgedInstalls(file, ctx.ws).length > 0,
  examinesWhat: '`apt-get install`, `apk add`, `yum install` or `dnf install`',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    for (const { what, words } of judgedInstalls(file, ctx.ws)) {
      const unpinned = words.filter((w) => !what.pinned(w.value));
      if (unpinned.length === 0) continue;
      const names = unpinned.slice(0, 3).map((w) => `\`${w.value}\``).join(', ') + (unpinned.length > 3 ? ` and ${unpinned.length - 3} more` : '');
      findings.push({
        message: `${names} ${unpinned.length > 1 ? 'are' : 'is'} not pinned; pin versions (${what.example}) so rebuilds install what was tested`,
        range: wordRange(file, unpinned[0]),
      });
    }
    return findings;
  },
};
