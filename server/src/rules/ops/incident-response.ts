/**
 * ops/incident-response: the team has an incident response process in writing: severity levels,
 * on-call and escalation contacts, and a postmortem (post-incident review) template. The three may
 * live in the runbook, in an incident document or in an issue template. Each earns a third of the
 * credit; the fix creates docs/INCIDENT_RESPONSE.md with all three.
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { createFileFix, isTemplatePath, outcome } from '../lib/util';
import { firstHit, type Hit, markdownPaths } from '../lib/evidence';

const DOCS = /runbook|incident|on-?call|post-?mortem|escalation|\bsre\b|operations|playbook|severity|emergency|support|retro/i;
const PARTS: { name: string; pattern: RegExp; hint: string }[] = [
  { name: 'severity levels', pattern: /\bSEV(?:ERITY)?[-\s]?[0-5]\b|\bseverit(?:y|ies)\b[^\n]{0,20}\b(?:levels?|matrix|definitions?|classification)\b|^[ \t|*-]*\**P[0-4]\**\s*[-:|–(]/im, hint: 'define severity levels (SEV1-SEV3) with examples and response times' },
  { name: 'on-call and escalation', pattern: /\bon-?call\b|\bescalat(?:e|es|ion|ing)\b|pagerduty|opsgenie|incident commander/i, hint: 'name the on-call rotation and the escalation path' },
  { name: 'postmortem', pattern: /post-?mortem|post-incident review|incident review|root cause analysis|\bRCA\b/i, hint: 'add a blameless postmortem template (timeline, impact, root cause, action items)' },
];

const SCAFFOLD = `# Incident response

How we detect, handle and learn from incidents. The on-call engineer owns an incident until it is
handed over explicitly.

## Severity levels

| Level | Meaning | Response |
| ----- | ------- | -------- |
| SEV1 | The service is down, data is lost or exposed | Page on-call now, status update every 30 minutes |
| SEV2 | A major feature is degraded for many users | Page on-call, status update every hour |
| SEV3 | A minor issue with a workaround | Handle in working hours |

## On-call and escalation

Name the on-call rotation and where it is scheduled (PagerDuty, Opsgenie). The first responder
acknowledges a page within 15 minutes and escalates to the service owner, then to the team lead, when
the incident is not under control within 30 minutes. List the contacts of the database and platform
owners here.

## Postmortem template

Every SEV1 and SEV2 gets a blameless postmortem within five working days, using these headings:
summary, impact (who, how long), timeline, root cause, what went well, what went badly, and action
items with owners and due dates.
`;

export const rule: WorkspaceRule = {
  id: 'ops/incident-response',
  category: 'operations',
  severity: 'medium',
  level: 'production',
  title: 'An incident response process defines severities, escalation and postmortems',
  rationale: 'Without agreed severity levels, an escalation path and postmortems, incidents are handled ad hoc and the same outage happens twice.',
  fixable: true,
  scope: 'workspace',
  projectKinds: SERVICE_KINDS,
  applies(facts) {
    return facts.isService || 'not a long-running service';
  },
  check({ ws }) {
    // Postmortem templates count (issue templates, docs/templates/), examples and fixtures do not.
    const docs = markdownPaths(ws).filter((p) => DOCS.test(p) && (!isTemplatePath(p) || /(^|\/)(ISSUE_TEMPLATE|templates?)\//i.test(p)) && !/(^|\/)(fixtures?|testdata|examples?|samples?)\//i.test(p)).slice(0, 200);
    const found = new Map<string, Hit>();
    for (const p of docs) {
      const f = ws.read(p);
      if (!f) continue;
      for (const part of PARTS) {
        if (found.has(part.name)) continue;
        const hit = firstHit(f, part.pattern);
        if (hit) found.set(part.name, hit);
      }
      if (found.size === PARTS.length) break;
    }
    const evidence: Evidence[] = [...found].map(([name, h]) => ({ message: `${name}: ${h.text.slice(0, 80)}`, file: h.file, line: h.line }));
    if (found.size === PARTS.length) return outcome.pass(evidence);
    const missing = PARTS.filter((p) => !found.has(p.name));
    const fix = ws.exists('docs/INCIDENT_RESPONSE.md') ? undefined : createFileFix('Create docs/INCIDENT_RESPONSE.md', 'docs/INCIDENT_RESPONSE.md', SCAFFOLD);
    const finding = { message: `the incident response process lacks ${missing.map((m) => m.name).join(', ')}: ${missing.map((m) => m.hint).join('; ')}`, file: null, ...(fix ? { fix } : {}) };
    return found.size ? outcome.partial(found.size / PARTS.length, [finding], evidence) : outcome.fail([finding]);
  },
};
