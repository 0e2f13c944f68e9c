/**
 * docker/apt-lists-cleaned: a RUN that installs with apt-get also deletes `/var/lib/apt/lists/*` in the
 * same layer, or keeps them out of the layer with a cache mount. Otherwise every image carries tens of
 * megabytes of stale package indexes.
 *
 * Debian and Ubuntu images delete the downloaded `.deb` files after each install through
 * `/etc/apt/apt.conf.d/docker-clean`; a Dockerfile that removes that file (to let a cache mount keep
 * the downloads) must keep `/var/cache/apt` out of the layer too, with a cache mount or `apt-get clean`.
 *
 * Only the stages that ship count (a build stage's lists are thrown away); apt-get, apt and aptitude
 * alike, and the RUNs carried by ONBUILD, which run in every image built FROM this one. The fix appends
 * `&& rm -rf /var/lib/apt/lists/*` after the last word of the RUN's last command, so before a trailing
 * shell comment (`RUN apt-get install -y curl # note`), where it would do nothing.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import type { SourceFile } from '../../core/source';
import { replaceFix } from '../lib/util';
import { commandArgs, commandName, keywordRange, pointAt, runScript, shippedStages, stageChain, stageRuns } from '../lib/dockerfile';
import { APT, mountsCacheAt, packageCommands, scriptRemoves, runsPackageCommand, type PackageCommand } from '../lib/packages';

const DOCKER_CLEAN = '/etc/apt/apt.conf.d/docker-clean';

/** True when the install's RUN, or an earlier RUN of its stage or of a stage it is built FROM, removes docker-clean. */
function dockerCleanRemoved(file: SourceFile, p: PackageCommand): boolean {
  const line = p.ins.getRange().start.line;
  return stageRuns(file, stageChain(file, p.stage)).some(
    (r) => r.ins.getRange().start.line <= line && runScript(file, r.ins).commands.some((c) => commandName(c) === 'rm' && commandArgs(c).some((w) => w.value === DOCKER_CLEAN)),
  );
}

/** True when the same RUN runs `apt-get clean` (or `apt clean`) or removes /var/cache/apt. */
function debsCleaned(p: PackageCommand): boolean {
  return scriptRemoves(p.script, '/var/cache/apt') || p.script.commands.some((c) => ['apt-get', 'apt', 'aptitude'].includes(commandName(c)) && commandArgs(c).some((w) => w.value === 'clean'));
}

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
  examines: (file, ctx) => runsPackageCommand(file, APT, /^install$/, shippedStages(file, ctx.ws)),
  examinesWhat: '`apt-get install` in a shipped stage',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    const seen = new Set<unknown>();
    for (const p of packageCommands(file, shippedStages(file, ctx.ws))) {
      if (!APT.includes(p.manager) || p.sub.value !== 'install' || seen.has(p.ins)) continue;
      seen.add(p.ins);
      if (dockerCleanRemoved(file, p) && !mountsCacheAt(p.ins, '/var/cache/apt') && !debsCleaned(p)) {
        findings.push({ message: `this RUN installs apt packages after \`${DOCKER_CLEAN}\` was removed, so the downloaded .deb files stay in /var/cache/apt in the layer; mount a cache at /var/cache/apt or end the RUN with \`apt-get clean\``, range: keywordRange(p.ins) });
        continue;
      }
      if (scriptRemoves(p.script, '/var/lib/apt/lists') || mountsCacheAt(p.ins, '/var/lib/apt/lists')) continue;
      const last = p.script.commands[p.script.commands.length - 1];
      const lastWord = last?.words[last.words.length - 1];
      const at = lastWord ? lastWord.end : p.script.end;
      const text = file.text.slice(p.script.start, at);
      const multiline = text.includes('\n');
      // A dangling operator (`&&`, `;`, `&`) at the end: appending would change what the RUN means.
      const appendable = p.script.editable && !text.startsWith('<<') && !/[;&|\\]\s*$/.test(text) && (last?.next ?? '') === '';
      findings.push({
        message: 'this RUN installs apt packages but leaves /var/lib/apt/lists in the layer; end it with `&& rm -rf /var/lib/apt/lists/*`',
        range: keywordRange(p.ins),
        ...(appendable ? { fix: replaceFix('Remove the apt lists in the same RUN', file, pointAt(file, at), multiline ? ' \\\n    && rm -rf /var/lib/apt/lists/*' : ' && rm -rf /var/lib/apt/lists/*') } : {}),
      });
    }
    return findings;
  },
};
