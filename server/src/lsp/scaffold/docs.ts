/**
 * Operational document templates: a runbook, a disaster-recovery plan and a security policy. Each
 * section says what to write and starts with concrete defaults for the detected stack, so that the
 * team edits a working document rather than filling in a blank page. Placeholders are in <angle
 * brackets> so that they are easy to find.
 */
import type { StackProfile } from './stack';

function startCommand(p: StackProfile): string {
  if (p.stack === 'node') return p.packageManager === 'npm' ? 'npm start' : `${p.packageManager} start`;
  if (p.stack === 'python') return p.pythonCommand.join(' ');
  if (p.stack === 'go') return 'go run .';
  return '<start command>';
}

/** docs/RUNBOOK.md for a profile. */
export function runbook(p: StackProfile): string {
  const health = p.servesHttp ? `\`curl -fsS http://<host>:${p.port}${p.healthPath}\`` : 'the process exit code and its logs';
  return `# ${p.name} runbook

How to deploy, observe, roll back and repair ${p.name} in production. Keep it short, current and
tested: every command here should have been run at least once by someone on call.

## Service overview

${p.name} is a ${p.stack === 'generic' ? '' : `${p.stack} `}${p.servesHttp ? `HTTP service listening on port ${p.port}` : 'service'}${p.usesDatabase ? ' backed by a database' : ''}.
Owners: <team name and chat channel>. Dependencies: <databases, queues and external APIs it calls>.
Locally it starts with \`${startCommand(p)}\`; configuration comes from environment variables listed in \`.env.example\`.

## Deployment

Every merge to the main branch builds, tests and publishes an image; a release is promoted to
production by <the deploy workflow or command>. Deploy during working hours, watch the dashboards for
fifteen minutes afterwards and announce the release in <channel>.

## Health checks and monitoring

The service is healthy when ${health} succeeds. Dashboards: <link>. Alerts go to <pager or channel>
and each alert links back to the matching section of this runbook. Key signals are the error rate,
the latency percentiles and the saturation of CPU, memory and connections.

## Rollback

Roll back first, investigate second. Redeploy the previous image tag with <command>, or on Kubernetes
run \`kubectl rollout undo deployment/${p.name}\` and \`kubectl rollout status deployment/${p.name}\`.
Database migrations must be backward compatible so that the previous version keeps working.

## Troubleshooting

For elevated errors, read the logs around the first failures and check the dependencies above. For high
latency, compare traffic to the usual pattern and check connection pools and slow queries. For crash
loops, check the last deploy, the configuration and the memory limits before restarting anything.

## Incident response

Declare an incident when users are affected, name an incident lead, and keep a timeline in the incident
channel. Mitigate first (rollback, feature flag, scale out), then communicate status every thirty
minutes until it is resolved. Write a blameless post-incident review within five working days.

## Escalation

First responder: the on-call engineer of <team>, paged through <tool>. Escalate after thirty minutes
without progress to <secondary on-call>, and to <engineering manager> for customer-facing outages or
data loss. Vendors and their support contacts: <list>.
`;
}

/** docs/DISASTER_RECOVERY.md for a profile. */
export function disasterRecovery(p: StackProfile): string {
  return `# ${p.name} disaster recovery plan

What we do when ${p.name} or its data is lost: how much we can lose, how fast we must be back, and the
exact steps to get there. Review this plan every quarter and after every real recovery.

## Objectives

Recovery point objective (RPO): at most <15 minutes> of data may be lost. Recovery time objective
(RTO): the service is back within <1 hour>. These numbers are agreed with the product owner and drive
the backup frequency and the restore procedure below.

## Backups

${p.usesDatabase ? 'The database is backed up automatically with point-in-time recovery' : 'Persistent state, if any, is backed up automatically'} every <interval>, kept for <30 days>,
encrypted, and copied to a second region or account. Backups are monitored: a failed or missing backup
raises an alert to the owning team the same day.

## Restore procedure

1. Declare an incident and stop writes to the damaged data store if it is still running.
2. Restore the latest good backup into a new instance with <command or console steps>.
3. Point the service at the restored instance through its configuration and redeploy it.
4. Verify the data with <checks> and the service with its health endpoint before reopening traffic.

## Failover

When the primary region or provider is unavailable, deploy the last released image in <secondary
region> with the restored data, then switch DNS or the load balancer. Document who may decide to fail
over and how to fail back once the primary is healthy again.

## Testing the plan

Run a restore drill at least every quarter on a copy of production data, measure the real recovery
time and data loss against the objectives above, and record the date, the result and the follow-up
actions here.
`;
}

/** SECURITY.md for a profile. */
export function securityPolicy(p: StackProfile): string {
  return `# Security policy

## Supported versions

Security fixes are made for the latest released version of ${p.name} and the main branch. Older
versions receive fixes only when a maintainer decides the risk justifies a backport.

## Reporting a vulnerability

Please do not open a public issue. Report vulnerabilities privately through GitHub's "Report a
vulnerability" button on this repository, or by email to <security contact address>. Include a
description, the affected version, steps to reproduce and the impact you expect.

## Disclosure policy

We acknowledge reports within three working days, confirm the problem and its severity within ten,
and publish a fix and an advisory as soon as it is ready. We credit reporters who wish to be named and
ask that details stay private until the advisory is published.
`;
}
