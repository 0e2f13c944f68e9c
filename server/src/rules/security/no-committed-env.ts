/**
 * security/no-committed-env: no `.env` file with values is part of the repository. `.env`,
 * `.env.local` and `.env.production` hold the real configuration of a machine and must never be
 * committed; other env files (`.env.development`, `app.env`) only fail when they carry a value that
 * looks like a real credential. Example files (`.env.example`, `.env.sample`) are documentation.
 * The workspace honours .gitignore, so ignored env files are already invisible here, as they are to git.
 */
import type { Evidence, RuleFinding, WorkspaceRule } from '../../core/types';
import { isTemplatePath } from '../lib/util';
import { EXAMPLE_ENV, envEntries, isPlaceholder, looksLikeSecret } from '../lib/env-files';

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
  check({ ws }) {
    const findings: RuleFinding[] = [];
    const evidence: Evidence[] = [];
    for (const f of ws.filesOfKind('env')) {
      if (EXAMPLE_ENV.test(f.path) || isTemplatePath(f.path)) continue;
      const base = f.path.slice(f.path.lastIndexOf('/') + 1);
      const entries = envEntries(f).filter((e) => !e.commented && !isPlaceholder(e.value));
      if (PRIVATE_ENV.test(base)) {
        if (entries.length === 0) {
          evidence.push({ message: `${f.path} has no values`, file: f.path });
          continue;
        }
        const keys = entries.map((e) => e.key);
        findings.push({
          message: `${f.path} is committed with ${entries.length} value(s) (${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', ...' : ''}); remove it from git (git rm --cached ${f.path}), add it to .gitignore, rotate any secret it held and document the keys in .env.example`,
          file: f.path,
          range: entries[0].keyRange,
          data: { keys },
        });
        continue;
      }
      const secrets = entries.filter((e) => looksLikeSecret(e.value));
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
