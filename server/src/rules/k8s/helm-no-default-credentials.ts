/**
 * k8s/helm-no-default-credentials: a Helm chart's `values.yaml` ships no credentials. A default such
 * as `postgresql.auth.password: changeme` or `adminPassword: admin` is installed by everyone who
 * forgets to override it. Leave credential values empty, and have the chart require them (`required`)
 * or read an existing Secret (`existingSecret`).
 *
 * Keys are judged by name (password, secret, token, api key...; not `existingSecret` or file
 * paths); empty strings, `null` and template references are fine. Only `values*.yaml` files next to a
 * `Chart.yaml` are examined; a repository without a Helm chart is not applicable.
 */
import { isMap, isScalar, type Node as YamlNode } from 'yaml';
import type { FileRule, RuleFinding } from '../../core/types';
import type { SourceFile } from '../../core/source';
import type { Workspace } from '../../core/workspace';
import { isSecretName } from '../lib/secrets';
import { isTemplatePath } from '../lib/util';

const VALUES = /(?:^|\/)values(?:[.-][\w.-]+)?\.ya?ml$/;
const NOT_A_VALUE = /^(?:existing|use|create|enabled|generate|auto|random)|(?:Ref|Name|Key|File|Path|Secret(?:Name|Key)?Ref)$/i;

function isChartValues(ws: Workspace, path: string): boolean {
  if (!VALUES.test(path) || isTemplatePath(path)) return false;
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
  return ws.exists(`${dir}Chart.yaml`);
}

/** Literal credential values in the values tree, with the dotted key path. */
function defaults(file: SourceFile): { key: string; node: YamlNode }[] {
  const out: { key: string; node: YamlNode }[] = [];
  const walk = (node: unknown, path: string[], depth: number) => {
    if (!isMap(node) || depth > 12) return;
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      const full = [...path, key];
      if (isMap(pair.value)) walk(pair.value, full, depth + 1);
      else if (isScalar(pair.value) && typeof pair.value.value === 'string') {
        const v = pair.value.value.trim();
        if (v === '' || /\{\{|\$\{|^<[^>]+>$/.test(v) || NOT_A_VALUE.test(key) || !isSecretName(key.replace(/([a-z])([A-Z])/g, '$1_$2'))) continue;
        out.push({ key: full.join('.'), node: pair.value });
      }
    }
  };
  file.yamlDocs.forEach((d) => walk(d.contents, [], 0));
  return out;
}

export const rule: FileRule = {
  id: 'k8s/helm-no-default-credentials',
  category: 'containers',
  severity: 'high',
  level: 'mvp',
  title: 'Helm values ship no default credentials',
  rationale: 'A password in a chart\'s default values is installed by every user who does not override it, and it is public in the chart repository.',
  related: [{ tool: 'owasp-asvs', id: 'v4.0.3-2.5.4' }],
  guard: true,
  scope: 'file',
  kinds: ['yaml', 'k8s'],
  examines: (file, ctx) => isChartValues(ctx.ws, file.path),
  examinesWhat: 'Helm chart values file',
  checkFile(file, ctx) {
    if (!isChartValues(ctx.ws, file.path)) return [];
    return defaults(file).slice(0, 30).map((d): RuleFinding => ({
      message: `\`${d.key}\` ships a default credential; leave it empty and require it (\`{{ required "${d.key} is required" .Values.${d.key} }}\`) or read an \`existingSecret\``,
      range: file.yamlRange(d.node),
    }));
  },
};
