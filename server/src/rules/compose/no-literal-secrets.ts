/**
 * compose/no-literal-secrets: compose files do not hold literal credentials in `environment` or
 * `build.args`: neither under a credential's name (`DB_PASSWORD: hunter2`) nor inside a URL
 * (`REDIS_URL: redis://default:hunter2@redis:6379`). Compose files are committed; take secrets from the
 * shell or an untracked env file (`${DB_PASSWORD}`, `env_file:`) or use compose `secrets:`.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import type { FileRule, RuleFinding } from '../../core/types';
import { servicesOf } from '../lib/compose';
import { asRecord } from '../../core/source';
import { isLiteralValue, isSecretName, urlPassword } from '../lib/secrets';

export const rule: FileRule = {
  id: 'compose/no-literal-secrets',
  category: 'containers',
  severity: 'high',
  level: 'mvp',
  title: 'Compose files hold no literal secrets',
  rationale: 'A password written in a committed compose file is in the git history forever and is usually copied to production; reference variables or secrets instead.',
  scope: 'file',
  guard: true,
  kinds: ['compose'],
  examines: (file) => servicesOf(file).some((svc) => svc.value.environment != null || asRecord(svc.value.build)?.args != null),
  examinesWhat: 'service `environment` or `build.args`',
  checkFile(file) {
    const findings: RuleFinding[] = [];
    for (const svc of servicesOf(file)) {
      for (const path of [['environment'], ['build', 'args']]) {
        const node = file.yamlNode(['services', svc.name, ...path]);
        const report = (name: string, range: ReturnType<typeof file.yamlRange>) =>
          findings.push({ message: `service \`${svc.name}\` sets \`${name}\` to a literal value in a committed file; use \`${name}: \${${name}}\`, an untracked \`env_file\` or compose \`secrets\``, range });
        const reportUrl = (name: string, range: ReturnType<typeof file.yamlRange>) =>
          findings.push({ message: `service \`${svc.name}\` sets \`${name}\` to a URL with a literal password in a committed file; take the password (or the whole URL) from a variable: \`${name}: \${${name}}\`, an untracked \`env_file\` or compose \`secrets\``, range });
        const judge = (name: string, value: string, range: ReturnType<typeof file.yamlRange>) => {
          if (isSecretName(name) && isLiteralValue(value)) report(name, range);
          else if (urlPassword(value) !== undefined) reportUrl(name, range);
        };
        if (isMap(node)) {
          for (const pair of node.items) {
            if (!isScalar(pair.key)) continue;
            const name = String(pair.key.value);
            const value = isScalar(pair.value) ? pair.value.value : undefined;
            if (typeof value === 'string' || typeof value === 'number') judge(name, String(value), file.yamlRange(pair.key));
          }
        } else if (isSeq(node)) {
          for (const item of node.items) {
            if (!isScalar(item) || typeof item.value !== 'string') continue;
            const eq = item.value.indexOf('=');
            if (eq <= 0) continue;
            const name = item.value.slice(0, eq);
            judge(name, item.value.slice(eq + 1), file.yamlRange(item));
          }
        }
      }
    }
    return findings;
  },
};
