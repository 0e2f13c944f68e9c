/**
 * dockerignore/present: every Dockerfile's build context has a `.dockerignore` (in the Dockerfile's
 * folder or a parent, or `<Dockerfile>.dockerignore`). Without it each build uploads the whole folder,
 * including `.git`, `.env` files and dependencies, and any `COPY . .` bakes them into the image.
 *
 * The fix creates one per uncovered folder, excluding what the project's stacks produce.
 */
import type { Evidence, RuleFinding, WorkspaceRule } from '../../core/types';
import { createFileFix, outcome } from '../lib/util';
import { dirOf, dockerignoreContent, dockerignoreFor } from '../lib/container-scaffold';

export const rule: WorkspaceRule = {
  id: 'dockerignore/present',
  category: 'containers',
  severity: 'medium',
  level: 'mvp',
  title: 'Docker build contexts have a .dockerignore',
  rationale: 'A .dockerignore keeps secrets, the git history and local dependencies out of the build context, which makes builds faster and images smaller and safer.',
  fixable: true,
  scope: 'workspace',
  applies: (_facts, { ws }) => (ws.pathsOfKind('dockerfile').length > 0 ? true : 'no Dockerfile'),
  check({ ws, facts }) {
    const dockerfiles = ws.pathsOfKind('dockerfile');
    const evidence: Evidence[] = [];
    const missing = new Map<string, string[]>();
    for (const d of dockerfiles) {
      const ignore = dockerignoreFor(ws, d);
      if (ignore) evidence.push({ message: `${d} uses ${ignore}`, file: ignore });
      else {
        const dir = dirOf(d);
        missing.set(dir, [...(missing.get(dir) ?? []), d]);
      }
    }
    if (missing.size === 0) return outcome.pass(evidence);
    const findings: RuleFinding[] = [...missing].map(([dir, files]) => {
      const target = dir ? `${dir}/.dockerignore` : '.dockerignore';
      return {
        message: `no .dockerignore for ${files.join(', ')}: the whole folder, .git and .env files included, is sent to every build; add ${target}`,
        file: null,
        fix: createFileFix(`Create ${target}`, target, dockerignoreContent(facts.stacks)),
      };
    });
    const covered = dockerfiles.length - [...missing.values()].flat().length;
    return covered > 0 ? outcome.partial(covered / dockerfiles.length, findings, evidence) : outcome.fail(findings, evidence);
  },
};
