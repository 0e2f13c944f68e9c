/**
 * docker/rpm-cache-cleaned: a RUN that installs with yum, dnf or microdnf cleans the package cache in
 * the same RUN, after the install (`yum clean all`, `dnf clean all`, `microdnf clean all`, or removing
 * /var/cache/yum or /var/cache/dnf), or keeps it out of the layer with a cache mount. Otherwise the
 * repository metadata, tens of megabytes, stays in the image forever.
 *
 * The clean must be one that reaches the installer's cache: dnf and yum share it on the distributions
 * that have both, microdnf keeps its own, so `microdnf clean all` does not clean after `dnf install`.
 * Only the stages that ship count, and the RUNs carried by ONBUILD. The fix appends the clean to the RUN.
 */
import type { Workspace } from '../../core/workspace';
import type { FileRule, RuleFinding } from '../../core/types';
import type { SourceFile } from '../../core/source';
import { replaceFix } from '../lib/util';
import { commandArgs, commandName, keywordRange, pointAt, shippedStages } from '../lib/dockerfile';
import { mountsCacheAt, packageCommands, type PackageCommand } from '../lib/packages';

const INSTALLS = /^(install|groupinstall|localinstall|reinstall|update|upgrade|downgrade|distro-sync)$/;

/** The yum, dnf and microdnf commands of the shipped stages that download packages. */
function installs(file: SourceFile, ws: Workspace): PackageCommand[] {
  return packageCommands(file, shippedStages(file, ws)).filter((p) => (p.manager === 'yum' || p.manager === 'dnf') && (INSTALLS.test(p.sub.value) || (/^(module|group)$/.test(p.sub.value) && p.packages[0]?.value === 'install')));
}

/** True when a later command of the same RUN cleans the cache the installer filled. */
function cleanedAfter(p: PackageCommand): boolean {
  const micro = p.program === 'microdnf';
  const cleaners = micro ? ['microdnf'] : ['yum', 'dnf'];
  const dirs = micro ? ['/var/cache/yum'] : ['/var/cache/yum', '/var/cache/dnf'];
  const after = p.script.commands.slice(p.script.commands.indexOf(p.cmd) + 1);
  return after.some((c) => {
    const name = commandName(c);
    const args = commandArgs(c).map((w) => w.value);
    if (cleaners.includes(name)) return args.includes('clean') && args.includes('all');
    return name === 'rm' && args.some((a) => dirs.some((d) => a === d || a.startsWith(`${d}/`)));
  });
}

export const rule: FileRule = {
  id: 'docker/rpm-cache-cleaned',
  category: 'containers',
  severity: 'low',
  level: 'production',
  title: 'yum and dnf caches are cleaned in the layer that installs',
  rationale: 'Repository metadata left in a layer bloats the image forever, even if a later layer deletes it; clean up in the same RUN.',
  related: [
    { tool: 'hadolint', id: 'DL3032' },
    { tool: 'hadolint', id: 'DL3040' },
  ],
  fixable: true,
  scope: 'file',
  kinds: ['dockerfile'],
  examines: (file, ctx) => installs(file, ctx.ws).length > 0,
  examinesWhat: '`yum install` or `dnf install` in a shipped stage',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    const seen = new Set<unknown>();
    for (const p of installs(file, ctx.ws)) {
      if (seen.has(p.ins) || cleanedAfter(p) || mountsCacheAt(p.ins, '/var/cache/yum') || mountsCacheAt(p.ins, '/var/cache/dnf')) continue;
      seen.add(p.ins);
      const tool = p.program === 'microdnf' ? 'microdnf' : p.manager;
      const text = file.text.slice(p.script.start, p.script.end);
      const appendable = p.script.editable && !text.startsWith('<<') && !/[;&|\\]\s*$/.test(text);
      findings.push({
        message: `this RUN installs with ${p.program} but leaves its cache in the layer; end it with \`&& ${tool} clean all\``,
        range: keywordRange(p.ins),
        ...(appendable ? { fix: replaceFix(`Clean the ${tool} cache in the same RUN`, file, pointAt(file, p.script.end), text.includes('\n') ? ` \\\n    && ${tool} clean all` : ` && ${tool} clean all`) } : {}),
      });
    }
    return findings;
  },
};
