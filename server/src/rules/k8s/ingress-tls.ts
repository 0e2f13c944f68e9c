/**
 * k8s/ingress-tls: every Ingress (and OpenShift Route) of the project's own manifests terminates
 * TLS: `spec.tls` lists its hosts and a certificate secret (often issued by cert-manager). An Ingress
 * without it serves the application over plain HTTP to the internet. A repository without Ingresses
 * is not applicable.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { asArray, asRecord } from '../../core/source';
import { ownManifest } from '../lib/k8s-availability';

interface Exposure {
  kind: string;
  name: string;
  docIndex: number;
  value: Record<string, unknown>;
}

/** The Ingresses and Routes of a file. */
function exposures(values: unknown[]): Exposure[] {
  const out: Exposure[] = [];
  values.forEach((v, docIndex) => {
    const o = asRecord(v);
    if (!o || (o.kind !== 'Ingress' && !(o.kind === 'Route' && /route\.openshift\.io/.test(String(o.apiVersion ?? ''))))) return;
    out.push({ kind: String(o.kind), name: String(asRecord(o.metadata)?.name ?? '(unnamed)'), docIndex, value: o });
  });
  return out;
}

export const rule: FileRule = {
  id: 'k8s/ingress-tls',
  category: 'containers',
  severity: 'high',
  level: 'mvp',
  title: 'Ingresses terminate TLS',
  rationale: 'An Ingress without a `tls` section exposes the service over plain HTTP, so passwords, tokens and cookies cross the internet unencrypted.',
  roadmap: [{ topic: 'ingress TLS', match: /\bingress\b/, rank: 830 }],
  related: [
    { tool: 'polaris', id: 'tlsSettingsMissing' },
    { tool: 'owasp-asvs', id: 'v4.0.3-9.1.1' },
  ],
  scope: 'file',
  kinds: ['k8s'],
  examines: (file, ctx) => ownManifest(ctx.ws, file.path) && /^kind:\s*(?:Ingress|Route)\b/m.test(file.text) && exposures(file.yamlValues).length > 0,
  examinesWhat: 'Ingress or Route',
  checkFile(file, ctx) {
    if (!ownManifest(ctx.ws, file.path)) return [];
    const findings: RuleFinding[] = [];
    for (const e of exposures(file.yamlValues)) {
      const spec = asRecord(e.value.spec) ?? {};
      const tls = e.kind === 'Ingress' ? asArray(spec.tls).length > 0 : asRecord(spec.tls) !== undefined;
      if (tls) continue;
      findings.push({
        message: `${e.kind}/${e.name} has no \`tls\` section, so it serves plain HTTP; add \`spec.tls\` with its hosts and a certificate secret (cert-manager can issue it)`,
        range: file.yamlPathRange(['spec'], e.docIndex),
      });
    }
    return findings;
  },
};
