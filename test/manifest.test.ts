/**
 * The manifest: schema guard, positions of errors, salvage of valid fields, waivers, custom checks and
 * inline suppressions.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { manifestJsonSchema } from '../server/src/manifest/schema';
import { parseManifest } from '../server/src/manifest/load';
import { SourceFile } from '../server/src/core/source';
import { REPO, auditFiles } from './helpers';
import { allRules } from '../server/src/rules';

const load = (text: string) => parseManifest(new SourceFile('readiness.yaml', text, 'manifest'));

describe('manifest', () => {
  it('the committed JSON schema is up to date (run `npm run schema` when this fails)', () => {
    const committed = fs.readFileSync(path.join(REPO, 'schemas', 'readiness.schema.json'), 'utf8');
    assert.equal(committed, JSON.stringify(manifestJsonSchema(allRules), null, 2) + '\n');
  });

  it('gives defaults for an empty file', () => {
    const m = load('');
    assert.equal(m.problems.length, 0);
    assert.equal(m.manifest.level, 'production');
    assert.deepEqual(m.manifest.waivers, []);
  });

  it('reports YAML syntax errors with their position', () => {
    const m = load('version: 1\nlevel: [mvp\n');
    assert.ok(m.problems.length > 0);
    assert.equal(m.problems[0].kind, 'syntax');
    assert.ok(m.problems[0].range.start.line >= 1);
  });

  it('points schema errors at the exact key and keeps the valid fields', () => {
    const m = load('level: mvp\ncategories:\n  security:\n    weight: heavy\nwaivers:\n  - rule: docker/healthcheck\n    reason: because\n');
    assert.equal(m.manifest.level, 'mvp', 'valid fields survive');
    const weight = m.problems.find((p) => p.path.join('.') === 'categories.security.weight');
    assert.ok(weight, JSON.stringify(m.problems));
    assert.equal(weight.range.start.line, 3);
    assert.match(weight.message, /expected number/);
    const reason = m.problems.find((p) => p.path.join('.') === 'waivers.0.reason');
    assert.ok(reason);
    assert.match(reason.message, /not-applicable/);
    assert.equal(reason.range.start.line, 6);
  });

  it('suggests the closest key for a typo', () => {
    const m = load('levle: mvp\n');
    assert.match(m.problems[0].message, /did you mean `level`/);
  });

  it('survives a manifest with every field of the wrong type', () => {
    const m = load('version: "one"\nproject: [1]\nlevel: 3\ncategories: 5\nrules: []\nwaivers: {}\nchecks: "x"\nignore: 7\nsuppressions: yes\nmaxFileSize: -1\n');
    assert.ok(m.problems.length >= 9, `${m.problems.length} problems`);
    assert.equal(m.manifest.level, 'production');
  });

  it('rejects a non-mapping document', () => {
    const m = load('- a\n- b\n');
    assert.match(m.problems[0].message, /must be a mapping/);
  });

  it('limits YAML aliases (alias bomb)', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
    const started = Date.now();
    const m = load(bomb.join('\n') + '\n');
    assert.ok(Date.now() - started < 2000);
    assert.ok(m.problems.length > 0);
  });
});

describe('waivers, overrides and suppressions', () => {
  const dockerfile = 'FROM node:20.1.0\nCMD ["node", "x.js"]\n';

  it('a waiver marks the check as waived, never hidden', async () => {
    const r = await auditFiles({ Dockerfile: dockerfile, 'readiness.yaml': 'waivers:\n  - rule: docker/non-root-user\n    reason: accepted-risk\n    owner: ops\n    expires: 2030-01-01\n' }, ['docker/non-root-user']);
    const c = r.checks.find((x) => x.ruleId === 'docker/non-root-user')!;
    assert.equal(c.status, 'waived');
    assert.equal(c.findings.length, 1);
    assert.equal(c.findings[0].waived?.reason, 'accepted-risk');
  });

  it('an expired waiver no longer applies and is itself a finding', async () => {
    const r = await auditFiles({ Dockerfile: dockerfile, 'readiness.yaml': 'waivers:\n  - rule: docker/non-root-user\n    reason: accepted-risk\n    expires: 2020-01-01\n' }, ['docker/non-root-user']);
    assert.equal(r.checks.find((x) => x.ruleId === 'docker/non-root-user')!.status, 'fail');
    assert.ok(r.findings.some((f) => f.ruleId === 'manifest/waiver-expired'));
  });

  it('a path-limited waiver covers only matching files', async () => {
    const r = await auditFiles({ Dockerfile: dockerfile, 'tools/Dockerfile': dockerfile, 'readiness.yaml': 'waivers:\n  - rule: docker/non-root-user\n    paths: ["tools/**"]\n    reason: not-applicable\n' }, ['docker/non-root-user']);
    const fs = r.findings.filter((f) => f.ruleId === 'docker/non-root-user');
    assert.equal(fs.length, 2);
    assert.ok(fs.find((f) => f.file === 'tools/Dockerfile')?.waived);
    assert.ok(!fs.find((f) => f.file === 'Dockerfile')?.waived);
  });

  it('rules can be turned off or re-rated', async () => {
    const off = await auditFiles({ Dockerfile: dockerfile, 'readiness.yaml': 'rules:\n  docker/non-root-user: off\n' });
    assert.ok(!off.checks.some((c) => c.ruleId === 'docker/non-root-user'));
    const low = await auditFiles({ Dockerfile: dockerfile, 'readiness.yaml': 'rules:\n  docker/non-root-user: low\n' }, ['docker/non-root-user']);
    assert.equal(low.findings.find((f) => f.ruleId === 'docker/non-root-user')?.severity, 'low');
  });

  it('an inline suppression with a reason waives the finding', async () => {
    const r = await auditFiles({ Dockerfile: 'FROM node:20.1.0\n# readiness-ignore docker/non-root-user -- an init image that must chown volumes\nUSER root\n' }, ['docker/non-root-user']);
    assert.equal(r.checks.find((x) => x.ruleId === 'docker/non-root-user')!.status, 'waived');
    assert.equal(r.findings.find((f) => f.ruleId === 'docker/non-root-user')?.waived?.by, 'inline');
  });

  it('inline suppressions can be forbidden by the manifest', async () => {
    const r = await auditFiles({ 'readiness.yaml': 'suppressions:\n  inline: false\n', Dockerfile: 'FROM node:20.1.0\n# readiness-ignore docker/non-root-user -- reason\nUSER root\n' }, ['docker/non-root-user']);
    assert.equal(r.checks.find((x) => x.ruleId === 'docker/non-root-user')!.status, 'fail');
    assert.ok(r.findings.some((f) => f.ruleId === 'manifest/suppression-forbidden'));
  });

  it('rule options are validated by the rule\'s own schema: an invalid value is reported at its key and the default used', async () => {
    const pkg = JSON.stringify({ name: 'x', scripts: { test: 'jest' }, jest: { coverageThreshold: { global: { lines: 85 } } } });
    const files = { 'package.json': pkg, 'src/a.test.js': 'test("a", () => {});\n', 'src/a.js': 'module.exports = 1;\n' };
    const bad = await auditFiles({ ...files, 'readiness.yaml': 'rules:\n  testing/coverage-threshold:\n    options:\n      threshold: "ninety"\n' });
    const err = bad.findings.find((f) => f.ruleId === 'manifest/schema-error' && f.message.includes('threshold'));
    assert.ok(err, JSON.stringify(bad.findings.map((f) => f.message)));
    assert.equal(err.range?.start.line, 3, 'the finding points at the option itself');
    const high = await auditFiles({ ...files, 'readiness.yaml': 'rules:\n  testing/coverage-threshold:\n    options:\n      threshold: 90\n' });
    const c = high.checks.find((x) => x.ruleId === 'testing/coverage-threshold');
    assert.equal(c?.findings[0]?.data?.required, 90, 'a valid option is applied');
    assert.match(c.findings[0].message, /below the required 90%/);
    const c2 = bad.checks.find((x) => x.ruleId === 'testing/coverage-threshold');
    assert.equal(c2?.findings[0]?.data?.required, 80, 'an invalid option falls back to the default');
    assert.ok(!high.findings.some((f) => f.ruleId === 'manifest/schema-error'));
  });

  it('an option set for a rule that takes none is reported, not silently ignored', async () => {
    const r = await auditFiles({ Dockerfile: dockerfile, 'readiness.yaml': 'rules:\n  docker/non-root-user:\n    options:\n      strict: true\n' }, ['docker/non-root-user']);
    assert.ok(r.findings.some((f) => f.ruleId === 'manifest/schema-error' && /takes no options/.test(f.message)));
  });

  it('the manifest\'s JSON schema carries each rule\'s options, with their defaults', () => {
    const schema = manifestJsonSchema(allRules) as { properties: { rules: { properties: Record<string, { anyOf: { properties?: { options?: { properties?: Record<string, { default?: unknown }> } } }[] }> } } };
    const own = schema.properties.rules.properties['testing/coverage-threshold'];
    const options = own.anyOf.find((v) => v.properties?.options)?.properties?.options;
    assert.equal(options?.properties?.threshold?.default, 80);
    for (const r of allRules.filter((x) => x.optionsSchema)) assert.ok(schema.properties.rules.properties[r.id], r.id);
  });

  it('custom checks from the manifest run as custom/<id> rules', async () => {
    const manifest = 'checks:\n  - id: oncall\n    title: On-call rota is documented\n    category: operations\n    severity: high\n    files: "docs/ONCALL.md"\n    contains: "(?i)rota|schedule"\n';
    const fail = await auditFiles({ 'readiness.yaml': manifest });
    assert.equal(fail.checks.find((c) => c.ruleId === 'custom/oncall')?.status, 'fail');
    const ok = await auditFiles({ 'readiness.yaml': manifest.replace('(?i)rota|schedule', 'rota|schedule'), 'docs/ONCALL.md': '# On call\nThe rota is in PagerDuty.\n' });
    assert.equal(ok.checks.find((c) => c.ruleId === 'custom/oncall')?.status, 'pass');
  });
});
