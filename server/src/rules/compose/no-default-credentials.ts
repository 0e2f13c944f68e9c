/**
 * compose/no-default-credentials: a production compose file never falls back to a built-in
 * credential. `POSTGRES_PASSWORD: ${DB_PASSWORD:-postgres}` looks like a reference, but when the
 * variable is unset (a fresh server, a typo in the env file) the service starts with a password
 * everyone knows. Use `${DB_PASSWORD:?set DB_PASSWORD}` so that compose refuses to start instead.
 *
 * A variable is also a built-in value when the committed `.env` next to the compose file sets it:
 * compose reads that file by itself, so `${DB_PASSWORD}` with `DB_PASSWORD=changeit` in a committed
 * `.env` starts every deployment of the repository with a password everyone can read.
 *
 * Only credentials taken from variables are examined: literal values are `compose/no-literal-secrets`'s
 * business, so a file that only has literals earns nothing here; development and test compose files
 * (`compose.dev.yml`, overrides) and examples are not examined. A repository without a production
 * compose file that passes credentials is not applicable.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import type { FileRule, RuleFinding } from '../../core/types';
import type { SourceFile } from '../../core/source';
import { isDevCompose, servicesOf } from '../lib/compose';
import { isSecretName } from '../lib/secrets';
import { isTemplatePath } from '../lib/util';
import type { Workspace } from '../../core/workspace';

/** `${VAR:-default}` or `${VAR-default}` with a non-empty default. */
const FALLBACK = /\$\{([A-Za-z_][A-Za-z0-9_]*)(:?-)([^}]+)\}/g;

/** The credential entries of every service: `[service, name, value, node]`. */
function credentialEntries(file: SourceFile): { svc: string; name: string; value: string; node: unknown }[] {
  const out: { svc: string; name: string; value: string; node: unknown }[] = [];
  for (const svc of servicesOf(file)) {
    for (const path of [['environment'], ['build', 'args']]) {
      const node = file.yamlNode(['services', svc.name, ...path]);
      if (isMap(node)) {
        for (const pair of node.items) {
          if (!isScalar(pair.key) || !isScalar(pair.value)) continue;
          const name = String(pair.key.value);
          if (isSecretName(name)) out.push({ svc: svc.name, name, value: String(pair.value.value ?? ''), node: pair.value });
        }
      } else if (isSeq(node)) {
        for (const item of node.items) {
          if (!isScalar(item) || typeof item.value !== 'string') continue;
          const eq = item.value.indexOf('=');
          if (eq > 0 && isSecretName(item.value.slice(0, eq))) out.push({ svc: svc.name, name: item.value.slice(0, eq), value: item.value.slice(eq + 1), node: item });
        }
      }
    }
  }
  return out;
}

/** `${VAR}`, `${VAR:?…}`, `${VAR:-…}` or `$VAR` references in a value: the variable names. */
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * The variables a committed `.env` beside the compose file sets to a literal value, with their lines
 * (compose loads `.env` from the project folder for interpolation by itself).
 */
function committedEnv(ws: Workspace, file: SourceFile): { path: string; values: Map<string, number> } | undefined {
  const dir = file.path.includes('/') ? file.path.slice(0, file.path.lastIndexOf('/')) : '';
  const path = dir ? `${dir}/.env` : '.env';
  const env = ws.unfiltered.read(path);
  if (!env) return undefined;
  const values = new Map<string, number>();
  env.lines.forEach((l, i) => {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(l);
    if (!m) return;
    let v = m[2].trim();
    if (/^["']/.test(v)) v = v.slice(1, v.indexOf(v[0], 1) < 0 ? undefined : v.indexOf(v[0], 1));
    else v = v.replace(/\s+#.*$/, '');
    if (v !== '' && !v.includes('${')) values.set(m[1], i + 1);
  });
  return values.size > 0 ? { path, values } : undefined;
}

function examined(file: SourceFile): boolean {
  return !isDevCompose(file.path) && !isTemplatePath(file.path);
}

export const rule: FileRule = {
  id: 'compose/no-default-credentials',
  category: 'containers',
  severity: 'high',
  level: 'mvp',
  title: 'Compose files never fall back to default credentials',
  rationale: 'A `${PASSWORD:-default}` fallback starts the service with a well-known password whenever the variable is missing; failing fast (`${PASSWORD:?}`) is the safe default.',
  related: [{ tool: 'owasp-asvs', id: 'v4.0.3-2.5.4' }],
  guard: true,
  scope: 'file',
  kinds: ['compose'],
  examines: (file) => examined(file) && credentialEntries(file).some((e) => e.value.includes('${')),
  examinesWhat: 'credential taken from a variable in a production compose file',
  checkFile(file, ctx) {
    if (!examined(file)) return [];
    const findings: RuleFinding[] = [];
    const env = committedEnv(ctx.ws, file);
    for (const e of credentialEntries(file)) {
      let fromEnv = false;
      for (const m of env ? e.value.matchAll(REFERENCE) : []) {
        const name = m[1] ?? m[2];
        const line = env!.values.get(name);
        if (line === undefined) continue;
        findings.push({
          message: `service \`${e.svc}\` takes \`${e.name}\` from \`${name}\`, which the committed ${env!.path}:${line} sets to a value that compose loads by itself, so every deployment from this repository starts with that known credential; keep the committed file to non-secret settings (a \`.env.example\` with placeholders) and require the variable: \`\${${name}:?${name} must be set}\``,
          range: file.yamlRange(e.node),
        });
        fromEnv = true;
        break;
      }
      if (fromEnv) continue;
      for (const m of e.value.matchAll(FALLBACK)) {
        const fallback = m[3].trim();
        if (fallback === '' || /^\$\{?[A-Za-z_]/.test(fallback)) continue;
        findings.push({
          message: `service \`${e.svc}\` falls back to a built-in value for \`${e.name}\` when \`${m[1]}\` is unset (\`\${${m[1]}${m[2]}…}\`); use \`\${${m[1]}:?${m[1]} must be set}\` so that compose refuses to start without it`,
          range: file.yamlRange(e.node),
        });
      }
    }
    return findings;
  },
};
