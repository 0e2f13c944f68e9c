/**
 * security/env-example-no-values: the committed example env file holds placeholders, not real values.
 * A known token shape, a URL with a real-looking password or a long random string in `.env.example`
 * is almost always a real secret copied from `.env`. The fix empties the value.
 */
import type { RuleFinding, WorkspaceRule } from '../../core/types';
import { isTemplatePath, replaceFix } from '../lib/util';
import { EXAMPLE_ENV, envEntries, looksLikeSecret } from '../lib/env-files';

export const rule: WorkspaceRule = {
  id: 'security/env-example-no-values',
  category: 'security',
  severity: 'high',
  level: 'prototype',
  title: 'The example env file holds no real secrets',
  rationale: 'An example file is committed and copied around on purpose; a real token in it is as public as the repository and must be rotated.',
  scaffold: 'env-example',
  fixable: true,
  scope: 'workspace',
  guard: true,
  applies(_facts, { ws }) {
    return ws.pathsOfKind('env').some((p) => EXAMPLE_ENV.test(p) && !isTemplatePath(p)) ? true : 'no .env.example file';
  },
  check({ ws }) {
    const findings: RuleFinding[] = [];
    let checked = 0;
    for (const p of ws.pathsOfKind('env')) {
      if (!EXAMPLE_ENV.test(p) || isTemplatePath(p)) continue;
      const f = ws.read(p);
      if (!f) continue;
      for (const e of envEntries(f)) {
        checked++;
        if (!looksLikeSecret(e.value)) continue;
        findings.push({
          message: `${e.key} has a real-looking value in ${p}; replace it with an empty value or a placeholder, and rotate the secret if it was real`,
          file: p,
          range: e.valueRange,
          fix: replaceFix(`Empty the value of ${e.key}`, f, e.valueRange, ''),
          data: { key: e.key },
        });
      }
    }
    const evidence = [{ message: `${checked} example variable(s) checked` }];
    return findings.length === 0 ? { status: 'pass', findings, evidence } : { status: 'fail', findings, evidence };
  },
};
