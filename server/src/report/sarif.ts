/**
 * SARIF 2.1.0 output for GitHub code scanning and other SARIF viewers. Every rule is described with
 * help text and a `helpUri`; results carry physical locations relative to the repository root, and
 * findings about the repository as a whole point at the manifest or the README (code scanning needs a
 * file), flagged with `repositoryLevel`.
 */
import type * as Sarif from 'sarif';
import { messageFingerprint } from '../core/fingerprint';
import { SEVERITY_LEVEL, type Finding, type Report, type Rule, type Severity } from '../core/types';
import { ruleDocsUrl } from '../version';
import { markdownText } from './safe-text';
import { MANIFEST_NAMES } from '../core/manifest-names';

/** The name of our fingerprint in `partialFingerprints` (v2: content of the lines, not the message). */
export const FINGERPRINT_KEY = 'readiness/v2';

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = SEVERITY_LEVEL;
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.0', high: '7.5', medium: '5.0', low: '2.5' };

/** Builds the SARIF log of a report. `rules` is the catalogue, for rule descriptions. */
export function toSarif(report: Report, rules: Rule[]): Sarif.Log {
  const used = new Set(report.findings.map((f) => f.ruleId));
  const byId = new Map(rules.map((r) => [r.id, r]));
  const ids = [...new Set([...rules.map((r) => r.id), ...used])].filter((id) => used.has(id));
  const index = new Map(ids.map((id, i) => [id, i]));
  const anchor = repositoryAnchor(report);
  const driverRules: Sarif.ReportingDescriptor[] = ids.map((id) => {
    const r = byId.get(id);
    const check = report.checks.find((c) => c.ruleId === id);
    const title = r?.title ?? check?.title ?? id;
    const severity = r?.severity ?? check?.severity ?? 'medium';
    const related = r?.related?.map((x) => `${x.tool} ${x.id}`).join(', ');
    const helpText = `${title}.\n\n${r?.rationale ?? ''}${related ? `\n\nEquivalent checks: ${related}.` : ''}`;
    return {
      id,
      name: id.replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')),
      shortDescription: { text: title },
      fullDescription: { text: r?.rationale ?? title },
      // Custom checks carry the repository's own title and message: escaped, they cannot become markup.
      help: { text: helpText, markdown: `**${markdownText(title)}**\n\n${markdownText(r?.rationale ?? '')}${related ? `\n\nEquivalent checks: ${markdownText(related)}.` : ''}\n\n[Documentation](${encodeURI(r?.docs ?? ruleDocsUrl(id))})` },
      helpUri: r?.docs ?? ruleDocsUrl(id),
      defaultConfiguration: { level: LEVEL[severity] },
      properties: {
        category: r?.category ?? check?.category,
        // SARIF requires unique tags; security rules are tagged `security` once.
        tags: [...new Set([r?.category ?? check?.category ?? 'readiness', ...(r?.category === 'security' ? ['security'] : [])])],
        precision: 'high',
        ...(r?.category === 'security' ? { 'security-severity': SECURITY_SEVERITY[severity] } : {}),
      },
    };
  });
  const results: Sarif.Result[] = report.findings.map((f) => result(f, index.get(f.ruleId) ?? 0, anchor));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'readiness',
            fullName: 'Production Readiness',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: 'https://github.com/production-readiness/production-readiness',
            rules: driverRules,
          },
        },
        automationDetails: { id: 'readiness/' },
        columnKind: 'utf16CodeUnits',
        results,
        properties: { score: report.score, level: report.level },
      },
    ],
  };
}

/** The file that findings about the repository as a whole point at (code scanning needs a file). */
export function repositoryAnchor(report: Report): string {
  const files = new Set(report.findings.map((f) => f.file).filter(Boolean) as string[]);
  for (const cand of [...MANIFEST_NAMES, 'README.md', 'readme.md', 'README']) if (files.has(cand)) return cand;
  return 'README.md';
}

function result(f: Finding, ruleIndex: number, anchor: string): Sarif.Result {
  const physical: Sarif.PhysicalLocation = f.file
    ? {
        artifactLocation: { uri: encodePath(f.file), uriBaseId: '%SRCROOT%' },
        region: f.range
          ? { startLine: f.range.start.line + 1, startColumn: f.range.start.character + 1, endLine: f.range.end.line + 1, endColumn: Math.max(f.range.end.character + 1, f.range.end.line > f.range.start.line ? 1 : f.range.start.character + 2) }
          : { startLine: 1 },
      }
    : { artifactLocation: { uri: encodePath(anchor), uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } };
  const r: Sarif.Result = {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: f.message + (f.fix ? ` Fix: ${f.fix.title}.` : '') },
    locations: [{ physicalLocation: physical }],
    // The same fingerprint as baselines and diffs: rule, file and the content of the finding's lines.
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint ?? messageFingerprint(f) },
  };
  if (f.baselineState) r.baselineState = f.baselineState;
  if (!f.file || f.folded?.length) r.properties = { ...(!f.file ? { repositoryLevel: true } : {}), ...(f.folded?.length ? { folded: [...f.folded] } : {}) };
  if (f.waived) r.suppressions = [{ kind: f.waived.by === 'inline' ? 'inSource' : 'external', justification: `${f.waived.reason}${f.waived.note ? `: ${f.waived.note}` : ''}` }];
  return r;
}

function encodePath(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}

/** Renders the SARIF log as text. */
export function renderSarif(report: Report, rules: Rule[]): string {
  return JSON.stringify(toSarif(report, rules), null, 2) + '\n';
}
