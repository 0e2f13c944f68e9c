/**
 * ops/incident-response: the team has an incident response process in writing: severity levels,
 * on-call and escalation contacts, and a postmortem (post-incident review) template. The three may
 * live in the runbook, in an incident document or in an issue template. Each earns a third of the
 * credit; the fix creates docs/INCIDENT_RESPONSE.md with all three.
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { markdownView } from '../../core/markdown';
import { createFileFix, isTemplatePath, outcome } from '../lib/util';
import { firstFilledHit, isConcrete, type Hit, markdownPaths } from '../lib/evidence';
import type { SourceFile } from '../../core/source';

/** A postmortem template is its structure: headings for at least two of its usual parts. */
function postmortemTemplate(f: SourceFile): boolean {
  return markdownView(f).sections.filter((s) => /timeline|root cause|impact|action items?|contributing factors|lessons|what went (?:well|wrong|badly)/i.test(s.title)).length >= 2;
}

/** True when the section holding a zero-based line has concrete content and no TODO. */
function concreteSection(f: SourceFile, line: number): boolean {
  const s = [...markdownView(f).sections].reverse().find((x) => x.line <= line && line < x.endLine);
  return s ? s.concrete > 0 && s.todos === 0 : markdownView(f).concrete > 0 && markdownView(f).todos === 0;
}

const DOCS = /runbook|incident|on-?call|post-?mortem|escalation|\bsre\b|operations|playbook|severity|emergency|support|retro/i;
const PARTS: { name: string; pattern: RegExp; hint: string }[] = [
  { name: 'severity levels', pattern: /\bSEV(?:ERITY)?[-\s]?[0-5]\b|\bseverit(?:y|ies)\b[^\n]{0,20}\b(?:levels?|matrix|definitions?|classification)\b|^[ \t|*-]*\**P[0-4]\**\s*[-:|–(]/im, hint: 'define severity levels (SEV1-SEV3) with examples and response times' },
  { name: 'on-call and escalation', pattern: /\bon-?call\b|\bescalat(?:e|es|ion|ing)\b|pagerduty|opsgenie|incident commander/i, hint: 'name the on-call rotation and the escalation path' },
  { name: 'postmortem', pattern: /post-?mortem|post-incident review|incident review|root cause analysis|\bRCA\b/i, hint: 'add a blameless postmortem template (timeline, impact, root cause, action items)' },
];

const SCAFFOLD = `# Incident response

How we detect, handle and learn from incidents.

## Severity levels

TODO: define the severity levels with examples and response times, for example SEV1 (the service is
down, data is lost or exposed: page on-call now, status update every 30 minutes), SEV2 (a major
feature is degraded for many users: page on-call, update every hour) and SEV3 (a minor issue with a
workaround: handle in working hours).

## On-call and escalation

TODO: name the on-call rotation and where it is scheduled (PagerDuty, Opsgenie), the time to
acknowledge a page, and the escalation path: the service owner, then the team lead, with the
contacts of the database and platform owners.

## Postmortem template

TODO: say when a postmortem is due (for example every SEV1 and SEV2, blameless, within five working
days) and keep its headings here: summary, impact, timeline, root cause, what went well, what went
badly, and action items with owners and due dates.
`;

export const rule: WorkspaceRule = {
  id: 'ops/incident-response',
  category: 'operations',
  severity: 'medium',
  level: 'production',
  title: 'An incident response process defines severities, escalation and postmortems',
  rationale: 'Without agreed severity levels, an escalation path and postmortems, incidents are handled ad hoc and the same outage happens twice.',
  roadmap: [{ topic: 'incident response', match: /incident|escalation|post-?mortem|on-?call/, rank: 410 }],
  scaffold: 'runbook',
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
    let unfilled: string | undefined;
    for (const p of docs) {
      const f = ws.read(p);
      if (!f) continue;
      if (!unfilled && markdownView(f).todos > 0) unfilled = p;
      for (const part of PARTS) {
        if (found.has(part.name)) continue;
        const hit = firstFilledHit(f, part.pattern);
        // The part counts when it is concrete: the match itself (SEV1, PagerDuty) or its section
        // names levels, contacts, tools or times; prose that only mentions the topic does not.
        if (hit && (isConcrete(hit.text) || /\bSEV[-\s]?\d|\bP[0-4]\b/i.test(hit.text) || concreteSection(f, hit.line - 1) || (part.name === 'postmortem' && postmortemTemplate(f)))) found.set(part.name, hit);
      }
      if (found.size === PARTS.length) break;
    }
    const evidence: Evidence[] = [...found].map(([name, h]) => ({ message: `${name}: ${h.text.slice(0, 80)}`, file: h.file, line: h.line }));
    if (found.size === PARTS.length) return outcome.pass(evidence);
    const missing = PARTS.filter((p) => !found.has(p.name));
    const fix = ws.exists('docs/INCIDENT_RESPONSE.md') ? undefined : createFileFix('Create docs/INCIDENT_RESPONSE.md', 'docs/INCIDENT_RESPONSE.md', SCAFFOLD);
    const todo = unfilled ? ` (the paragraphs marked TODO in ${unfilled} are prompts still to fill in)` : '';
    const finding = { message: `the incident response process lacks ${missing.map((m) => m.name).join(', ')}${todo}: ${missing.map((m) => m.hint).join('; ')}`, file: null, ...(fix ? { fix } : {}) };
    return found.size ? outcome.partial(found.size / PARTS.length, [finding], evidence) : outcome.fail([finding]);
  },
};
