/**
 * dockerignore/whole-context-copy: a Dockerfile that copies the whole build context (`COPY . .`) has
 * a `.dockerignore` in every context it is built from. Without one, the `.git` history (in a context at
 * the repository's root), local `.env` files and host-installed dependencies are copied: into the image
 * when the copy is in a shipped stage, and into the builder stage otherwise, where every change to them
 * busts the cache of the copy and of everything after it.
 *
 * The contexts come from where builds really run (`lib/build-context.ts`); a context the build creates
 * (GoReleaser's temporary folder, a build-output folder) holds only artefacts. A Dockerfile without a
 * whole-context copy has nothing to examine. The fix creates a `.dockerignore` at the context's root.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import type { SourceFile } from '../../core/source';
import type { Workspace } from '../../core/workspace';
import { createFileFix } from '../lib/util';
import { keywordRange } from '../lib/dockerfile';
import { dockerignoreContent } from '../lib/container-scaffold';
import { contextCopies, contextsOf, describe, ignoreFileOf, linesOf, missingExclusions, neededExclusions, reachesImage, type ContextCopy } from '../lib/build-context';
import { judgedStages } from '../lib/dockerfile';

/** The whole-context copies of the stages the rules judge. */
function wholeCopies(file: SourceFile, ws: Workspace): ContextCopy[] {
  const judged = judgedStages(file, ws);
  return contextCopies(file).filter((c) => c.whole && judged.includes(c.stage));
}

export const rule: FileRule = {
  id: 'dockerignore/whole-context-copy',
  category: 'containers',
  severity: 'high',
  level: 'mvp',
  title: 'Copying the whole build context is filtered by a .dockerignore',
  rationale: '`COPY . .` without a .dockerignore bakes the git history, local .env secrets and host-built dependencies into the image.',
  scaffold: 'dockerignore',
  fixable: true,
  scope: 'file',
  kinds: ['dockerfile'],
  examines: (file, ctx) => wholeCopies(file, ctx.ws).length > 0 && contextsOf(ctx.ws, file.path).some((c) => c.dir !== undefined),
  examinesWhat: 'copy of the whole build context (`COPY . .`) from a folder of the repository',
  checkFile(file, ctx) {
    const copies = wholeCopies(file, ctx.ws);
    if (copies.length === 0) return [];
    // The contexts without a .dockerignore from which the copy takes something to exclude.
    const open = contextsOf(ctx.ws, file.path)
      .filter((c) => c.dir !== undefined && !ignoreFileOf(ctx.ws, c))
      .map((c) => ({ c, needed: neededExclusions(ctx.ws, c, file) }))
      .filter((x) => x.needed.length > 0);
    if (open.length === 0) return [];
    const first = open[0];
    const target = first.c.dir ? `${first.c.dir}/.dockerignore` : '.dockerignore';
    const base = dockerignoreContent(ctx.facts.stacks);
    const extra = linesOf(missingExclusions(base, first.needed));
    const content = extra.length > 0 ? `${base}\n# What this context holds\n${extra.join('\n')}\n` : base;
    const where = open.map(({ c }) => `${c.dir ? `\`${c.dir}/\`` : 'the root'} (${c.from})`).join(' and ');
    const needed = open.flatMap((x) => x.needed);
    const findings: RuleFinding[] = [];
    for (const copy of copies) {
      const kw = copy.ins.getKeyword();
      const into = reachesImage(file, ctx.ws, copy)
        ? 'so they go into the image'
        : `so they are sent to the \`${copy.stage.name ?? `stage ${copy.stage.index + 1}`}\` stage (not to the shipped image, which copies selected files from it) and any change to them busts the cache of this copy and every step after it`;
      findings.push({
        message: `\`${kw} ${copy.ins.getArguments().map((a) => a.getValue()).join(' ')}\` copies the whole build context, built from ${where} without a .dockerignore: it takes ${describe(needed)}, ${into}; add ${target}`,
        range: keywordRange(copy.ins),
        fix: createFileFix(`Create ${target}`, target, content),
      });
    }
    return findings;
  },
};
