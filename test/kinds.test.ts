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

  it('asks an example neither process documents nor the operation of a service, and still judges its code', async () => {
    const r = await auditFiles({
      ...EXPRESS,
      'README.md': '# Login demo\n\nA demonstration of cookie sessions with Express.\n',
      'src/login.js': "const app = require('express')();\napp.post('/login', (req, res) => { res.cookie('session', 'x'); res.end(); });\n",
    });
    assert.equal(r.project.kind, 'example');
    const status = (id: string) => r.checks.find((c) => c.ruleId === id);
    for (const id of ['security/policy', 'docs/contributing', 'docs/changelog', 'ops/codeowners', 'ops/runbook', 'security/rate-limiting', 'security/personal-data-documented', 'observability/metrics']) {
      assert.equal(status(id)?.status, 'not-applicable', id);
      assert.match(status(id)?.reason ?? '', /not asked of an example, tutorial or sample collection/, id);
    }
    assert.notEqual(status('security/session-cookies')?.status, 'not-applicable');
    assert.notEqual(status('testing/tests-present')?.status, 'not-applicable');
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
