/**
 * docker/apt-update-with-install: a package index update (`apt-get update`, `aptitude update`, `apk update`) runs in the
 * same RUN as the install that needs it. On its own layer, the update is cached by the builder and a
 * later install uses a stale index, which fails or installs old versions.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import type { Instruction } from '../lib/dockerfile';
import { wordRange, judgedStages } from '../lib/dockerfile';
import { APT, packageCommands, runsPackageCommand } from '../lib/packages';

export const rule: FileRule = {
  id: 'docker/apt-update-with-install',
  category: 'containers',
  severity: 'medium',
  level: 'mvp',
  title: 'Package index updates run with the install',
  rationale: 'An update on its own layer is cached by the builder, so a later install reads a stale index; chaining update and install in one RUN keeps them consistent.',
  related: [
    { tool: 'trivy', id: 'DS-0017' },
    { tool: 'checkov', id: 'CKV_DOCKER_5' },
  ],
  scope: 'file',
  kinds: ['dockerfile'],
  examines: (file, ctx) => runsPackageCommand(file, [...APT, 'apk'], /^update$/, judgedStages(file, ctx.ws)),
  examinesWhat: '`apt-get update` or `apk update`',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    const all = packageCommands(file, judgedStages(file, ctx.ws));
    const installsIn = new Set<Instruction>();
    for (const p of all) if (/^(install|add|upgrade|dist-upgrade|full-upgrade|safe-upgrade|build-dep)$/.test(p.sub.value)) installsIn.add(p.ins);
    for (const p of all) {
      if (p.sub.value !== 'update' || ![...APT, 'apk'].includes(p.manager) || installsIn.has(p.ins)) continue;
      findings.push({
        message: `\`${p.manager} update\` runs alone in this RUN, so its result is cached and a later install reads a stale index; chain it with the install (\`${p.manager} update && ${p.manager === 'apk' ? 'apk add' : `${p.manager} install`} ...\`)`,
        range: wordRange(file, p.sub),
      });
    }
    return findings;
  },
};
