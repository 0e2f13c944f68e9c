/**
 * ops/escalation-contact: the runbook or incident document names whom to page and whom to escalate
 * to, concretely: a PagerDuty or Opsgenie schedule or service, an email address, a chat channel
 * (`#payments-oncall`), an `@team` handle or a phone number, near the words on-call or escalation.
 * Headings over template prose ("escalate to the service owner") and placeholders (`TODO`, `<name>`,
 * `example.com`) are not contacts.
 *
 * A document that discusses escalation without a contact earns half. When there is no runbook or
 * incident document at all, `ops/runbook` and `ops/incident-response` report it and this check is not
 * applicable; while the runbook fails outright (an unfilled scaffold), this finding is folded into it.
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { markdownPaths } from '../lib/evidence';
import { isTemplatePath, outcome } from '../lib/util';
import { runbooks } from './runbook';

/** Documents that are the team's own operating instructions, by name (a product's feature docs are not). */
const DOCS = /^(?:runbook|incident[-_ ]?(?:response|management|process)|on-?call|escalation|playbook|operations|sre)[\w.-]*\.mdx?$/i;
const OPERATING_PLACE = /^(?:(?:docs?|ops|operations|runbooks?|playbooks?|sre|\.github)\/)?(?:runbooks?\/|playbooks?\/)?[^/]+$/i;
const TERM = /\bon-?call\b|\bescalat(?:e|es|ion|ing)\b|\bpag(?:e|ing)\b|\bwho to (?:call|contact)\b|\bcontacts?\b/i;
const CONTACT = /\b[\w.+-]{1,64}@(?!example\.|your|company\.)[\w-]+(?:\.[\w-]+)+\b|(?:^|[\s`(|])#[a-z][a-z0-9_-]{2,}\b|(?:^|[\s`(|])@[\w-]+(?:\/[\w-]+)?\b|https?:\/\/[\w.-]*(?:pagerduty\.com|opsgenie\.com|atlassian\.net\/jira\/ops|incident\.io|rootly\.com|firehydrant\.io|squadcast\.com|grafana\.net\/a\/grafana-oncall)[^\s)]*|\b(?:PagerDuty|Opsgenie|incident\.io|Grafana OnCall)\s+(?:service|schedule|rotation|escalation policy|team)\s+[`"'*]*[\w-]{3,}|\+?\d[\d ().-]{7,18}\d/;
const PLACEHOLDER = /\bTODO\b|\bTBD\b|\bFIXME\b|<[^>\s]+>|\[(?:name|contact|team|email|channel)[^\]]*\]|your[-_ ](?:team|org|name|channel)|xxx/i;

export const rule: WorkspaceRule = {
  id: 'ops/escalation-contact',
  category: 'operations',
  severity: 'medium',
  level: 'production',
  title: 'The runbook names a concrete on-call and escalation contact',
  rationale: 'During an incident nobody should have to find out whom to page; a named schedule, channel or address in the runbook turns "escalate to the owner" into a phone that rings.',
  projectKinds: SERVICE_KINDS,
  // An unwritten runbook (none, or our unfilled scaffold) is one root cause: its finding stands for this one.
  requires: ['ops/runbook'],
  scope: 'workspace',
  applies(facts) {
    return facts.isService ? true : 'not a long-running service';
  },
  check({ ws }) {
    // The team's own operating documents sit at the top of the repository or its docs, ops or
    // runbooks folder; a page deep in a documentation site describes a product feature instead.
    const docs = [...new Set([...runbooks(ws), ...markdownPaths(ws).filter((p) => DOCS.test(p.slice(p.lastIndexOf('/') + 1)) && !isTemplatePath(p))])].filter((p) => OPERATING_PLACE.test(p)).slice(0, 100);
    if (docs.length === 0) return outcome.na('nothing to examine: no runbook or incident document (ops/runbook asks for one)');
    let mention: { file: string; line: number } | undefined;
    for (const p of docs) {
      const f = ws.read(p);
      if (!f) continue;
      f.lines.forEach((line, i) => {
        if (mention && mention.file !== p) return;
        if (!TERM.test(line)) return;
        mention ??= { file: p, line: i };
      });
      const re = new RegExp(TERM.source, 'gi');
      for (let m = re.exec(f.text); m; m = re.exec(f.text)) {
        const at = f.positionAt(m.index).line;
        for (let l = Math.max(0, at - 2); l <= Math.min(f.lines.length - 1, at + 10); l++) {
          const text = f.lines[l];
          if (/^\s{0,3}#{1,6}\s/.test(text) && l !== at) continue;
          const c = CONTACT.exec(text);
          if (!c || PLACEHOLDER.test(text)) continue;
          const evidence: Evidence[] = [{ message: `contact "${c[0].trim()}" near "${(f.lines[at] ?? '').trim().slice(0, 60)}"`, file: p, line: l + 1 }];
          return outcome.pass(evidence);
        }
      }
    }
    if (mention) {
      const f = ws.read(mention.file)!;
      return outcome.partial(0.5, [{ message: `${mention.file} talks about on-call and escalation but names no one to reach: fill in the paging schedule (PagerDuty/Opsgenie), the incident channel and the escalation contacts by name`, file: mention.file, range: f.lineRange(mention.line) }]);
    }
    return outcome.fail([{ message: `the runbook and incident documents (${docs.slice(0, 2).join(', ')}) never say whom to page or escalate to; add an "On-call and escalation" section with the schedule, the channel and the contacts`, file: null }]);
  },
};
