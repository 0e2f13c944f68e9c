/**
 * docker/no-secrets-in-env: ENV and ARG do not carry credentials. ENV values are stored in the image
 * config and ARG values in its history, so anyone who can pull the image can read them. Pass secrets
 * at run time (environment, mounted files) or at build time with `RUN --mount=type=secret`.
 *
 * Flags ENV/ARG whose name says secret (`*PASSWORD*`, `*SECRET*`, `*TOKEN*`, `*API_KEY*`,
 * `*_ACCESS_KEY_ID`..., in any case) with a literal value, and secret-named ARGs without a default (the
 * value given at build time is recorded). An ENV without a literal value holds no secret itself
 * (`ENV DB_PASSWORD_FILE=/run/secrets/db`, `ENV API_TOKEN=${API_TOKEN}`, whose ARG is judged).
 */
import type { FileRule, RuleFinding } from '../../core/types';
import type { Property } from '../lib/dockerfile';
import { judgedInstructions } from '../lib/dockerfile';
import { isLiteralValue, isSecretName } from '../lib/secrets';

export const rule: FileRule = {
  id: 'docker/no-secrets-in-env',
  category: 'containers',
  severity: 'critical',
  level: 'mvp',
  title: 'No secrets in ENV or ARG',
  rationale: 'ENV values are baked into the image configuration and ARG values into its history: anyone who can pull the image can read them, forever.',
  related: [
    { tool: 'hadolint', id: 'DL3064' },
    { tool: 'trivy', id: 'DS-0031' },
  ],
  scope: 'file',
  guard: true,
  kinds: ['dockerfile'],
  examines: (file, ctx) => judgedInstructions(file, ctx.ws, 'ENV').length > 0 || judgedInstructions(file, ctx.ws, 'ARG').length > 0,
  examinesWhat: 'ENV or ARG',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    for (const kw of ['ENV', 'ARG']) {
      for (const ins of judgedInstructions(file, ctx.ws, kw)) {
        const props = (ins as unknown as { getProperties?: () => Property[] }).getProperties?.() ?? [];
        for (const p of props) {
          const name = p.getName();
          if (!isSecretName(name)) continue;
          const value = p.getValue();
          const r = p.getNameRange();
          const range = { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
          if (isLiteralValue(value)) {
            findings.push({ message: `the ${kw} \`${name}\` holds a literal secret that anyone who pulls the image can read; remove it and pass the secret at run time (or with \`RUN --mount=type=secret\` at build time)`, range });
          } else if (kw === 'ARG' && (value === null || value === '')) {
            findings.push({ message: `the ARG \`${name}\` passes a secret as a build argument, which is recorded in the image history; use \`RUN --mount=type=secret,id=${name.toLowerCase()}\` instead`, range, severity: 'high' });
          }
        }
      }
    }
    return findings;
  },
};
