/**
 * Inline suppressions: `# readiness-ignore docker/healthcheck -- runs as a cron job`, the same after
 * `//`, and the Markdown form `<!-- readiness-ignore ops/runbook -- reason -->`. A suppression covers
 * findings on its own line and on the next line that is not blank or a comment;
 * `readiness-ignore-file` covers the whole file.
 */
import type { SourceFile } from './source';

/** One suppression comment. */
export interface Suppression {
  /** Zero-based line of the comment. */
  line: number;
  /** The lines it covers (zero-based); empty for whole-file suppressions. */
  covers: number[];
  wholeFile: boolean;
  rules: string[];
  reason?: string;
}

const PATTERN = /(?:^|\s)(?:#|\/\/|<!--)\s*readiness-ignore(-file)?\s+([a-z0-9*][\w\-/*]*(?:\s*,\s*[a-z0-9*][\w\-/*]*)*)(?:\s+--\s*(.*?))?\s*(?:-->)?\s*$/i;

/** Finds the suppression comments of a file. Cheap when the file has none. */
export function findSuppressions(file: SourceFile): Suppression[] {
  if (!file.text.includes('readiness-ignore')) return [];
  const out: Suppression[] = [];
  const lines = file.lines;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.includes('readiness-ignore')) continue;
    const m = PATTERN.exec(line);
    if (!m) continue;
    const rules = m[2].split(/\s*,\s*/).filter(Boolean);
    const reason = m[3]?.replace(/-->\s*$/, '').trim() || undefined;
    const wholeFile = Boolean(m[1]);
    const covers: number[] = [];
    if (!wholeFile) {
      covers.push(i);
      const before = line.slice(0, m.index).trim();
      if (!before) {
        for (let j = i + 1; j < lines.length; j++) {
          const t = lines[j].trim();
          if (!t || PATTERN.test(lines[j]) || /^(#|\/\/|<!--)/.test(t)) continue;
          covers.push(j);
          break;
        }
      }
    }
    out.push({ line: i, covers, wholeFile, rules, reason });
  }
  return out;
}

/** True when a suppression names a rule (exactly, or by a `category/*` or `*` wildcard). */
export function suppressionMatches(s: Suppression, ruleId: string): boolean {
  return s.rules.some((r) => r === ruleId || r === '*' || (r.endsWith('/*') && ruleId.startsWith(r.slice(0, -1))));
}
