/**
 * security/no-private-keys: no private key file is committed: SSH keys (`id_rsa`, `id_ed25519`...),
 * PKCS#12 bundles, and `.pem`/`.key` files whose content is a PEM private key (a `.pem` holding only a
 * certificate is fine). Throw-away test keys are only counted as evidence: keys in test, fixture and
 * other helper trees (`core/roles.ts`), keys whose name says so (`test_key.pem`, `dummy.key`,
 * `snakeoil.pem`), and keys that only tests load (their path appears in test code and in no product
 * code). Keys pasted inside code are `security/no-hardcoded-secrets`' job.
 */
import type { Evidence, RuleFinding, WorkspaceRule } from '../../core/types';
import { roleMap } from '../../core/roles';
import { isTemplatePath, isTestPath } from '../lib/util';

const SSH_KEY = /^id_(rsa|dsa|ecdsa|ed25519)(_[\w-]+)?$/;
const KEY_BUNDLE = /\.(p12|pfx)$/i;
const PEM_FILE = /\.(pem|key|p8|priv|private)$/i;
/** Key names that say the key is a throw-away one. */
const TEST_NAME = /(?:^|[^a-z])(?:test|tests|testing|example|sample|dummy|fake|mock|snakeoil|insecure|demo|fixture|bench(?:mark)?)(?:[^a-z]|$)/i;
const PEM_PRIVATE = /-----BEGIN ((?:RSA |DSA |EC |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----/;

export const rule: WorkspaceRule = {
  id: 'security/no-private-keys',
  category: 'security',
  severity: 'critical',
  level: 'prototype',
  title: 'No private key is committed',
  rationale: 'A private key in the repository lets anyone with read access impersonate the server or the deploy user; keys belong in a secret store and are mounted at run time.',
  roadmap: [{ topic: 'private keys', match: /private keys?/, rank: 610 }],
  related: [
    { tool: 'secretlint', id: '@secretlint/secretlint-rule-privatekey' },
    { tool: 'trivy', id: 'private-key' },
  ],
  scope: 'workspace',
  guard: true,
  roles: 'all',
  check({ ws, manifest }) {
    const findings: RuleFinding[] = [];
    const evidence: Evidence[] = [];
    const roles = roleMap(ws, manifest);
    const candidates: { path: string; finding: RuleFinding }[] = [];
    let skipped = 0;
    for (const p of ws.files) {
      const base = p.slice(p.lastIndexOf('/') + 1);
      const ssh = SSH_KEY.test(base);
      const bundle = KEY_BUNDLE.test(base);
      if (!ssh && !bundle && !PEM_FILE.test(base)) continue;
      const f = bundle ? undefined : ws.read(p);
      const m = f ? PEM_PRIVATE.exec(f.text) : null;
      if (!ssh && !bundle && !m) continue;
      if (isTestPath(p) || isTemplatePath(p) || roles.roleOf(p) !== 'product' || TEST_NAME.test(base)) {
        skipped++;
        continue;
      }
      const what = m ? describe(m[1]) : bundle ? 'a PKCS#12 key bundle' : 'an SSH private key';
      candidates.push({ path: p, finding: {
        message: `${p} is ${what}; remove it from the repository, rotate it, and load it from a secret store at run time`,
        file: p,
        ...(f && m ? { range: f.rangeOf(m.index, m.index + m[0].length) } : f ? { range: f.lineRange(0) } : {}),
      } });
    }
    const onlyTests = loadedOnlyByTests(ws, candidates.map((c) => c.path));
    for (const c of candidates) if (!onlyTests.has(c.path)) findings.push(c.finding);
    if (onlyTests.size > 0) evidence.push({ message: `${onlyTests.size} key file(s) that only tests load (e.g. ${[...onlyTests][0]}) are treated as test keys` });
    if (skipped > 0) evidence.push({ message: `${skipped} key file(s) in test, fixture or helper trees, or named as test keys, are treated as test keys` });
    if (findings.length === 0) {
      evidence.push({ message: 'no private key file found' });
      return { status: 'pass', findings, evidence };
    }
    return { status: 'fail', findings, evidence };
  },
};

/**
 * The keys whose file name appears in test code and in no product code: fixtures that only the tests
 * load. One pass over the source files with one pattern of all the names, each matched as a whole
 * file name (not as the end of a longer one).
 */
function loadedOnlyByTests(ws: Parameters<WorkspaceRule['check']>[0]['ws'], keys: string[]): Set<string> {
  const out = new Set<string>();
  if (keys.length === 0) return out;
  const byName = new Map<string, string[]>();
  for (const k of keys) {
    const base = k.slice(k.lastIndexOf('/') + 1);
    byName.set(base, [...(byName.get(base) ?? []), k]);
  }
  const names = [...byName.keys()].slice(0, 300);
  // A name counts only as a whole file name: `key.pem` is not mentioned by `server-key.pem`.
  const re = new RegExp(`(?<![\\w.-])(?:${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\w-])`, 'g');
  const inTests = new Set<string>();
  const inProduct = new Set<string>();
  for (const p of ws.pathsOfKind('source')) {
    const f = ws.read(p);
    if (!f) continue;
    const test = isTestPath(p) || isTemplatePath(p);
    re.lastIndex = 0;
    for (const m of f.text.matchAll(re)) (test ? inTests : inProduct).add(m[0]);
  }
  for (const n of names) if (inTests.has(n) && !inProduct.has(n)) for (const k of byName.get(n)!) out.add(k);
  return out;
}

/** "an RSA private key", "an OpenSSH private key", "a private key"... from the PEM label. */
function describe(label: string): string {
  const kind = label.replace(/\s*PRIVATE KEY.*$/, '').trim();
  const name = ({ RSA: 'RSA', DSA: 'DSA', EC: 'EC', OPENSSH: 'OpenSSH', ENCRYPTED: 'encrypted', PGP: 'PGP' } as Record<string, string>)[kind];
  return name ? `${/^[AEIOU]|^encrypted|^RSA/.test(name) ? 'an' : 'a'} ${name} private key` : 'a private key';
}
