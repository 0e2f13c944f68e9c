/**
 * dockerignore/whole-context-copy: a Dockerfile that copies the whole build context (`COPY . .`)
 * has a `.dockerignore`. Without one the image receives the `.git` history, local `.env` files with
 * secrets, and installed dependencies that should be rebuilt inside the image.
 *
 * The fix creates a `.dockerignore` next to the Dockerfile, suited to the project's stacks.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { createFileFix } from '../lib/util';
import { keywordRange, stagesOf, instructionsOf } from '../lib/dockerfile';
import { dirOf, dockerignoreContent, dockerignoreFor } from '../lib/container-scaffold';

export const rule: FileRule = {
  id: 'dockerignore/whole-context-copy',
  category: 'containers',
  severity: 'high',
  level: 'mvp',
  title: 'Copying the whole build context is filtered by a .dockerignore',
  rationale: '`COPY . .` without a .dockerignore bakes the git history, local .env secrets and host-built dependencies into the image.',
  fixable: true,
  scope: 'file',
  kinds: ['dockerfile'],
  examines: (file) => instructionsOf(file, 'COPY').length + instructionsOf(file, 'ADD').length > 0,
  examinesWhat: 'COPY or ADD instruction',
  checkFile(file, ctx) {
    if (dockerignoreFor(ctx.ws, file.path)) return [];
    const findings: RuleFinding[] = [];
    const dir = dirOf(file.path);
    const target = dir ? `${dir}/.dockerignore` : '.dockerignore';
    for (const stage of stagesOf(file)) {
      for (const ins of stage.instructions) {
        const kw = ins.getKeyword();
        if (kw !== 'COPY' && kw !== 'ADD') continue;
        const flags = (ins as unknown as { getFlags?: () => { getName(): string }[] }).getFlags?.() ?? [];
        if (flags.some((f) => f.getName() === 'from')) continue;
        const args = ins.getArguments().map((a) => a.getValue()).filter((v) => !v.startsWith('--'));
        const sources = args.slice(0, -1).map((s) => s.replace(/^\[?"?|"?,?\]?$/g, ''));
        if (!sources.some((s) => s === '.' || s === './' || s === '*' || s === './*')) continue;
        findings.push({
          message: `\`${kw} ${sources.join(' ')}\` copies the whole build context and there is no .dockerignore, so .git, .env files and local dependencies go into the image; add a .dockerignore`,
          range: keywordRange(ins),
          fix: createFileFix(`Create ${target}`, target, dockerignoreContent(ctx.facts.stacks)),
        });
      }
    }
    return findings;
  },
};
