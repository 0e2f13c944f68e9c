/**
 * `--format codeclimate`: the Code Climate issue list that GitLab reads as a Code Quality report
 * (`artifacts: reports: codequality`). Each open finding is one issue with `description`,
 * `check_name`, `fingerprint`, `severity` and `location.path` / `location.lines.begin`. The fingerprint
 * is derived from the finding's own (line-move-proof) fingerprint, so merge requests show findings as
 * new or resolved exactly as `readiness diff` does. Waived findings are left out.
 */
import { createHash } from 'node:crypto';
import { messageFingerprint } from '../core/fingerprint';
import type { CategoryId, Report, Severity } from '../core/types';
import { matchKey } from './baseline';
import { repositoryAnchor } from './sarif';
import { stripControl } from './safe-text';

/** Code Climate severities, as GitLab shows them. */
const SEVERITY: Record<Severity, 'blocker' | 'critical' | 'major' | 'minor' | 'info'> = { critical: 'critical', high: 'major', medium: 'minor', low: 'info' };

/** Code Climate's categories for ours (the spec requires at least one). */
function categoriesOf(c: CategoryId): string[] {
  if (c === 'security') return ['Security'];
  if (c === 'performance') return ['Performance'];
  if (c === 'quality' || c === 'documentation') return ['Style'];
  return ['Bug Risk'];
}

/** One issue of the report. */
export interface CodeClimateIssue {
  type: 'issue';
  check_name: string;
  description: string;
  categories: string[];
  severity: string;
  fingerprint: string;
  location: { path: string; lines: { begin: number; end?: number } };
}

/** The Code Climate issues of a report. */
export function toCodeClimate(report: Report): CodeClimateIssue[] {
  const anchor = repositoryAnchor(report);
  return report.findings
    .filter((f) => !f.waived)
    .map((f) => {
      const fp = f.fingerprint ?? messageFingerprint(f);
      const begin = f.range ? f.range.start.line + 1 : 1;
      const end = f.range ? f.range.end.line + 1 : undefined;
      return {
        type: 'issue' as const,
        check_name: f.ruleId,
        description: stripControl(f.file ? f.message : `${f.message} (repository)`),
        categories: categoriesOf(f.category),
        severity: SEVERITY[f.severity],
        fingerprint: createHash('sha256').update(matchKey({ ruleId: f.ruleId, file: f.file, fingerprint: fp })).digest('hex').slice(0, 32),
        location: { path: f.file ?? anchor, lines: end !== undefined && end > begin ? { begin, end } : { begin } },
      };
    });
}

/** Renders the Code Climate JSON. */
export function renderCodeClimate(report: Report): string {
  return JSON.stringify(toCodeClimate(report), null, 2) + '\n';
}
