/**
 * security/no-committed-env: no `.env` file with secret values is part of the repository. `.env`,
 * `.env.local` and `.env.production` hold the real configuration of a machine: they fail when a
 * credential-named key (`*_PASSWORD`, `*_SECRET`, `*_TOKEN`...) holds a value that is neither a
 * placeholder nor a development default, or when any value looks like a real credential. A committed
 * `.env` of defaults (`COMPOSE_PROJECT_NAME=app`, `LOG_LEVEL=info`, `DB_PASSWORD=postgres`) holds no
 * secret and is not flagged, nor is a value the repository itself publishes in an example file
 * (`.env.example` holds the same `DISPATCH_ENCRYPTION_KEY=...`): a value printed in the documentation is
 * a known default, not a leaked secret. Other env files (`.env.development`, `app.env`) only fail when a value
 * looks like a real credential. Example files (`.env.example`, `.env.sample`) are documentation.
 * A guard: finding no secret earns nothing; it reads every tree, helpers included.
 * The workspace honours .gitignore, so ignored env files are already invisible here, as they are to git.
 */
import type { Evidence, RuleFinding, WorkspaceRule } from '../../core/types';
import { isTemplatePath } from '../lib/util';
import { DEV_PASSWORDS, EXAMPLE_ENV, SECRET_KEY_NAME, envEntries, isPlaceholder, looksLikeSecret, type EnvEntry } from '../lib/env-files';

/**
 * True when an entry holds a secret: a credential-named key with a value that is not a placeholder
 * or a development default (`postgres`, `dev`, a user name repeated as `user:user`), or any value that
 * looks like a real credential.
 */
function holdsSecret(e: EnvEntry, published: Set<string>): boolean {
  if (published.has(e.value.trim())) return false;
  if (looksLikeSecret(e.value)) return true;
  if (!SECRET_KEY_NAME.test(e.key) || isPlaceholder(e.value)) return false;
  const v = e.value.trim();
  if (DEV_PASSWORDS.test(v) || /^(localhost|127\.0\.0\.1|0\.0\.0\.0)(:\d+)?$/.test(v) || /^\d{1,6}$/.test(v)) return false;
  const pair = /^([^:\s]+):([^:\s]+)$/.exec(v);
  if (pair && pair[1] === pair[2]) return false;
  // A URL is a secret only when it carries a password that is not a development default (looksLikeSecret).
  if (/^[a-z][\w+.-]*:\/\//i.test(v)) return false;
  return true;
}

/** Env files that hold a machine's real configuration by convention. */
const PRIVATE_ENV = /^\.env(\.local|\.[\w-]+\.local|\.prod|\.production|\.staging|\.live)?$/i;

export const rule: WorkspaceRule = {
  id: 'security/no-committed-env',
  category: 'security',
  severity: 'critical',
  level: 'prototype',
  title: 'No .env file with values is committed',
  rationale: 'A committed .env publishes every credential it holds to anyone who can clone the repository, forever, through the git history.',
  related: [{ tool: 'secretlint', id: '@secretlint/secretlint-rule-no-dotenv' }],
  scope: 'workspace',
  guard: true,
  roles: 'all',
  check({ ws }) {
    const findings: RuleFinding[] = [];
    const evidence: Evidence[] = [];
    // Values the repository publishes in its example files: documentation, hence not secrets.
    const published = new Set<string>();
    for (const f of ws.filesOfKind('env')) {
      if (!EXAMPLE_ENV.test(f.path) && !isTemplatePath(f.path)) continue;
      for (const e of envEntries(f)) if (!e.commented && e.value.trim().length >= 8) published.add(e.value.trim());
    }
    for (const f of ws.filesOfKind('env')) {
      if (EXAMPLE_ENV.test(f.path) || isTemplatePath(f.path)) continue;
      const base = f.path.slice(f.path.lastIndexOf('/') + 1);
      const entries = envEntries(f).filter((e) => !e.commented && !isPlaceholder(e.value));
      if (PRIVATE_ENV.test(base)) {
        const secretEntries = entries.filter((e) => holdsSecret(e, published));
        if (secretEntries.length === 0) {
          const keys = entries.map((e) => e.key);
          evidence.push({ message: entries.length === 0 ? `${f.path} has no values` : `${f.path} holds only defaults and placeholders, no secret (${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', ...' : ''})`, file: f.path });
          continue;
        }
        const keys = secretEntries.map((e) => e.key);
        findings.push({
          message: `${f.path} is committed with secret value(s) for ${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', ...' : ''}; remove it from git (git rm --cached ${f.path}), add it to .gitignore, rotate the secrets it held and document the keys in .env.example`,
          file: f.path,
          range: secretEntries[0].keyRange,
          data: { keys },
        });
        continue;
      }
      const secrets = entries.filter((e) => !published.has(e.value.trim()) && looksLikeSecret(e.value));
      if (secrets.length === 0) {
        evidence.push({ message: `${f.path} holds no real-looking secret`, file: f.path });
        continue;
      }
      findings.push({
        message: `${f.path} holds real-looking secret value(s) for ${secrets.map((e) => e.key).slice(0, 5).join(', ')}; move them to a secret store or an uncommitted .env, and rotate them`,
        file: f.path,
        range: secrets[0].keyRange,
        data: { keys: secrets.map((e) => e.key) },
      });
    }
    if (findings.length === 0) {
      if (evidence.length === 0) evidence.push({ message: 'no .env file with values is in the repository' });
      return { status: 'pass', findings, evidence };
    }
    return { status: 'fail', findings, evidence };
  },
};
