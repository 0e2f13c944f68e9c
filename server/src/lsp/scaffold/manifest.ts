/**
 * The readiness.yaml template: the level the team aims for and a commented starting point for
 * targets, overrides and waivers. It must validate against the manifest schema.
 */
import type { StackProfile } from './stack';

/** readiness.yaml for a profile. */
export function manifestTemplate(p: StackProfile): string {
  return `# Production readiness manifest: what "ready" means for this repository.
# The editor checks this file against its schema; hover a key or a rule id for help.
version: 1
project: ${JSON.stringify(p.name)}
# The maturity level the team aims for: prototype, mvp or production.
level: ${p.servesHttp || p.hasDockerfile ? 'production' : 'mvp'}

# Targets and weights per category (0-100). Unlisted categories keep their defaults.
categories:
  security:
    target: 90
  ci-cd:
    target: 90

# Rule overrides: \`off\`, a severity, or { severity, options }.
rules: {}

# Decisions not to meet a rule, each with a reason and an expiry date.
#   - rule: docker/healthcheck
#     paths: ["worker/Dockerfile"]
#     reason: not-applicable
#     note: the worker has no HTTP endpoint
#     expires: "2026-12-31"
waivers: []
`;
}
