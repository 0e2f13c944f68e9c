/**
 * docker/dockerfile-present: a project that serves HTTP has a Dockerfile (or Containerfile), so that
 * it builds into the same artefact on every machine and in every environment.
 *
 * Projects deployed by a platform that builds them without a Dockerfile (a Procfile, Vercel, Netlify,
 * serverless or App Engine configuration) are not asked for one, and an image built without one
 * (Cloud Native Buildpacks through `spring-boot:build-image` or `pack build`, Jib, ko) passes. The fix creates a multi-stage,
 * non-root, health-checked Dockerfile for Node, Python or Go that passes every container rule, plus a
 * `.dockerignore` when there is none.
 */
import type { FixChange, WorkspaceRule } from '../../core/types';
import { outcome } from '../lib/util';
import { scanPaths } from '../lib/evidence';
import { dockerignoreContent, scaffoldDockerfile } from '../lib/container-scaffold';

/** Image builders that need no Dockerfile: Cloud Native Buildpacks (Spring Boot, pack), Jib, ko. */
const IMAGE_BUILDERS = /\bspring-boot:build-image\b|\bbootBuildImage\b|\bpack\s+build\s|<artifactId>jib-maven-plugin<\/artifactId>|com\.google\.cloud\.tools\.jib|\bjib:(?:build|dockerBuild)\b|\bjibDockerBuild\b|\bko\s+(?:build|publish|apply|resolve)\b/;
const PLATFORM_FILES = ['Procfile', 'vercel.json', 'netlify.toml', 'serverless.yml', 'serverless.yaml', 'app.yaml', 'template.yaml', 'samconfig.toml'];

export const rule: WorkspaceRule = {
  id: 'docker/dockerfile-present',
  category: 'containers',
  severity: 'high',
  level: 'mvp',
  title: 'The service builds into a container image',
  rationale: 'A Dockerfile makes the runtime, its dependencies and its start command explicit and identical in CI, staging and production.',
  roadmap: [{ topic: 'the container image', match: /docker ?file|containeri[sz](e|ation)|container image|docker image|docker configuration|\bdocker\b/, unless: /swarm|compose/, broad: true, requires: { kinds: ['dockerfile'], what: 'Dockerfile' }, rank: 1050 }],
  scaffold: 'dockerfile',
  fixable: true,
  scope: 'workspace',
  applies: (facts) => (facts.servesHttp ? true : 'the project does not serve HTTP'),
  check({ ws, facts, now }) {
    const dockerfiles = ws.pathsOfKind('dockerfile');
    if (dockerfiles.length > 0) {
      return outcome.pass(dockerfiles.slice(0, 5).map((f) => ({ message: `Dockerfile ${f}`, file: f })));
    }
    // An image built without a Dockerfile: Cloud Native Buildpacks (`spring-boot:build-image`,
    // `bootBuildImage`, `pack build`), Jib or ko, configured in the build or run by CI, scripts or the docs.
    const builder = scanPaths(ws, [...ws.files.filter((f) => /(^|\/)(pom\.xml|build\.gradle(\.kts)?|\.ko\.ya?ml|Makefile|justfile)$/.test(f)), ...ws.pathsOfKind('workflow'), ...ws.pathsOfKind('markdown').filter((f) => !f.includes('/'))], IMAGE_BUILDERS, 1, ['build-image', 'BuildImage', 'pack ', 'jib', 'ko '])[0];
    if (builder) return outcome.pass([{ message: `the image is built without a Dockerfile: ${builder.text}`, file: builder.file, line: builder.line }]);
    const platform = PLATFORM_FILES.find((f) => ws.exists(f));
    if (platform) return outcome.na(`deployed by a platform without a Dockerfile (${platform})`);
    const scaffold = scaffoldDockerfile(ws, facts, now);
    const changes: FixChange[] = [];
    if (scaffold) {
      changes.push({ kind: 'create', file: 'Dockerfile', content: scaffold.content });
      if (!ws.exists('.dockerignore')) changes.push({ kind: 'create', file: '.dockerignore', content: dockerignoreContent(facts.stacks) });
    }
    return outcome.fail([{
      message: `the project serves HTTP (${facts.frameworks.join(', ') || 'an HTTP server'}) but has no Dockerfile; add a multi-stage Dockerfile that runs as a non-root user`,
      file: null,
      ...(scaffold ? { fix: { title: `Create a ${scaffold.stack} Dockerfile`, changes } } : {}),
    }]);
  },
};
