/**
 * docker/pip-packages-pinned: packages named on a `pip install` line carry a version (`flask==3.0.3`,
 * or any version specifier: `~=`, `>=`, `<`, `!=`, `===`), so that a rebuild installs what was tested.
 *
 * Not judged: installs from requirement files (`-r`), whose pins live in the file, and every package of
 * a command that passes a constraints file (`-c`), which pins them; local paths, archives and wheels
 * (`.`, `./pkg`, `dist/app.whl`); variables (`$PKG`); VCS URLs with a ref (`git+https://...@v1.2`). A
 * VCS URL without a ref is unpinned. RUNs carried by ONBUILD count. No fix: the version to pin is not
 * knowable from the Dockerfile.
 */
import type { Workspace } from '../../core/workspace';
import type { FileRule, RuleFinding } from '../../core/types';
import type { SourceFile } from '../../core/source';
import type { ShellWord } from '../lib/dockerfile';
import { wordRange, judgedStages } from '../lib/dockerfile';
import { packageCommands, type PackageCommand } from '../lib/packages';

/** How a pip requirement word is judged: a local path, archive or variable is not (`skip`). */
function classify(v: string): 'skip' | 'pinned' | 'unpinned' {
  if (v === '' || v.includes('$')) return 'skip';
  if (/^(git|hg|svn|bzr)\+/.test(v)) return /@[^/@#]+(#.*)?$/.test(v.replace(/^[a-z+]+:\/\/[^@/]*@/, '')) ? 'pinned' : 'unpinned';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return 'pinned';
  if (v.startsWith('.') || v.startsWith('/') || v.startsWith('~') || /\.(whl|tar\.gz|tgz|zip|tar\.bz2)$/i.test(v)) return 'skip';
  return /(===?|~=|!=|<=?|>=?)/.test(v) ? 'pinned' : 'unpinned';
}

/** The pip installs that name packages (not only local paths or variables), with the words that are not pinned. */
function unpinnedInstalls(file: SourceFile, ws: Workspace): { p: PackageCommand; unpinned: ShellWord[] }[] {
  const out: { p: PackageCommand; unpinned: ShellWord[] }[] = [];
  for (const p of packageCommands(file, judgedStages(file, ws))) {
    if (p.manager !== 'pip' || p.sub.value !== 'install' || p.options.some((o) => /^(-c|--constraint)(=|$)/.test(o))) continue;
    const named = p.packages.filter((w) => classify(w.value) !== 'skip');
    if (named.length > 0) out.push({ p, unpinned: named.filter((w) => classify(w.value) === 'unpinned') });
  }
  return out;
}

export const rule: FileRule = {
  id: 'docker/pip-packages-pinned',
  category: 'containers',
  severity: 'low',
  level: 'production',
  title: 'pip packages named in a RUN are pinned to versions',
  rationale: 'An unpinned `pip install flask` installs whatever is newest on build day, so two builds of the same commit can differ and a new release can break the image.',
  related: [{ tool: 'hadolint', id: 'DL3013' }],
  scope: 'file',
  kinds: ['dockerfile'],
  examines: (file, ctx) => unpinnedInstalls(file, ctx.ws).length > 0,
  examinesWhat: '`pip install` of named packages',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    for (const { unpinned } of unpinnedInstalls(file, ctx.ws)) {
      if (unpinned.length === 0) continue;
      const names = unpinned.slice(0, 3).map((w) => `\`${w.value}\``).join(', ') + (unpinned.length > 3 ? ` and ${unpinned.length - 3} more` : '');
      findings.push({
        message: `${names} ${unpinned.length > 1 ? 'are' : 'is'} installed without a version; pin ${unpinned.length > 1 ? 'them' : 'it'} (\`${unpinned[0].value.replace(/\[.*$/, '')}==1.2.3\`) or install from a requirements file with pinned versions`,
        range: wordRange(file, unpinned[0]),
      });
    }
    return findings;
  },
};
