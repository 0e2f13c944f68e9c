/**
 * security/no-hardcoded-secrets: no API token, private key or credential-bearing URL is written into
 * the code or configuration. Detection is secretlint's recommended preset (AWS, GCP, GitHub, Slack,
 * npm, OpenAI, Anthropic, database URLs...), run over source, config, YAML/JSON, env, Dockerfiles,
 * compose, workflows, manifests and Markdown. Tests, fixtures and examples are skipped: they hold fake
 * tokens on purpose. A cheap prefilter hands secretlint only the files that could hold a finding,
 * and results are cached per file version so the editor re-lints only what changed. secretlint reads
 * a PEM key only with real line breaks; a key pasted into a string literal with `\n` escapes is found
 * here too (`escapedPemKeys`). So is a credential the code falls back to when the environment does not set it
 * (`process.env.JWT_SECRET || 'superSecret'`, `os.getenv("SECRET_KEY", "...")`): whoever runs the service
 * without the variable uses a key published in the repository.
 */
import type { FileKind, RuleFinding, WorkspaceRule } from '../../core/types';
import type { SourceFile } from '../../core/source';
import { isTemplatePath, isTestPath } from '../lib/util';
import { DEV_PASSWORDS, isPlaceholder } from '../lib/env-files';
import { inLiteral } from '../../core/code-mask';
import { loadSecretlint, mightHoldSecret, type SecretHit } from '../lib/secretlint';

const KINDS: FileKind[] = ['source', 'config', 'yaml', 'json', 'env', 'dockerfile', 'compose', 'workflow', 'k8s', 'markdown', 'package-json', 'toml'];
const SKIP = /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|poetry\.lock|uv\.lock|Pipfile\.lock|Cargo\.lock|go\.sum|Gemfile\.lock|composer\.lock)$|\.min\.(js|css)$|\.map$/;
const cache = new WeakMap<SourceFile, SecretHit[]>();

export const rule: WorkspaceRule = {
  id: 'security/no-hardcoded-secrets',
  category: 'security',
  severity: 'critical',
  level: 'prototype',
  title: 'No secrets are hard-coded in code or configuration',
  rationale: 'A token in the code is readable by everyone with access to the repository and stays in its history after deletion; secrets belong in the environment or a secret store.',
  related: [{ tool: 'secretlint', id: '@secretlint/secretlint-rule-preset-recommend' }],
  scope: 'workspace',
  guard: true,
  roles: 'all',
  async check({ ws }) {
    // secretlint is loaded on the first file that might hold a secret (most repositories have none).
    let linter: Awaited<ReturnType<typeof loadSecretlint>> | undefined;
    const findings: RuleFinding[] = [];
    let scanned = 0;
    let linted = 0;
    for (const kind of KINDS) {
      for (const p of ws.pathsOfKind(kind)) {
        if (SKIP.test(p) || isTemplatePath(p) || isTestPath(p)) continue;
        const f = ws.read(p);
        if (!f) continue;
        scanned++;
        let hits = cache.get(f);
        if (!hits) {
          hits = [];
          if (mightHoldSecret(f.text)) {
            try {
              linter ??= await loadSecretlint();
            } catch (e) {
              return { status: 'not-applicable', findings: [], reason: `secretlint could not be loaded (${String((e as Error).message).split('\n')[0]}); secrets were not scanned` };
            }
            linted++;
            hits = (await linter.lint(p, f.text)).filter((h) => !isDevCredential(f.text.slice(h.start, h.end)) && !isWordLike(f.text.slice(h.start, h.end)));
            for (const k of escapedPemKeys(f.text)) if (!hits.some((h) => h.start < k.end && k.start < h.end)) hits.push(k);
          }
          if (kind === 'source') hits.push(...fallbackSecrets(f));
          cache.set(f, hits);
        }
        for (const h of hits) {
          if (h.rule === 'fallback') {
            findings.push({ message: `hard-coded ${h.label}: require the variable at start-up instead (fail when it is missing), and rotate the value: it stays in the git history`, file: p, range: f.rangeOf(h.start, h.end) });
            continue;
          }
          findings.push({
            message: `hard-coded ${h.label} (secretlint ${h.rule}); move it to an environment variable or a secret store, and rotate it: it stays in the git history`,
            file: p,
            range: f.rangeOf(h.start, h.end),
            data: { secretlintRule: `@secretlint/secretlint-rule-${h.rule}`, messageId: h.messageId },
          });
        }
      }
    }
    const evidence = [{ message: `secretlint scanned ${scanned} file(s) (${linted} after the prefilter); tests, fixtures and examples are skipped` }];
    return findings.length === 0 ? { status: 'pass', findings, evidence } : { status: 'fail', findings, evidence };
  },
};

/** A PEM private key inside a string literal, its line breaks written as `\n` or `\r\n` escapes. */
const ESCAPED_PEM = /-----BEGIN ((?:RSA |DSA |EC |OPENSSH |ENCRYPTED )?PRIVATE KEY)-----(?:\\r)?\\n(?:\\[rn]|[A-Za-z0-9+/=]){64,}?-----END \1-----/g;

/** Private keys written into string literals with escaped line breaks (secretlint only reads real ones). */
function escapedPemKeys(text: string): SecretHit[] {
  if (!text.includes('PRIVATE KEY-----\\')) return [];
  return [...text.matchAll(ESCAPED_PEM)].map((m) => ({
    rule: 'privatekey',
    messageId: 'PRIVATE_KEY',
    label: `${m[1].replace(/ ?PRIVATE KEY/, '').trim() || 'PEM'} private key in a string literal`,
    start: m.index ?? 0,
    end: (m.index ?? 0) + m[0].length,
  }));
}

/**
 * Real tokens mix cases and digits; a match made of lower-case words (`npm_config_dangerously_allow_all_scripts`
 * has the shape of an npm token) is an identifier.
 */
function isWordLike(match: string): boolean {
  return /^[a-z]+(_[a-z]+)+$/.test(match);
}

/** A URL whose password is a local-development default (`postgres:postgres@db`) is not a leaked secret. */
function isDevCredential(match: string): boolean {
  const m = /:\/\/([^:/@\s]+):([^@/\s]+)@/.exec(match);
  if (!m) return false;
  return m[1] === m[2] || DEV_PASSWORDS.test(m[2]);
}

/** Variable names that hold a credential (not its URL, path, name or lifetime). */
const SECRET_VAR = /(?:SECRET|TOKEN|PASSWORD|PASSWD|API_?KEY|PRIVATE_?KEY|SIGNING_?KEY|JWT_?KEY)(?!\w*_(?:URL|URI|PATH|FILE|NAME|HEADER|ALGORITHM|ALG|EXPIRES?|EXPIRY|TTL|LIFETIME|LENGTH|LEN|SIZE|PREFIX|TYPE|RATE|LIMIT|TIMEOUT|COUNT|MAX|MIN|ENABLED?|MODE|SCOPES?|ENDPOINT|HOST|PORT))/i;
/** A secret read from the environment with a literal fallback: `process.env.JWT_SECRET || 'superSecret'`, `os.getenv("SECRET_KEY", "...")`. */
const FALLBACK = [
  /process\.env(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\])\s*(?:\|\||\?\?)\s*(['"`])([^'"`\n]*)\3/g,
  /\bos\.(?:getenv|environ\.get)\(\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*,\s*(?:default\s*=\s*)?()(['"])([^'"\n]*)\3/g,
];

/**
 * A credential the code falls back to when the environment does not set it: whoever runs the service
 * without that variable signs or authenticates with a key published in the repository.
 */
function fallbackSecrets(f: SourceFile): SecretHit[] {
  if (!/process\.env|os\.(?:getenv|environ)/.test(f.text)) return [];
  const out: SecretHit[] = [];
  for (const re of FALLBACK) {
    for (const m of f.text.matchAll(re)) {
      const name = m[1] ?? m[2];
      const value = m[4];
      const at = m.index ?? 0;
      if (!name || !SECRET_VAR.test(name) || value.length < 4 || isPlaceholder(value) || DEV_PASSWORDS.test(value) || value.includes('${') || inLiteral(f, at)) continue;
      const start = at + m[0].lastIndexOf(value);
      out.push({ rule: 'fallback', messageId: 'FALLBACK_SECRET', label: `fallback value for ${name} (used whenever the environment does not set it)`, start, end: start + value.length });
    }
  }
  return out;
}
