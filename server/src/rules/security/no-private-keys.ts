/**
 * security/no-private-keys: no private key file is committed: SSH keys (`id_rsa`, `id_ed25519`...),
 * PKCS#12 bundles, and `.pem`/`.key` files whose content is a PEM private key (a `.pem` holding only a
 * certificate is fine). Keys under test and fixture folders are usually throw-away and are only
 * counted as evidence. Keys pasted inside code are `security/no-hardcoded-secrets`' job.
 */
import type { Evidence, RuleFinding, WorkspaceRule } from '../../core/types';
import { isTemplatePath, isTestPath } from '../lib/util';

const SSH_KEY = /^id_(rsa|dsa|ecdsa|ed25519)(_[\w-]+)?$/;
const KEY_BUNDLE = /\.(p12|pfx)$/i;
const PEM_FILE = /\.(pem|key|p8|priv|private)$/i;
const PEM_PRIVATE = /-----BEGIN ((?:RSA |DSA |EC |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----/;

export const rule: WorkspaceRule = {
  id: 'security/no-private-keys',
  category: 'security',
  severity: 'critical',
  level: 'prototype',
  title: 'No private key is committed',
  rationale: 'A private key in the repository lets anyone with read access impersonate the server or the deploy user; keys belong in a secret store and are mounted at run time.',
  related: [
    { tool: 'secretlint', id: '@secretlint/secretlint-rule-privatekey' },
    { tool: 'trivy', id: 'private-key' },
  ],
  scope: 'workspace',
  guard: true,
  roles: 'all',
  check({ ws }) {
    const findings: RuleFinding[] = [];
    const evidence: Evidence[] = [];
    let skipped = 0;
    for (const p of ws.files) {
      const base = p.slice(p.lastIndexOf('/') + 1);
      const ssh = SSH_KEY.test(base);
      const bundle = KEY_BUNDLE.test(base);
      if (!ssh && !bundle && !PEM_FILE.test(base)) continue;
      const f = bundle ? undefined : ws.read(p);
      const m = f ? PEM_PRIVATE.exec(f.text) : null;
      if (!ssh && !bundle && !m) continue;
      if (isTestPath(p) || isTemplatePath(p)) {
        skipped++;
        continue;
      }
      const what = m ? describe(m[1]) : bundle ? 'a PKCS#12 key bundle' : 'an SSH private key';
      findings.push({
        message: `${p} is ${what}; remove it from the repository, rotate it, and load it from a secret store at run time`,
        file: p,
        ...(f && m ? { range: f.rangeOf(m.index, m.index + m[0].length) } : f ? { range: f.lineRange(0) } : {}),
      });
    }
    if (skipped > 0) evidence.push({ message: `${skipped} key file(s) under test or fixture folders are treated as test keys` });
    if (findings.length === 0) {
      evidence.push({ message: 'no private key file found' });
      return { status: 'pass', findings, evidence };
    }
    return { status: 'fail', findings, evidence };
  },
};

/** "an RSA private key", "an OpenSSH private key", "a private key"... from the PEM label. */
function describe(label: string): string {
  const kind = label.replace(/\s*PRIVATE KEY.*$/, '').trim();
  const name = ({ RSA: 'RSA', DSA: 'DSA', EC: 'EC', OPENSSH: 'OpenSSH', ENCRYPTED: 'encrypted', PGP: 'PGP' } as Record<string, string>)[kind];
  return name ? `${/^[AEIOU]|^encrypted|^RSA/.test(name) ? 'an' : 'a'} ${name} private key` : 'a private key';
}
