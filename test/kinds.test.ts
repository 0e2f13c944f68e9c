/**
 * Project kinds from what a repository says of itself (issue 8): examples, tutorials, courses and
 * sample collections are kind `example`, detected from the README's headline or first sentence, a
 * course link, the package description or a layout of independent samples; the manifest's `kind:`
 * overrides it; process documents and the operation of a service are not asked of an example, the
 * technical hygiene of its code still is. Also: folders below a JVM source root are package names,
 * not helper trees.
 */
import * as assert from 'node:assert/strict';
import { headlineAndParagraph } from '../server/src/core/self-description';
import { isTemplatePath } from '../server/src/core/paths';
import { auditFiles } from './helpers';

const EXPRESS = {
  'package.json': JSON.stringify({ name: 'app', dependencies: { express: '^4.19.2' } }),
  'src/index.js': "const app = require('express')();\napp.post('/items', (req, res) => res.json(req.body));\napp.listen(3000);\n",
};

describe('kinds: examples, tutorials and sample collections', () => {
  it('reads the headline (with an image’s alt text) and the first paragraph past badges', () => {
    const r = headlineAndParagraph('# ![Django DRF Example App](logo.png)\n\n[![Build](b.svg)](ci)\n\n> ### Example Django codebase containing real world examples.\n\nMore.\n');
    assert.equal(r.headline, 'Django DRF Example App');
    assert.match(r.paragraph, /^Example Django codebase/);
    const setext = headlineAndParagraph('http-echo\n=========\n\nHTTP Echo is a small go web server.\n');
    assert.equal(setext.headline, 'http-echo');
    assert.equal(setext.paragraph, 'HTTP Echo is a small go web server.');
  });

  const cases: [string, Record<string, string>, RegExp][] = [
    ['a README headline', { 'README.md': '# Spring PetClinic Sample Application [![Build](x.svg)](y)\n\nRun it.\n' }, /headline calls it a sample/],
    ['the first sentence', { 'README.md': '# Awesome Compose\n\n> A curated list of Docker Compose samples.\n\nThese samples provide a starting point.\n' }, /opens by calling it a sample/],
    ['a course link', { 'README.md': '# Test-Driven Development with FastAPI and Docker\n\nhttps://testdriven.io/courses/tdd-fastapi/\n' }, /link to the course/],
    ['the package description', { 'README.md': '# Bakery\n\nRun `npm start`.\n', 'package.json': JSON.stringify({ name: 'bakery', description: 'Demo site for the CMS.', dependencies: { express: '^4.19.2' } }) }, /package\.json describes it as a demo/],
    ['the most specific word', { 'README.md': '# Docker Getting Started Tutorial\n\nThis tutorial was written to help folks.\n' }, /calls it a tutorial/],
  ];
  for (const [what, files, why] of cases) {
    it(`detects an example from ${what}, and says why`, async () => {
      const r = await auditFiles({ ...EXPRESS, ...files });
      assert.equal(r.project.kind, 'example');
      assert.match(r.project.kindWhy.join('\n'), why);
    });
  }

  it('detects a collection of independent samples by its layout', async () => {
    const files: Record<string, string> = { 'README.md': '# Recipes\n\nRun any of them.\n' };
    for (const s of ['flask', 'node', 'go', 'react', 'django']) {
      files[`${s}/README.md`] = `# ${s}\n`;
      files[`${s}/compose.yaml`] = 'services:\n  app:\n    build: .\n';
      files[`${s}/app.py`] = 'print(1)\n';
    }
    const r = await auditFiles(files);
    assert.equal(r.project.kind, 'example');
    assert.match(r.project.kindWhy.join('\n'), /collection of 5 independent samples/);
  });

  it('is not fooled by "for example", by a product of its own, nor by a codeless repository', async () => {
    const service = await auditFiles({ ...EXPRESS, 'README.md': '# Orders API\n\nThe orders service. It answers, for example, `GET /orders/1`.\n' });
    assert.equal(service.project.kind, 'service');
    const monorepo: Record<string, string> = { 'README.md': '# Platform\n\nOur services.\n', 'go.mod': 'module x\n' };
    for (const s of ['a', 'b', 'c', 'd', 'e']) Object.assign(monorepo, { [`${s}/README.md`]: '# s\n', [`${s}/Dockerfile`]: 'FROM scratch\n' });
    assert.notEqual((await auditFiles(monorepo)).project.kind, 'example');
    const codeless = await auditFiles({ 'README.md': '# No Code\n\nA demo of writing nothing.\n' });
    assert.equal(codeless.project.kind, 'codeless');
  });

  it('lets readiness.yaml override the detected kind both ways', async () => {
    const overridden = await auditFiles({ ...EXPRESS, 'README.md': '# Example of a collaboration server\n', 'readiness.yaml': 'kind: service\n' });
    assert.equal(overridden.project.kind, 'service');
    assert.match(overridden.project.kindWhy.join('\n'), /readiness\.yaml says kind: service/);
    const declared = await auditFiles({ ...EXPRESS, 'README.md': '# Orders\n', 'readiness.yaml': 'kind: example\n' });
    assert.equal(declared.project.kind, 'example');
  });

  const LOGIN_DEMO = {
    ...EXPRESS,
    'README.md': '# Login demo\n\nA demonstration of cookie sessions with Express.\n',
    'src/login.js': "const app = require('express')();\napp.post('/login', (req, res) => { res.cookie('session', 'x'); res.end(); });\n",
  };
  const PROCESS = ['security/policy', 'docs/contributing', 'docs/changelog', 'ops/codeowners', 'ops/runbook', 'security/rate-limiting', 'observability/metrics'];

  it('tells an example once what production asks of it: one finding stands for the checks of a product, which fail and earn nothing', async () => {
    const r = await auditFiles(LOGIN_DEMO);
    assert.equal(r.project.kind, 'example');
    assert.equal(r.facts.productKind, 'service');
    const status = (id: string) => r.checks.find((c) => c.ruleId === id);
    for (const id of PROCESS) {
      assert.equal(status(id)?.status, 'fail', id);
      assert.equal(status(id)?.credit, 0, id);
      assert.equal(status(id)?.blockedBy, 'project/example', id);
      assert.match(status(id)?.reason ?? '', /not asked of an example one by one \(project\/example stands for it\), so it earns nothing/, id);
    }
    // No finding of their own: one finding, on the README that calls it a demo, lists them all.
    assert.deepEqual(r.findings.filter((f) => PROCESS.includes(f.ruleId)), []);
    const one = r.findings.filter((f) => f.ruleId === 'project/example');
    assert.equal(one.length, 1);
    assert.equal(one[0].file, 'README.md');
    const folded = r.checks.filter((c) => c.blockedBy === 'project/example').map((c) => c.ruleId);
    assert.deepEqual(one[0].folded, folded);
    for (const id of PROCESS) assert.ok(folded.includes(id), id);
    assert.match(one[0].message, new RegExp(`^This repository is an example \\(its README\\.md headline calls it a demo.*\\): the ${folded.length} checks of operating and maintaining a production service \\(runbook, .*\\) are not asked of it one by one and earn nothing; set \`kind:\` in readiness\\.yaml if it is meant for production$`));
    // Folded checks are not next steps of their own, and the technical hygiene of its code is still judged.
    assert.ok(!r.nextSteps.some((s) => folded.includes(s.ruleId)));
    assert.ok(r.findings.some((f) => f.ruleId === 'security/session-cookies'));
    assert.notEqual(status('testing/tests-present')?.status, 'not-applicable');
  });

  it('never scores an example above the same repository declared a service', async () => {
    const example = await auditFiles(LOGIN_DEMO);
    const service = await auditFiles({ ...LOGIN_DEMO, 'readiness.yaml': 'kind: service\n' });
    assert.equal(service.project.kind, 'service');
    assert.ok(example.score <= service.score, `example ${example.score} > service ${service.score}`);
    assert.ok(!service.checks.some((c) => c.ruleId === 'project/example' && c.status !== 'not-applicable'));
    // The same documents pass for both; only the example earns nothing for them.
    const withPolicy = { ...LOGIN_DEMO, 'SECURITY.md': '# Security\n\nReport a vulnerability to security@example.org; we answer within 2 days.\n' };
    const ex2 = await auditFiles(withPolicy);
    const sv2 = await auditFiles({ ...withPolicy, 'readiness.yaml': 'kind: service\n' });
    assert.ok(ex2.score <= sv2.score, `example ${ex2.score} > service ${sv2.score}`);
    assert.equal(ex2.checks.find((c) => c.ruleId === 'security/policy')?.credit, 0);
  });

  it('keeps what has nothing to examine not applicable, and an example of a library is not asked what a service is', async () => {
    const r = await auditFiles(LOGIN_DEMO);
    // No Kubernetes manifests: nothing to examine for the replica count, as for a service.
    assert.equal(r.checks.find((c) => c.ruleId === 'k8s/replicas')?.status, 'not-applicable');
    const lib = await auditFiles({
      'README.md': '# Parser tutorial\n\nThis tutorial builds a small parsing library step by step.\n',
      'package.json': JSON.stringify({ name: 'parser', main: 'index.js' }),
      'index.js': 'module.exports = (s) => s.split(",");\n',
    });
    assert.equal(lib.project.kind, 'example');
    assert.equal(lib.facts.productKind, 'library');
    assert.equal(lib.checks.find((c) => c.ruleId === 'ops/runbook')?.status, 'not-applicable');
    assert.match(lib.checks.find((c) => c.ruleId === 'ops/runbook')?.reason ?? '', /not asked of an example/);
  });
});

describe('kinds: folders of a JVM package are not helper trees', () => {
  it('treats src/main/java/org/example/samples as product code, and a samples/ folder at the root as examples', async () => {
    assert.equal(isTemplatePath('src/main/java/org/springframework/samples/petclinic/Owner.java'), false);
    assert.equal(isTemplatePath('samples/petclinic/Owner.java'), true);
    const r = await auditFiles({
      'pom.xml': '<project><artifactId>petclinic</artifactId><dependencies><dependency><artifactId>spring-boot-starter-web</artifactId></dependency></dependencies></project>\n',
      'src/main/java/org/springframework/samples/petclinic/App.java': 'package org.springframework.samples.petclinic;\npublic class App {}\n',
      'src/test/java/org/springframework/samples/petclinic/AppTests.java': 'package org.springframework.samples.petclinic;\nimport org.junit.jupiter.api.Test;\nclass AppTests {\n  @Test\n  void starts() {}\n}\n',
    });
    assert.ok(!r.project.helpers.some((h) => h.path.includes('samples')), JSON.stringify(r.project.helpers));
    assert.notEqual(r.checks.find((c) => c.ruleId === 'testing/tests-present')?.status, 'not-applicable');
  });
});
