/**
 * `--format junit`: the JUnit XML that CI dashboards read (GitLab's `reports: junit`, Jenkins, Azure
 * Pipelines, GitHub test reporters). One test suite per category, one test case per check: a failing
 * or partial check is a `<failure>` listing its open findings, a passing one is a plain test case, and
 * not-applicable or waived checks are `<skipped>` with the reason. Findings of the manifest's own
 * rules are one failing test case each in a "Manifest" suite. All text is XML-escaped.
 */
import { CATEGORY_TITLES, type CategoryId, type CheckResult, type Finding, type Report } from '../core/types';
import { escapeXml } from './safe-text';

const where = (f: Finding) => (f.file ? `${f.file}${f.range ? `:${f.range.start.line + 1}` : ''}` : '(repository)');

function findingLines(fs: Finding[]): string {
  return fs.map((f) => `${f.severity} ${where(f)}: ${f.message}${f.fix ? ` (fix: ${f.fix.title})` : ''}`).join('\n');
}

interface Case {
  classname: string;
  name: string;
  outcome: { kind: 'pass' } | { kind: 'failure'; type: string; message: string; body: string } | { kind: 'skipped'; message: string };
}

function caseOf(c: CheckResult): Case {
  const name = `${c.ruleId}: ${c.title}`;
  const classname = `readiness.${c.category}`;
  const open = c.findings.filter((f) => !f.waived);
  switch (c.status) {
    case 'pass':
      return { classname, name, outcome: { kind: 'pass' } };
    case 'not-applicable':
      return { classname, name, outcome: { kind: 'skipped', message: `not applicable: ${c.reason ?? 'does not apply to this project'}` } };
    case 'waived': {
      const w = c.findings.find((f) => f.waived)?.waived;
      return { classname, name, outcome: { kind: 'skipped', message: `waived${w ? `: ${w.reason}${w.note ? ` — ${w.note}` : ''}` : ''}` } };
    }
    default: {
      const share = c.status === 'partial' ? ` (partial credit ${Math.round(c.credit * 100)}%)` : '';
      const summary = open.length > 0 ? `${open.length} finding(s)${share}` : `${c.reason ?? c.status}${share}`;
      const evidence = c.evidence.map((e) => `evidence: ${e.message}${e.file ? ` (${e.file}${e.line ? `:${e.line}` : ''})` : ''}`).join('\n');
      return { classname, name, outcome: { kind: 'failure', type: c.status, message: `${c.severity}: ${summary}`, body: [findingLines(open), evidence].filter(Boolean).join('\n') } };
    }
  }
}

function caseXml(k: Case): string {
  const open = `    <testcase classname="${escapeXml(k.classname)}" name="${escapeXml(k.name)}" time="0"`;
  const o = k.outcome;
  if (o.kind === 'pass') return `${open}/>`;
  if (o.kind === 'skipped') return `${open}>\n      <skipped message="${escapeXml(o.message)}"/>\n    </testcase>`;
  return `${open}>\n      <failure type="${escapeXml(o.type)}" message="${escapeXml(o.message)}">${escapeXml(o.body)}</failure>\n    </testcase>`;
}

/** Renders the JUnit XML of a report. */
export function renderJunit(report: Report): string {
  const suites = new Map<string, Case[]>();
  for (const c of report.checks) {
    const title = CATEGORY_TITLES[c.category as CategoryId] ?? c.category;
    suites.set(title, [...(suites.get(title) ?? []), caseOf(c)]);
  }
  const checked = new Set(report.checks.map((c) => c.ruleId));
  const meta = new Map<string, Finding[]>();
  for (const f of report.findings) if (!checked.has(f.ruleId) && !f.waived) meta.set(f.ruleId, [...(meta.get(f.ruleId) ?? []), f]);
  for (const [ruleId, fs] of meta) {
    const title = CATEGORY_TITLES[fs[0].category] ?? fs[0].category;
    const worst = fs[0].severity;
    suites.set(title, [...(suites.get(title) ?? []), { classname: `readiness.${fs[0].category}`, name: ruleId, outcome: { kind: 'failure', type: 'fail', message: `${worst}: ${fs.length} finding(s)`, body: findingLines(fs) } }]);
  }
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  const body: string[] = [];
  for (const [title, cases] of suites) {
    const f = cases.filter((k) => k.outcome.kind === 'failure').length;
    const s = cases.filter((k) => k.outcome.kind === 'skipped').length;
    tests += cases.length;
    failures += f;
    skipped += s;
    body.push(`  <testsuite name="${escapeXml(title)}" tests="${cases.length}" failures="${f}" errors="0" skipped="${s}" time="0">`);
    body.push(...cases.map(caseXml));
    body.push('  </testsuite>');
  }
  const time = (report.stats.durationMs / 1000).toFixed(3);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(`readiness: score ${report.score}/100, level ${report.level}`)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" time="${time}">`,
    ...body,
    '</testsuites>',
    '',
  ].join('\n');
}
