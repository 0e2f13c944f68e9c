/**
 * docker/npm-packages-pinned: packages named on an `npm install` line carry a version (`express@4.19.2`,
 * `@scope/pkg@1.2.3`), and git URLs a commit or tag (`git+https://...#v1.0.27`), so that a rebuild
 * installs what was tested. `npm install` without names installs package.json and its lock file, which
 * `docker/npm-ci` judges.
 *
 * A dist-tag (`@latest`, `@next`) moves like no version at all. Local folders and tarballs, and
 * variables, are not judged. RUNs carried by ONBUILD count. No fix: the version to pin is not knowable
 * from the Dockerfile.
 */
import type { Workspace } from '../../core/workspace';
import type { FileRule, RuleFinding } from '../../core/types';
import type { SourceFile } from '../../core/source';
import type { ShellWord } from '../lib/dockerfile';
import { wordRange, judgedStages } from '../lib/dockerfile';
import { packageCommands, type PackageCommand } from '../lib/packages';

/** How an npm package spec is judged: a local folder, tarball or variable is not (`skip`). */
function classify(v: string): 'skip' | 'pinned' | 'unpinned' {
  if (v === '' || v.includes('$')) return 'skip';
  if (/^(\.{1,2}\/|\/|~\/|file:)/.test(v) || /\.(tgz|tar|tar\.gz)$/.test(v)) return 'skip';
  if (/^(git(\+(ssh|https?))?|https?|github):/.test(v) || /^[\w.-]+\/[\w.-]+(#.*)?$/.test(v)) return /#.+$/.test(v) ? 'pinned' : 'unpinned';
  const at = v.indexOf('@', 1);
  const version = at < 0 ? '' : v.slice(at + 1);
  return version !== '' && !/^(latest|next|canary|beta|alpha|rc|dev)$/i.test(version) ? 'pinned' : 'unpinned';
}

/** The npm installs that name packages (not only local folders or variables), with the specs that are not pinned. */
function namedInstalls(file: SourceFile, ws: Workspace): { p: PackageCommand; unpinned: ShellWord[] }[] {
  return packageCommands(file, judgedStages(file, ws))
    .filter((p) => p.manager === 'npm' && /^(install|i|add|isntall|in)$/.test(p.sub.value) && p.packages.some((w) => classify(w.value) !== 'skip'))
    .map((p) => ({ p, unpinned: p.packages.filter((w) => classify(w.value) === 'unpinned') }));
}

export const rule: FileRule = {
  id: 'docker/npm-packages-pinned',
  category: 'containers',
  severity: 'low',
  level: 'production',
  title: 'npm packages named in a RUN are pinned to versions',
  rationale: 'An unpinned `npm install -g tool` installs whatever is newest on build day, so two builds of the same commit can differ and a new release can break the image.',
  related: [{ tool: 'hadolint', id: 'DL3016' }],
  scope: 'file',
  kinds: ['dockerfile'],
  examines: (file, ctx) => namedInstalls(file, ctx.ws).length > 0,
  examinesWhat: '`npm install` of named packages',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    for (const { unpinned } of namedInstalls(file, ctx.ws)) {
      if (unpinned.length === 0) continue;
      const names = unpinned.slice(0, 3).map((w) => `\`${w.value}\``).join(', ') + (unpinned.length > 3 ? ` and ${unpinned.length - 3} more` : '');
      findings.push({
        message: `${names} ${unpinned.length > 1 ? 'are' : 'is'} installed without a pinned version; name one (\`${unpinned[0].value.replace(/(.)@.*$/, '$1')}@1.2.3\`)`,
        range: wordRange(file, unpinned[0]),
      });
    }
    return findings;
  },
};
