/**
 * Loads secretlint (`@secretlint/core` with the recommended preset) once, lazily, and lints one text.
 *
 * secretlint ships as ES modules only. It is loaded with `require()`, which loads ES modules natively
 * from Node 20.19 on (the tests run from tsc's CommonJS output); the esbuild bundles inline the
 * modules, so the extension works on any Node. Not `import()`: in the CLI's build the modules are a
 * file of their own, and Node's ES module loader would scan all of it for its exports first. Loading is lazy: security/no-hardcoded-secrets loads it on the first file
 * the prefilter below passes, so audits of repositories without a candidate never pay for it (and the
 * CLI's build keeps it in a file of its own, see `esbuild.mjs`).
 *
 * secretlint 11 profiles every run with `performance.mark()` and an observer whose work grows with
 * the number of marks (secretlint issues #1633 and #1653, fixed upstream in later majors by
 * `setEnabled`); we turn the profiler off before the first lint, which makes a scan of 2,000 files
 * several times faster and keeps memory flat.
 */

/** One secret secretlint found. */
export interface SecretHit {
  /** Short rule id, e.g. `github`. */
  rule: string;
  messageId: string;
  /** The kind of secret, e.g. "GitHub Token(GitHub personal access tokens)"; never the secret itself. */
  label: string;
  /** Offsets in the text. */
  start: number;
  end: number;
}

type LintSource = (input: {
  source: { filePath: string; content: string; ext: string; contentType: 'text' };
  options: { config: { rules: unknown[] }; noPhysicFilePath?: boolean; maskSecrets?: boolean };
}) => Promise<{ messages: { ruleId: string; messageId?: string; message: string; range: readonly [number, number] | number[]; type?: string }[] }>;

interface Linter {
  lint(path: string, text: string): Promise<SecretHit[]>;
}

let loading: Promise<Linter> | undefined;

/** Loads secretlint once; rejects when the modules cannot be loaded. */
export function loadSecretlint(): Promise<Linter> {
  loading ??= (async () => {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const prof = require('@secretlint/profiler') as unknown as { secretLintProfiler?: { mark?: unknown; setEnabled?: (on: boolean) => void } };
      const p = prof.secretLintProfiler;
      if (p && typeof p.setEnabled === 'function') p.setEnabled(false);
      else if (p) p.mark = () => undefined;
    } catch {
      /* Without the profiler patch secretlint is slower, not wrong. */
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const core = require('@secretlint/core') as unknown as { lintSource: LintSource };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const preset = require('@secretlint/secretlint-rule-preset-recommend') as unknown as { creator: unknown };
    const config = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: preset.creator }] };
    return {
      async lint(path: string, text: string): Promise<SecretHit[]> {
        const dot = path.lastIndexOf('.');
        const ext = dot > path.lastIndexOf('/') ? path.slice(dot) : '';
        const res = await core.lintSource({ source: { filePath: path, content: text, ext, contentType: 'text' }, options: { config, noPhysicFilePath: true } });
        return res.messages
          .filter((m) => m.type !== 'ignore' && Array.isArray(m.range) && m.range.length === 2)
          .map((m) => ({
            rule: m.ruleId.replace(/^@secretlint\/secretlint-rule-/, ''),
            messageId: m.messageId ?? '',
            label: m.message.replace(/^found\s+/i, '').replace(/:\s[\s\S]*$/, '').slice(0, 120),
            start: m.range[0],
            end: m.range[1],
          }));
      },
    };
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/**
 * A cheap superset of what the recommended preset reports: a file that matches none of these cannot
 * hold a finding, so secretlint only sees the few files that might. Keep in step with the preset
 * (the tests check every sample the preset flags against this filter).
 */
const LIKELY_CASE = /AKIA|ASIA|A3T[A-Z0-9]|PRIVATE KEY|_authToken|npm_[A-Za-z0-9_]{36}|x-oauth-basic|xox[a-z]-|xapp-|hooks\.slack\.com|SG\.[\w-]|shp(?:pa|ca|at|ss)_|gh[pousr]_|github_pat_|T3BlbkFJ|sk-ant-|lin_api_|ops_ey|private_key/;
/** A URL with credentials; only tried on texts that hold `://` at all (most do not). */
const LIKELY_URL = /:\/\/[^\s/:@]{1,256}:[^\s/@]{1,256}@/;
const LIKELY_NOCASE = /secret_?access_?key|account_?(?:id)?["']?\s*(?::|=>|=)\s*["']?\d{4}/i;

/** True when a text might hold a secret the preset reports. */
export function mightHoldSecret(text: string): boolean {
  return LIKELY_CASE.test(text) || (text.includes('://') && text.includes('@') && LIKELY_URL.test(text)) || LIKELY_NOCASE.test(text);
}
