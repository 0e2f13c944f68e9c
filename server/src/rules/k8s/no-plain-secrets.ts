/**
 * k8s/no-plain-secrets: secret values are not committed in plain Kubernetes manifests. A `kind:
 * Secret` with `data` or `stringData` values, or a kustomize `secretGenerator` with `literals`, puts
 * the credential in git (base64 is an encoding, not encryption). Secrets come from a secret store
 * instead: External Secrets, Sealed Secrets, SOPS-encrypted files, the Secrets Store CSI driver or
 * Vault injection, which this rule recognises and credits.
 *
 * Templated values (`{{ .Values.password }}`, `${DB_PASSWORD}`), empty placeholders, connection
 * details (host, port, database, user name) and the passwords local development uses on purpose
 * (`pass`, `postgres`, `changeme`) commit no credential and are not findings. A repository with no secret manifests at all is not applicable.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { asArray, asRecord } from '../../core/source';
import { ownManifest } from '../lib/k8s-availability';
import { DEV_PASSWORDS } from '../lib/env-files';

/** Kinds that fetch or decrypt secrets from a store: their presence is the evidence this rule wants. */
const STORE_KINDS = /^(?:ExternalSecret|ClusterExternalSecret|SecretStore|ClusterSecretStore|SealedSecret|SecretProviderClass|VaultStaticSecret|VaultDynamicSecret|InfisicalSecret|OnePasswordItem|DopplerSecret)$/;

function isPlaceholder(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  const s = String(v).trim();
  return s === '' || /\{\{[^}]*\}\}|\$\{[^}]*\}|^<[^>]+>$|^ENC\[/.test(s) || /^(?:Cg==|IA==)$/.test(s);
}

/** Keys of a service binding or connection Secret that name where to connect, not how to authenticate. */
const CONNECTION_KEY = /^(?:type|provider|host|hostname|port|database|db|dbname|database[-_]name|username|user|namespace|sslmode|scheme)$/i;

/** The text of a `data:` value (base64), or the value itself when it does not decode. */
function decoded(v: unknown): string {
  const s = String(v).trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(s)) return s;
  return Buffer.from(s, 'base64').toString('utf8');
}

/**
 * A value that commits no credential: where to connect (host, port, database, user name) or a password
 * that local development setups use on purpose (`pass`, `postgres`, `changeme`).
 */
function notACredential(key: string, value: string): boolean {
  return CONNECTION_KEY.test(key) || DEV_PASSWORDS.test(value.trim());
}

export const rule: FileRule = {
  id: 'k8s/no-plain-secrets',
  category: 'containers',
  severity: 'high',
  level: 'mvp',
  title: 'Kubernetes secrets come from a secret store, not committed manifests',
  rationale: 'A Secret manifest in git holds its values base64-encoded, which anyone with read access decodes; External Secrets, Sealed Secrets or SOPS keep the values encrypted or out of the repository.',
  related: [{ tool: 'owasp-asvs', id: 'v4.0.3-6.4.1' }],
  guard: true,
  scope: 'file',
  kinds: ['k8s'],
  examines: (file, ctx) => ownManifest(ctx.ws, file.path) && /^kind:\s*(?:Secret|Kustomization|ExternalSecret|ClusterExternalSecret|SealedSecret|SecretProviderClass|Vault\w*Secret|\w+Secret)\b/m.test(file.text),
  examinesWhat: 'Secret, secret generator or secret-store manifest',
  checkFile(file, ctx) {
    if (!ownManifest(ctx.ws, file.path)) return [];
    // SOPS-encrypted files carry their metadata and encrypted values.
    if (/^sops:[ \t]*$/m.test(file.text) && /ENC\[/.test(file.text)) return [];
    const findings: RuleFinding[] = [];
    file.yamlValues.forEach((v, docIndex) => {
      const o = asRecord(v);
      if (!o || typeof o.kind !== 'string' || STORE_KINDS.test(o.kind)) return;
      const name = String(asRecord(o.metadata)?.name ?? '(unnamed)');
      if (o.kind === 'Secret') {
        for (const key of ['stringData', 'data'] as const) {
          const values = asRecord(o[key]);
          if (!values) continue;
          const literal = Object.entries(values).filter(([k, x]) => !isPlaceholder(x) && !notACredential(k, key === 'data' ? decoded(x) : String(x))).map(([k]) => k);
          if (literal.length === 0) continue;
          findings.push({
            message: `Secret/${name} commits ${literal.length} value(s) in \`${key}\` (${literal.slice(0, 4).join(', ')}${literal.length > 4 ? ', …' : ''})${key === 'data' ? '; base64 is not encryption' : ''}: take them from a secret store (External Secrets, Sealed Secrets, SOPS) and remove them from git history`,
            range: file.yamlPathRange([key], docIndex),
          });
        }
      } else if (o.kind === 'Kustomization') {
        asArray(o.secretGenerator).forEach((g, i) => {
          const lits = asArray(asRecord(g)?.literals).filter((l) => typeof l === 'string' && !isPlaceholder(l.slice(l.indexOf('=') + 1)));
          if (lits.length > 0) findings.push({ message: `the secretGenerator \`${String(asRecord(g)?.name ?? i)}\` commits ${lits.length} literal value(s); generate it from an untracked env file or a secret store instead`, range: file.yamlPathRange(['secretGenerator', i], docIndex) });
        });
      }
    });
    return findings;
  },
};
