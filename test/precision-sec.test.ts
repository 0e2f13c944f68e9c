/**
 * The messages and evidence of the security and operations rules that the precision work on real
 * repositories changed (issue 8): what a finding advises follows the framework that serves HTTP, and a
 * variable named in the project's documentation is reported as documented, with where.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { auditDir, auditFiles, ruleFixtures } from './helpers';

describe('precision of the security rules on real repositories', () => {
  it('security/http-headers advises the middleware of the Go server, not of a tooling package.json', async () => {
    const report = await auditDir(path.join(ruleFixtures('security/http-headers'), 'fail-go-pages-with-tooling'), ['security/http-headers']);
    const f = report.findings.find((x) => x.ruleId === 'security/http-headers');
    assert.ok(f, 'a finding');
    assert.match(f.message, /unrolled\/secure/);
    assert.doesNotMatch(f.message, /helmet/);
    const check = report.checks.find((c) => c.ruleId === 'security/http-headers');
    assert.ok(check?.evidence?.some((e) => /serves HTML: it holds templates\/index\.gohtml/.test(e.message)), 'the evidence says why the service serves HTML');
  });

  it('security/http-headers is not applicable to a JSON API, whatever its e-mail templates hold', async () => {
    const report = await auditDir(path.join(ruleFixtures('security/http-headers'), 'na-json-api'), ['security/http-headers']);
    const check = report.checks.find((c) => c.ruleId === 'security/http-headers');
    assert.equal(check?.status, 'not-applicable');
    assert.match(check?.reason ?? '', /serves no HTML/);
  });

  it('security/env-example credits the documentation and names the pages it read', async () => {
    const report = await auditDir(path.join(ruleFixtures('security/env-example'), 'partial-documented-in-docs'), ['security/env-example']);
    const check = report.checks.find((c) => c.ruleId === 'security/env-example');
    assert.equal(check?.status, 'partial');
    assert.ok(check?.evidence?.some((e) => e.file === 'docs/configuration.md'));
    const messages = report.findings.filter((x) => x.ruleId === 'security/env-example').map((x) => x.message);
    assert.ok(messages.every((m) => !m.includes('SMTP_HOST')), 'SMTP_HOST is documented');
    assert.ok(messages.some((m) => m.includes('PAYMENTS_TOKEN')));
  });

  it('security/no-private-keys matches a key name as a whole file name', async () => {
    const files = {
      'go.mod': 'module example.com/x\n\ngo 1.22\n',
      'main.go': 'package main\n\n// key_file: "./certs/server-key.pem"\nfunc main() {}\n',
      'configs/certs/key.pem': '-----BEGIN RSA PRIVATE KEY-----\nnot a real key\n-----END RSA PRIVATE KEY-----\n',
      'tls_test.go': 'package main\n\nvar _ = "configs/certs/key.pem"\n',
    };
    const report = await auditFiles(files, ['security/no-private-keys']);
    assert.equal(report.checks.find((c) => c.ruleId === 'security/no-private-keys')?.status, 'pass');
  });
});
