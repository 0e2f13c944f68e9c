/**
 * security/env-example and ops/env-config-documented share one scanner (`rules/lib/env-vars.ts`:
 * `productEnvReads`, `envDocumentation`), so they cannot disagree: on every fixture case of either
 * rule, both are applicable or neither, and they name the same undocumented variables.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditDir, ruleFixtures } from './helpers';
import { envNames } from '../server/src/rules/lib/dockerfile';
import { SourceFile } from '../server/src/core/source';

const RULES = ['security/env-example', 'ops/env-config-documented'];

describe('environment configuration: one scanner for both rules', () => {
  const cases = RULES.flatMap((id) => {
    const dir = ruleFixtures(id);
    return fs.readdirSync(dir).filter((c) => !c.endsWith('.fixed')).map((c) => path.join(dir, c));
  });
  for (const dir of cases) {
    it(`${path.basename(path.dirname(dir))}/${path.basename(dir)}`, async () => {
      const report = await auditDir(dir, RULES);
      const [example, documented] = RULES.map((id) => report.checks.find((c) => c.ruleId === id)!);
      assert.equal(example.status === 'not-applicable', documented.status === 'not-applicable', `${example.status} (${example.reason}) vs ${documented.status} (${documented.reason})`);
      if (example.status === 'not-applicable') return;
      const named = (id: string) => report.findings.filter((f) => f.ruleId === id);
      const fromExample = named(RULES[0]).flatMap((f) => (f.data?.variable ? [String(f.data.variable)] : [])).sort();
      const fromDocumented = named(RULES[1]).flatMap((f) => (f.data?.missing as string[] | undefined) ?? []);
      assert.deepEqual(fromExample, fromDocumented);
      assert.equal(example.credit, documented.credit, 'the same documented share');
    });
  }
});

describe('variables the project image sets (envNames)', () => {
  it('reads KEY=value pairs, quoted values, continuation lines and the legacy form, and nothing else', () => {
    const text = 'FROM python:3.12\nENV PYTHONDONTWRITEBYTECODE=1 \\\n    # a comment inside the instruction\n    PNGX_CONTAINERIZED=1 \\\n    UV_LINK_MODE=copy\nENV LEGACY value with words\nENV A="x y" B=2\nRUN echo ENV C=1\n';
    assert.deepEqual(envNames(new SourceFile('Dockerfile', text, 'dockerfile')), ['PYTHONDONTWRITEBYTECODE', 'PNGX_CONTAINERIZED', 'UV_LINK_MODE', 'LEGACY', 'A', 'B']);
  });
});
