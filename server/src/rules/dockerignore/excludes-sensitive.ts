/**
 * dockerignore/excludes-sensitive: a `.dockerignore` keeps out of its build context what the
 * Dockerfiles built from that context would otherwise copy: the git history and local `.env` files
 * when the whole context is copied (`.git` only exists in a context at the repository's root), and the
 * dependency folders (`node_modules`, `.venv`) of the Node and Python trees they copy.
 *
 * Only a `.dockerignore` Docker reads for a build of the product is examined (see
 * `lib/build-context.ts`: the contexts come from where builds really run), and only when something
 * needs excluding: a Dockerfile that copies named files only needs no exclusion. Patterns are matched
 * with Docker's meaning (`node_modules` is only the context root's; `*\/node_modules` reaches one level
 * down), allow-lists such as `*` then `!src` count as excluding. The fix appends the missing lines.
 */
import type { FileRule } from '../../core/types';
import type { SourceFile } from '../../core/source';
import type { Workspace } from '../../core/workspace';
import { appendFix } from '../lib/util';
import { describe, linesOf, missingExclusions, productContexts, type Exclusion } from '../lib/build-context';

/** The product build contexts this `.dockerignore` filters that need an exclusion, and what they need. */
function served(ws: Workspace, file: SourceFile): { dockerfiles: string[]; needed: Exclusion[] } {
  const hits = productContexts(ws).filter((c) => c.ignore === file.path && c.needed.length > 0);
  const needed: Exclusion[] = [];
  for (const h of hits) for (const n of h.needed) if (!needed.some((x) => x.probe === n.probe)) needed.push(n);
  return { dockerfiles: [...new Set(hits.map((h) => h.ctx.dockerfile))], needed };
}

export const rule: FileRule = {
  id: 'dockerignore/excludes-sensitive',
  category: 'containers',
  severity: 'high',
  level: 'mvp',
  title: '.dockerignore excludes secrets, git history and dependencies',
  rationale: 'Whatever the .dockerignore lets through can end up in an image layer; .env files and the git history hold secrets, and host dependencies break reproducible builds.',
  scaffold: 'dockerignore',
  fixable: true,
  scope: 'file',
  kinds: ['dockerignore'],
  examines: (file, ctx) => served(ctx.ws, file).needed.length > 0,
  examinesWhat: '.dockerignore of a product build context whose Dockerfile copies something to exclude',
  checkFile(file, ctx) {
    const { dockerfiles, needed } = served(ctx.ws, file);
    const missing = missingExclusions(file.text, needed);
    if (missing.length === 0) return [];
    const lines = linesOf(missing);
    return [{
      message: `${file.path} lets ${describe(missing)} into the build context of ${dockerfiles.join(', ')}, whose COPY takes them; exclude ${lines.map((l) => `\`${l}\``).join(', ')}`,
      range: file.lineRange(0),
      fix: appendFix(`Exclude ${lines.join(', ')}`, file, `\n# Added by Production Readiness: never send these to the Docker build.\n${lines.join('\n')}\n`),
      data: { missing: lines },
    }];
  },
};
