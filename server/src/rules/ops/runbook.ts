/**
 * ops/runbook: the on-call engineer has a runbook (docs/RUNBOOK.md, RUNBOOK.md, any runbook*.md or a
 * runbooks/ folder, never a template) covering deployment, rollback, troubleshooting, incident
 * response and escalation/on-call, each with real content. Sections are graded like every document
 * (gradeDocument) and earn credit only for concrete content: commands, numbers, owners, contacts;
 * a runbook without headings is partial at most. Fixes create docs/RUNBOOK.md or append the missing
 * sections with prompts marked TODO, which count as unfilled until the team writes the real steps.
 * Without a runbook, the guides written for whoever runs the software (troubleshooting, administration,
 * upgrade, FAQ) earn partial credit for the sections they cover: the runbook of software its users deploy.
 */
import type { Evidence, RuleOutcome, WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import type { Workspace } from '../../core/workspace';
import { CONCRETE, markdownView } from '../../core/markdown';
import { appendFix, createFileFix, gradeDocument, isTemplatePath, outcome } from '../lib/util';
import { baseName, markdownPaths, projectName } from '../lib/evidence';

/** The required sections, each with the prompt text the scaffold writes. */
export const RUNBOOK_SECTIONS = [
  { name: 'deployment', pattern: /deploy|release|rollout|roll-out|shipping/i, title: 'Deployment', body: 'Describe how a release reaches production: the pipeline or command that deploys it, the environments it passes through, who approves it, and how to verify the release afterwards with the health endpoint, the dashboards and the error rate.' },
  { name: 'rollback', pattern: /roll(?:ing)? ?-?back|revert|undo/i, title: 'Rollback', body: 'Explain how to return to the previous release within minutes: the command or pipeline step that redeploys the last good version, how database migrations are handled (backward-compatible changes first), and how to confirm that the rollback worked.' },
  { name: 'troubleshooting', pattern: /troubleshoot|debug|diagnos|common (?:issues|problems|errors|failures)|known issues|faq/i, title: 'Troubleshooting', body: 'List the common failures and how to diagnose each one: where the logs are and how to search them by request id, which dashboards and metrics show the health of the service, how to check the database and other dependencies, and the known issues with their fixes.' },
  { name: 'incident response', pattern: /incident|outage|emergenc/i, title: 'Incident response', body: 'Define the severity levels (SEV1: service down or data loss; SEV2: a major feature degraded; SEV3: a minor issue with a workaround), who declares an incident, where the incident channel is, how status updates reach users, and that every SEV1 and SEV2 gets a blameless postmortem within five working days.' },
  { name: 'escalation/on-call', pattern: /escalat|on-?call|contacts?|pager|who to call/i, title: 'Escalation and on-call', body: 'Name the on-call rotation and where it is scheduled (PagerDuty, Opsgenie), the expected time to acknowledge a page, and whom to escalate to when the first responder cannot resolve the issue: the service owner, the team lead, and the owners of the database and the platform.' },
];

/** Runbook documents of the project (not templates), best candidates first. */
export function runbooks(ws: Workspace): string[] {
  return markdownPaths(ws)
    .filter((p) => (/runbook|playbook|operations[-_ ]?(?:guide|manual)|ops[-_]?guide|operator[-_]?guide/i.test(baseName(p)) || /(?:^|\/)runbooks?\//i.test(p)) && !isTemplatePath(p) && !/template/i.test(baseName(p)))
    .sort((a, b) => a.split('/').length - b.split('/').length);
}

/**
 * Documents written for whoever runs the software (troubleshooting, administration, maintenance,
 * upgrade guides and FAQs): the runbook of a program its users deploy. Each covers the runbook
 * sections its own headings name, and the one its file name names (a troubleshooting guide or a FAQ
 * covers troubleshooting; an administration, maintenance or upgrade guide covers deployment), when it
 * holds concrete content (commands, numbers, links).
 */
const OPERATOR_GUIDE = /^(?:troubleshoot(?:ing)?|faq|administration|admin(?:istration)?[-_ ]guide|administering|maintenance|maintaining|upgrad(?:e|ing)(?:[-_ ]guide)?)\.md$/i;
const GUIDE_SECTION: [RegExp, string][] = [[/^(?:troubleshoot|faq)/i, 'troubleshooting'], [/^(?:admin|maintain|maintenance|upgrad)/i, 'deployment']];

/** The runbook sections covered by operator guides, with where (see `OPERATOR_GUIDE`). */
function operatorGuides(ws: Workspace): { covered: Set<string>; evidence: Evidence[] } {
  const covered = new Set<string>();
  const evidence: Evidence[] = [];
  const guides = markdownPaths(ws).filter((p) => OPERATOR_GUIDE.test(baseName(p)) && !isTemplatePath(p)).slice(0, 20);
  for (const p of guides) {
    const f = ws.read(p);
    if (!f) continue;
    const view = markdownView(f);
    if (view.words < 60 || !CONCRETE.test(f.text)) continue;
    const named = GUIDE_SECTION.find(([re]) => re.test(baseName(p)))?.[1];
    const graded = gradeDocument(f, RUNBOOK_SECTIONS, 'the guide', 15, true);
    const missing = new Set([...((graded.findings[0]?.data?.missing as string[]) ?? []), ...((graded.findings[0]?.data?.thin as string[]) ?? [])]);
    const here = RUNBOOK_SECTIONS.filter((s) => s.name === named || !missing.has(s.name)).map((s) => s.name);
    if (!here.length) continue;
    for (const s of here) covered.add(s);
    evidence.push({ message: `operator guide covering ${here.join(', ')}`, file: p });
  }
  return { covered, evidence };
}

/** The outcome without a runbook: partial for operator guides, failing otherwise; `note` says why a named document was not one. */
function noRunbook(ws: Workspace, note = ''): RuleOutcome {
  const operator = operatorGuides(ws);
  if (operator.covered.size > 0) {
    const missing = RUNBOOK_SECTIONS.filter((s) => !operator.covered.has(s.name));
    return outcome.partial(operator.covered.size / RUNBOOK_SECTIONS.length, [{
      message: `no runbook${note}, but operator documentation covers ${[...operator.covered].join(', ')} (${operator.evidence.map((e) => e.file).join(', ')}): add docs/RUNBOOK.md for ${missing.map((m) => m.name).join(', ')}`,
      file: null,
      fix: createFileFix('Create docs/RUNBOOK.md', 'docs/RUNBOOK.md', runbookScaffold(projectName(ws))),
    }], operator.evidence);
  }
  return outcome.fail([{
    message: `no runbook${note}: add docs/RUNBOOK.md with deployment, rollback, troubleshooting, incident response and escalation sections`,
    file: null,
    fix: createFileFix('Create docs/RUNBOOK.md', 'docs/RUNBOOK.md', runbookScaffold(projectName(ws))),
  }]);
}

/** The full scaffold of a runbook. */
export function runbookScaffold(name: string): string {
  return `# Runbook: ${name}\n\nThis runbook is for the engineer on call. Keep every section current; a runbook that is wrong during an incident is worse than none.\n\n${RUNBOOK_SECTIONS.map(sectionScaffold).join('\n')}`;
}

/**
 * One section of the scaffold: its heading and a prompt marked TODO, which the rule treats as
 * unfilled until the team replaces it with the real commands, owners and contacts.
 */
function sectionScaffold(s: (typeof RUNBOOK_SECTIONS)[number]): string {
  return `## ${s.title}\n\nTODO: ${s.body}\n`;
}

export const rule: WorkspaceRule = {
  id: 'ops/runbook',
  category: 'operations',
  severity: 'high',
  level: 'mvp',
  title: 'A runbook covers deployment, rollback, troubleshooting, incidents and escalation',
  rationale: 'At 3 a.m. the on-call engineer needs written steps, not tribal knowledge; every seed lists a production runbook with rollback and escalation procedures.',
  roadmap: [{ topic: 'the runbook', match: /runbook|playbook|operations guide|operator guide|troubleshoot/, rank: 400 }],
  scaffold: 'runbook',
  fixable: true,
  scope: 'workspace',
  projectKinds: SERVICE_KINDS,
  applies(facts) {
    return facts.isService || 'not a long-running service';
  },
  check({ ws }) {
    const paths = runbooks(ws);
    if (paths.length === 0) return noRunbook(ws);
    // Grade each runbook on its own; a runbooks/ folder may spread the sections over several files.
    let best: { path: string; result: RuleOutcome } | undefined;
    const covered = new Set<string>();
    const evidence = new Map<string, Evidence>();
    for (const p of paths.slice(0, 50)) {
      const f = ws.read(p);
      if (!f) continue;
      const result = gradeDocument(f, RUNBOOK_SECTIONS, 'the runbook', 15, true);
      const missing = new Set([...((result.findings[0]?.data?.missing as string[]) ?? []), ...((result.findings[0]?.data?.thin as string[]) ?? [])]);
      for (const s of RUNBOOK_SECTIONS) if (!missing.has(s.name)) covered.add(s.name);
      for (const e of result.evidence ?? []) if (!evidence.has(e.message)) evidence.set(e.message, e);
      if (!best || (result.score ?? 1) > (best.result.score ?? 1) || result.status === 'pass') best = { path: p, result };
    }
    if (!best) return outcome.fail([{ message: `the runbook ${paths[0]} cannot be read`, file: null }]);
    const file = ws.read(best.path)!;
    const view = markdownView(file);
    // Headings of which none is a runbook topic: a page named like one about something else (a
    // product feature called runbooks), not a runbook over template prose.
    const allMissing = (r: RuleOutcome) => ((r.findings[0]?.data?.missing as string[]) ?? []).length === RUNBOOK_SECTIONS.length;
    if (view.sections.length > 0 && covered.size === 0 && allMissing(best.result)) return noRunbook(ws, ` (${best.path} is named like one, but none of its headings is about deploying, rolling back, troubleshooting, incidents or escalation)`);
    if (view.sections.length === 0) {
      return outcome.partial(view.words >= 30 ? 0.2 : 0.1, [{ message: `the runbook ${best.path} has no sections: organise it under Deployment, Rollback, Troubleshooting, Incident response and Escalation headings`, file: best.path, range: file.lineRange(0) }]);
    }
    if (best.result.status === 'pass' || covered.size === RUNBOOK_SECTIONS.length) {
      return outcome.pass([...evidence.values()]);
    }
    const missing = RUNBOOK_SECTIONS.filter((s) => ((best!.result.findings[0]?.data?.missing as string[]) ?? []).includes(s.name) && !covered.has(s.name));
    const finding = best.result.findings[0];
    if (finding && missing.length) {
      finding.fix = appendFix(`Add the missing runbook sections (${missing.map((s) => s.name).join(', ')})`, file, `${/\n\s*\n$/.test(file.text) ? '' : '\n'}${missing.map(sectionScaffold).join('\n')}`);
    }
    const score = Math.max(best.result.score ?? 0, covered.size / RUNBOOK_SECTIONS.length);
    return { ...best.result, status: score > 0 ? 'partial' : 'fail', score };
  },
};
