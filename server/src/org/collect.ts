/**
 * Reads the JSON reports of an organisation's repositories (`readiness org REPORTS_DIR`): one report
 * per repository, or several with different dates for a trend. The repository's name is the first
 * path segment under the folder without `.json`, so `reports/api.json`, `reports/api/readiness.json`
 * (one artifact folder per repository, as `actions/download-artifact` lays them out) and
 * `reports/api/2026-01-31.json` all belong to `api`. Files that are not readiness JSON reports are
 * listed as problems, never silently dropped. Symbolic links are not followed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The parts of a JSON report the organisation's scorecard uses. */
export interface OrgReport {
  repository: string;
  /** The report's path relative to the reports folder, POSIX separators. */
  file: string;
  generatedAt: string | null;
  score: number;
  level: string;
  categories: { id: string; title: string; score: number | null }[];
  checks: { ruleId: string; title: string; category: string; severity: string; status: string }[];
  /** Points each failing or partial check is worth in this repository's overall score. */
  points: Map<string, number>;
}

/** What was read, and what could not be. */
export interface Collected {
  reports: OrgReport[];
  problems: string[];
}

/** Reports larger than this are skipped with a problem (a JSON report of a huge monorepo is a few MB). */
const MAX_REPORT_BYTES = 64 * 1024 * 1024;
/** How deep the folder is walked. */
const MAX_DEPTH = 4;

const str = (v: unknown): v is string => typeof v === 'string';
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Parses one JSON report; a string says why it is not one. */
export function parseOrgReport(text: string, repository: string, file: string): OrgReport | string {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return `not JSON (${(e as Error).message})`;
  }
  const d = doc as Record<string, unknown>;
  if (typeof d !== 'object' || d === null || d.schemaVersion !== 1 || !num(d.score) || !str(d.level) || !Array.isArray(d.categories) || !Array.isArray(d.checks)) {
    return 'not a readiness JSON report (`readiness audit --format json`)';
  }
  const categories = d.categories
    .filter((c): c is Record<string, unknown> => typeof c === 'object' && c !== null && str((c as Record<string, unknown>).id))
    .map((c) => ({ id: c.id as string, title: str(c.title) ? c.title : (c.id as string), score: num(c.score) ? c.score : null }));
  const checks = d.checks
    .filter((c): c is Record<string, unknown> => typeof c === 'object' && c !== null && str((c as Record<string, unknown>).ruleId) && str((c as Record<string, unknown>).status))
    .map((c) => ({
      ruleId: c.ruleId as string,
      title: str(c.title) ? c.title : (c.ruleId as string),
      category: str(c.category) ? c.category : '',
      severity: str(c.severity) ? c.severity : 'medium',
      status: c.status as string,
    }));
  const points = new Map<string, number>();
  if (Array.isArray(d.nextSteps)) {
    for (const s of d.nextSteps as Record<string, unknown>[]) if (s && str(s.ruleId) && num(s.points)) points.set(s.ruleId, s.points);
  }
  const generatedAt = str(d.generatedAt) && !Number.isNaN(Date.parse(d.generatedAt)) ? d.generatedAt : null;
  return { repository, file, generatedAt, score: d.score, level: d.level, categories, checks, points };
}

/** Reads every `*.json` report under a folder. Throws only when the folder itself cannot be read. */
export function collectReports(dir: string): Collected {
  const reports: OrgReport[] = [];
  const problems: string[] = [];
  const walk = (abs: string, rel: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch (e) {
      if (depth === 0) throw e;
      problems.push(`${rel}: could not be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      const childAbs = path.join(abs, e.name);
      if (e.isSymbolicLink()) {
        problems.push(`${childRel}: a symbolic link, not followed`);
      } else if (e.isDirectory()) {
        if (depth + 1 > MAX_DEPTH) problems.push(`${childRel}: deeper than ${MAX_DEPTH} folders, not read`);
        else walk(childAbs, childRel, depth + 1);
      } else if (e.isFile() && e.name.toLowerCase().endsWith('.json')) {
        const repository = childRel.includes('/') ? childRel.split('/')[0] : e.name.replace(/\.json$/i, '');
        let text: string;
        try {
          const size = fs.statSync(childAbs).size;
          if (size > MAX_REPORT_BYTES) {
            problems.push(`${childRel}: ${size} bytes, over the ${MAX_REPORT_BYTES}-byte limit; skipped`);
            continue;
          }
          text = fs.readFileSync(childAbs, 'utf8');
        } catch (err) {
          problems.push(`${childRel}: could not be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
          continue;
        }
        const parsed = parseOrgReport(text, repository, childRel);
        if (typeof parsed === 'string') problems.push(`${childRel}: ${parsed}; skipped`);
        else reports.push(parsed);
      }
    }
  };
  walk(dir, '', 0);
  return { reports, problems };
}
