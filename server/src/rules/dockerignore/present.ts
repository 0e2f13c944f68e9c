/**
 * dockerignore/present: every build context of the product's Dockerfiles from which something must
 * be kept out has a `.dockerignore` (at the context's root, or `<Dockerfile>.dockerignore`). Without
 * it a whole-context `COPY` takes the git history, `.env` files and host dependencies.
 *
 * The contexts are where builds really run (compose `build.context`, CI `context:`, `docker build
 * <dir>`, GoReleaser's temporary folder; see `lib/build-context.ts`); a context from which the
 * Dockerfile copies only named files, or a folder the build creates, has nothing to exclude and is not
 * counted. The fix creates the `.dockerignore` at the context's root.
 */
import type { Evidence, RuleFinding, WorkspaceRule } from '../../core/types';
import { createFileFix, outcome } from '../lib/util';
import { dockerignoreContent } from '../lib/container-scaffold';
import { describe, linesOf, missingExclusions, productContexts, type Exclusion } from '../lib/build-context';

export const rule: WorkspaceRule = {
  id: 'dockerignore/present',
  category: 'containers',
  severity: 'medium',
  level: 'mvp',
  title: 'Docker build contexts have a .dockerignore',
  rationale: 'A .dockerignore keeps secrets, the git history and local dependencies out of the build context, which makes builds faster and images smaller and safer.',
  scaffold: 'dockerignore',
  fixable: true,
  scope: 'workspace',
  applies: (_facts, { ws }) => (ws.pathsOfKind('dockerfile').length > 0 ? true : 'no Dockerfile'),
  check({ ws, facts }) {
    const evidence: Evidence[] = [];
    const missing = new Map<string, { dockerfiles: string[]; from: string[]; needed: Exclusion[] }>();
    let covered = 0;
    for (const { ctx, ignore, needed } of productContexts(ws)) {
      if (needed.length === 0 || ctx.dir === undefined) continue;
      if (ignore) {
        covered++;
        evidence.push({ message: `${ctx.dockerfile} is built from ${ctx.dir ? `\`${ctx.dir}/\`` : 'the root'} (${ctx.from}), filtered by ${ignore}`, file: ignore });
        continue;
      }
      const m = missing.get(ctx.dir) ?? { dockerfiles: [], from: [], needed: [] };
      m.dockerfiles.push(ctx.dockerfile);
      m.from.push(ctx.from);
      for (const n of needed) if (!m.needed.some((x) => x.probe === n.probe)) m.needed.push(n);
      missing.set(ctx.dir, m);
    }
    if (covered === 0 && missing.size === 0) {
      return outcome.na('nothing to exclude: no build context of the product\'s Dockerfiles is copied whole or holds a Node or Python tree they copy');
    }
    if (missing.size === 0) return outcome.pass(evidence);
    const findings: RuleFinding[] = [...missing].map(([dir, m]) => {
      const target = dir ? `${dir}/.dockerignore` : '.dockerignore';
      // The scaffold for the stacks, plus what this context needs that the scaffold's lines do not cover.
      const base = dockerignoreContent(facts.stacks);
      const extra = linesOf(missingExclusions(base, m.needed));
      const content = extra.length > 0 ? `${base}\n# What this context holds\n${extra.join('\n')}\n` : base;
      return {
        message: `no .dockerignore for the build context ${dir ? `\`${dir}/\`` : 'at the root'} of ${[...new Set(m.dockerfiles)].join(', ')} (${[...new Set(m.from)].join('; ')}): its COPY takes ${describe(m.needed)}; add ${target}`,
        file: null,
        fix: createFileFix(`Create ${target}`, target, content),
      };
    });
    const total = covered + missing.size;
    return covered > 0 ? outcome.partial(covered / total, findings, evidence) : outcome.fail(findings, evidence);
  },
};
