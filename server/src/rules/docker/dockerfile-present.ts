/**
 * docker/dockerfile-present: a project that serves HTTP has a Dockerfile (or Containerfile), so that
 * it builds into the same artefact on every machine and in every environment.
 *
 * Projects deployed by a platform that builds them without a Dockerfile (a Procfile, Vercel, Netlify,
 * serverless or App Engine configuration) are not asked for one. The fix creates a multi-stage,
 * non-root, health-checked Dockerfile for Node, Python or Go that passes every container rule, plus a
 * `.dockerignore` when there is none.
 */
import type { FixChange, WorkspaceRule } from '../../core/types';
import { outcome } from '../lib/util';
import { dockerignoreContent, scaffoldDockerfile } from '../lib/container-scaffold';

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
