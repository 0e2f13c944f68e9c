/**
 * Fingerprints of findings that survive line moves, as SARIF `partialFingerprints` do: a hash of the
 * rule, the file and the normalised content of the finding's own lines (not their numbers), with an
 * occurrence counter for identical lines. Baselines (`readiness baseline`, `audit --baseline`), report
 * diffs and SARIF results all use the same value, so a finding keeps its identity when code above it
 * is added or removed, and becomes new when its own line changes.
 *
 * Findings without a position (about the repository, or a whole file) hash their message instead,
 * with digits left out so that counts and line numbers inside a message do not make it new.
 */
import { createHash } from 'node:crypto';
import type { Finding } from './types';

/** How many lines of a multi-line finding take part in its fingerprint. */
const MAX_CONTEXT_LINES = 5;

/** Collapses whitespace so that re-indenting a line keeps its fingerprint. */
function normaliseLine(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}

/** A message without its numbers and extra whitespace. */
export function normaliseMessage(message: string): string {
  return message.replace(/\d+(?:\.\d+)?/g, '#').replace(/\s+/g, ' ').trim();
}

/** The text a finding's fingerprint is computed from. */
function contextOf(f: Finding, linesOf: (file: string) => readonly string[] | undefined): string {
  if (f.file && f.range) {
    const lines = linesOf(f.file);
    if (lines) {
      const end = Math.min(f.range.end.line, f.range.start.line + MAX_CONTEXT_LINES - 1, lines.length - 1);
      const picked: string[] = [];
      for (let i = Math.max(0, f.range.start.line); i <= end; i++) picked.push(normaliseLine(lines[i] ?? ''));
      const text = picked.join('\n');
      if (text.trim()) return `lines:${text}`;
    }
  }
  return `message:${normaliseMessage(f.message)}`;
}

/** The hash part of a fingerprint (16 hex digits of SHA-256). */
function hashOf(ruleId: string, file: string | null, context: string): string {
  return createHash('sha256').update(`${ruleId}\u0000${file ?? ''}\u0000${context}`).digest('hex').slice(0, 16);
}

/**
 * Sets `fingerprint` on every finding: `<hash>:<n>`, where `n` counts earlier findings of the same
 * hash (1 for the first). `linesOf` gives a file's lines, or undefined when it cannot be read.
 */
export function fingerprintFindings(findings: Finding[], linesOf: (file: string) => readonly string[] | undefined): void {
  const seen = new Map<string, number>();
  for (const f of findings) {
    const hash = hashOf(f.ruleId, f.file, contextOf(f, linesOf));
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    f.fingerprint = `${hash}:${n}`;
  }
}

/** A fingerprint from the message alone, for findings that were never fingerprinted by an audit. */
export function messageFingerprint(f: Pick<Finding, 'ruleId' | 'file' | 'message'>): string {
  return `${hashOf(f.ruleId, f.file, `message:${normaliseMessage(f.message)}`)}:1`;
}
