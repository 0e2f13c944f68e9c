/**
 * The starter `readiness.yaml` that `readiness init` and the editor's Create Manifest command write,
 * adapted to the detected facts: categories that cannot apply are switched off with a comment.
 */
import type { Facts } from '../core/facts';

/** Builds a commented starter manifest for a project. */
export function starterManifest(name: string, facts: Facts): string {
  const kind = facts.isService ? 'service' : 'library or tool';
  const stacks = facts.stacks.length ? facts.stacks.join(', ') : 'no known stack';
  const lines = [
    '# Production readiness manifest: the targets, weights and decisions of this team.',
    `# Detected: ${kind}; ${stacks}${facts.frameworks.length ? ` (${facts.frameworks.join(', ')})` : ''}.`,
    '# Reference: https://github.com/production-readiness/production-readiness/blob/main/docs/manifest.md',
    'version: 1',
    `project: ${JSON.stringify(name)}`,
    '# The maturity level the team aims for: prototype, mvp or production.',
    'level: production',
    'categories:',
    '  security: { weight: 1.5, target: 90, priority: critical }',
    '  ci-cd: { weight: 1.25, target: 90 }',
    '  testing: { weight: 1.25, target: 80 }',
    `  containers: { weight: 1, target: 90${facts.shipsContainer || facts.isService ? '' : ', enabled: false'} }`,
    `  observability: { weight: 1, target: 80${facts.isService ? '' : ', enabled: false'} }`,
    '  documentation: { weight: 0.75, target: 80 }',
    `  operations: { weight: 0.75, target: 80${facts.isService ? '' : ', enabled: false'} }`,
    `  reliability: { weight: 1, target: 80${facts.isService ? '' : ', enabled: false'} }`,
    `  performance: { weight: 0.5, target: 60${facts.isService ? '' : ', enabled: false'} }`,
    '  quality: { weight: 0.75, target: 80 }',
    '# Rule overrides: `off`, a severity, or { severity, options }.',
    'rules:',
    '  testing/coverage-threshold:',
    '    options: { threshold: 80 }',
    '# Decisions not to meet a rule, with a reason (not-applicable, accepted-risk,',
    '# remediated-elsewhere, false-positive, planned), an owner and an expiry date.',
    'waivers: []',
    '# Team-specific checks: files that must exist (and optionally contain a pattern).',
    'checks: []',
    '# Paths to leave out of the audit, as globs.',
    'ignore: []',
    'suppressions:',
    '  inline: true',
    '  requireReason: true',
    '',
  ];
  return lines.join('\n');
}
