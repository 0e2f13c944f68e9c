/**
 * Recognises files that readiness itself wrote (a baseline, a JSON or SARIF report, a Code Climate or
 * JUnit report, a report diff, the organisation's scorecard page) so that the audit never takes its
 * own output as evidence: a committed baseline quotes every rule's message ("Content-Security-Policy",
 * "HEALTHCHECK", ...), and a page with our content security policy is not the product's. Recognition
 * is by content, in the first few kilobytes, because the names are the user's choice.
 */

/** How much of a file's start is looked at. */
const HEAD = 4096;

const MARKERS: { kind: string; re: RegExp }[] = [
  { kind: 'baseline', re: /^\s*\{\s*"kind"\s*:\s*"readiness-baseline"/ },
  { kind: 'report diff', re: /^\s*\{\s*"kind"\s*:\s*"readiness-diff"/ },
  { kind: 'JSON report', re: /^\s*\{\s*"schemaVersion"\s*:\s*1\s*,\s*"tool"\s*:\s*\{\s*"name"\s*:\s*"readiness"/ },
  { kind: 'SARIF report', re: /^\s*\{\s*"\$schema"\s*:\s*"[^"]*sarif[^"]*"[\s\S]*?"driver"\s*:\s*\{\s*"name"\s*:\s*"readiness"/ },
  { kind: 'Code Climate report', re: /^\s*\[\s*\{\s*"type"\s*:\s*"issue"\s*,\s*"check_name"\s*:\s*"[a-z][a-z0-9-]*\/[a-z0-9-]+"[\s\S]*?"fingerprint"\s*:\s*"[0-9a-f]{32}"/ },
  { kind: 'JUnit report', re: /^<\?xml[^>]*\?>\s*<testsuites name="readiness: score / },
  { kind: 'organisation scorecard', re: /<meta name="generator" content="readiness org">/ },
];

/** The kind of readiness output a text is, or undefined when it is not one. */
export function readinessOutputKind(text: string): string | undefined {
  const head = text.slice(0, HEAD);
  return MARKERS.find((m) => m.re.test(head))?.kind;
}
