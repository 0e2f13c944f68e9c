/**
 * ci/builds-image: where the repository has a Dockerfile, CI builds the image (docker build, buildx,
 * docker/build-push-action, buildah, kaniko, ...), so that a broken Dockerfile is caught before a
 * release needs it.
 */
import type { WorkspaceRule } from '../../core/types';
import { isTemplatePath, isTestPath, outcome } from '../lib/util';
import { findSteps, hitEvidence, otherCiHits, type CommandSpec } from '../lib/ci-steps';
import { activeWorkflows } from '../lib/workflow';

/** What building a container image looks like. */
export const IMAGE_SPEC: CommandSpec = {
  re: /\bdocker\s+(?:image\s+)?build\b|\bdocker\s+buildx\s+(?:build|bake)\b|\bdocker[\s-]compose\b[^\n|;&]*\sbuild\b|\bpodman\s+build\b|\bbuildah\s+(?:bud|build)\b|\bkaniko\b|\/kaniko\/executor\b|\bjib:(?:build|dockerBuild)\b|\bjib(?:DockerBuild)?\b|\bko\s+(?:build|publish)\b|\bpack\s+build\b|\bgcloud\s+builds\s+submit\b|\bnixpacks\s+build\b|\bearthly\b/,
  actions: /^(docker\/build-push-action|docker\/bake-action|redhat-actions\/buildah-build|depot\/build-push-action|mr-smithers-excellent\/docker-build-push|elgohr\/publish-docker-github-action|aevea\/action-kaniko|int128\/kaniko-action)$/,
};

export const rule: WorkspaceRule = {
  id: 'ci/builds-image',
  category: 'ci-cd',
  severity: 'medium',
  level: 'mvp',
  title: 'CI builds the container image',
  rationale: 'A Dockerfile that CI never builds breaks silently (a moved file, a removed package) and is discovered on release day.',
  scope: 'workspace',
  requires: ['ci/workflow-present'],
  applies(_facts, { ws }) {
    return ws.pathsOfKind('dockerfile').some((p) => !isTemplatePath(p) && !isTestPath(p)) || 'no Dockerfile in the repository';
  },
  check({ ws }) {
    const dockerfile = ws.pathsOfKind('dockerfile').find((p) => !isTemplatePath(p) && !isTestPath(p)) ?? 'Dockerfile';
    const wfs = activeWorkflows(ws);
    const hits = findSteps(ws, wfs, IMAGE_SPEC);
    const other = otherCiHits(ws, IMAGE_SPEC, 'builds an image');
    if (hits.length > 0 || other.length > 0) return outcome.pass([...hitEvidence(hits, 'builds an image'), ...other]);
    return outcome.fail([{
      message: `${dockerfile} is never built in CI: add a step such as \`docker build --file ${dockerfile} .\` or docker/build-push-action`,
      file: dockerfile,
      ...(ws.read(dockerfile) ? { range: ws.read(dockerfile)!.lineRange(0) } : {}),
    }], [{ message: `${wfs.length} workflow(s) checked`, file: dockerfile }]);
  },
};
