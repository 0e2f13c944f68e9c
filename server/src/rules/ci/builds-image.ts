/**
 * ci/builds-image: where the repository has a Dockerfile, CI builds the image (docker build, buildx,
 * docker/build-push-action, buildah, kaniko, ...) directly or through what a step calls (a make target,
 * a script, compose), so that a broken Dockerfile is caught before a release needs it. Building it
 * only on tags, on a schedule or by hand earns partial credit: the breakage is found on release day. A
 * shared action of another repository handed a container registry's password publishes, so builds, images.
 */
import type { WorkspaceRule } from '../../core/types';
import { isTemplatePath, isTestPath, outcome } from '../lib/util';
import { findRuns, hitEvidence, isGating, whyNotGating, type CiHit } from '../lib/ci-run';
import type { Workspace } from '../../core/workspace';
import { IMAGE_SPEC } from '../lib/ci-checks';
import { activeWorkflows } from '../lib/workflow';

export { IMAGE_SPEC } from '../lib/ci-checks';

/** GoReleaser builds the images its configuration lists (`dockers:`, `dockers_v2:`, `kos:`) when CI runs it. */
function goreleaserImages(ws: Workspace): CiHit[] {
  const cfg = ws.findFile(['.goreleaser.yml', '.goreleaser.yaml', 'goreleaser.yml', 'goreleaser.yaml']);
  if (!cfg || !/^(?:dockers|dockers_v2|docker_v2|kos):/m.test(ws.read(cfg)?.text ?? '')) return [];
  return findRuns(ws, GORELEASER).map((h) => ({ ...h, tool: `goreleaser (${cfg})` }));
}

const GORELEASER = { re: /\bgoreleaser\s+(?:release|build)\b/, actions: /^goreleaser\/goreleaser-action$/ };

/**
 * A shared action of another repository that is handed a container registry's password builds and pushes
 * the images (Prometheus' `promci/publish_main` with `docker_hub_password`): its steps are not in this
 * repository, but nothing else needs a registry password. Login actions only log in.
 */
const REGISTRY_PUSH = { re: /\swith\.(?:docker_?hub|dockerhub|docker|quay(?:_io)?|ghcr|registry|container_registry)_(?:password|token)=/i };
const LOGIN_ONLY = /^(?:docker\/login-action|aws-actions\/amazon-ecr-login|azure\/docker-login|google-github-actions\/auth)$/;

function registryPushes(ws: Workspace): CiHit[] {
  return findRuns(ws, REGISTRY_PUSH).filter((h) => h.run.kind === 'uses' && !LOGIN_ONLY.test(h.run.slug ?? '')).map((h) => ({ ...h, tool: `${h.run.slug} (given registry credentials)` }));
}

export const rule: WorkspaceRule = {
  id: 'ci/builds-image',
  category: 'ci-cd',
  severity: 'medium',
  level: 'mvp',
  title: 'CI builds the container image',
  rationale: 'A Dockerfile that CI never builds breaks silently (a moved file, a removed package) and is discovered on release day.',
  roadmap: [{ topic: 'the image build in CI', match: /(ci|pipeline|workflow).*(build|push)(ing|s)? (the |a )?(docker |container )?images?\b|image build(s|ing)?|(build|push)(ing|s)? (and push(ing)? )?(the |a )?(docker |container )images?|container registry|build verification/, rank: 200 }],
  scope: 'workspace',
  requires: ['ci/workflow-present'],
  applies(_facts, { ws }) {
    return ws.pathsOfKind('dockerfile').some((p) => !isTemplatePath(p) && !isTestPath(p)) || 'no Dockerfile in the repository';
  },
  check({ ws }) {
    const dockerfile = ws.pathsOfKind('dockerfile').find((p) => !isTemplatePath(p) && !isTestPath(p)) ?? 'Dockerfile';
    const hits = [...findRuns(ws, IMAGE_SPEC), ...goreleaserImages(ws), ...registryPushes(ws)];
    const gating = hits.filter((h) => isGating(h.run));
    if (gating.length > 0) return outcome.pass(hitEvidence(gating, 'builds an image'));
    const f = ws.read(dockerfile);
    const range = f ? f.lineRange(0) : undefined;
    if (hits.length > 0) {
      return outcome.partial(0.5, [{
        message: `the image is built ${whyNotGating(hits[0].run)}: build ${dockerfile} on pull requests too, so a broken Dockerfile is caught before release`,
        file: dockerfile,
        ...(range ? { range } : {}),
      }], hitEvidence(hits, 'builds an image'));
    }
    return outcome.fail([{
      message: `${dockerfile} is never built in CI: add a step such as \`docker build --file ${dockerfile} .\` or docker/build-push-action`,
      file: dockerfile,
      ...(range ? { range } : {}),
    }], [{ message: `${activeWorkflows(ws).length} workflow(s) checked, following make targets, scripts and actions`, file: dockerfile }]);
  },
};
