/**
 * The offline tables behind the time-aware rules (rules/lib/data/eol.json, action-runtimes.json) and
 * what the scaffolds write from them. The first test fails a year after the tables were taken, on
 * purpose: the tables must then be refreshed (from endoflife.date and the actions' release notes),
 * or the rules would call supported versions current long after they are not.
 */
import * as assert from 'node:assert/strict';
import eol from '../server/src/rules/lib/data/eol.json';
import runtimes from '../server/src/rules/lib/data/action-runtimes.json';
import { activeNodeLts, currentCycle, cycleOf, cycles, imageEol, pastEndOfLife, versionEol, type Product } from '../server/src/rules/lib/eol';
import { PINNED, scaffoldWorkflow } from '../server/src/rules/lib/ci-scaffold';
import { scaffoldDockerfile } from '../server/src/rules/lib/container-scaffold';
import { Workspace } from '../server/src/core/workspace';
import { detectFacts } from '../server/src/core/facts';
import { audit } from '../server/src/core/engine';

const YEAR = 365 * 24 * 3600 * 1000;

describe('time-aware tables', () => {
  it('were taken less than a year ago (refresh rules/lib/data/*.json when this fails)', () => {
    for (const [name, taken] of [['eol.json', eol.taken], ['action-runtimes.json', runtimes.taken]] as const) {
      const age = Date.now() - Date.parse(`${taken}T00:00:00Z`);
      assert.ok(age < YEAR, `rules/lib/data/${name} was taken on ${taken}, more than a year ago: refresh it from endoflife.date (and the actions' release notes) and update its "taken" date`);
      assert.ok(age > -7 * 24 * 3600 * 1000, `rules/lib/data/${name} says it was taken on ${taken}, in the future`);
    }
  });

  it('list each product newest first, with consistent dates', () => {
    for (const product of Object.keys(eol.products) as Product[]) {
      const list = cycles(product);
      for (let i = 1; i < list.length; i++) {
        assert.ok(list[i - 1].releaseDate >= list[i].releaseDate, `${product} ${list[i - 1].releaseCycle} is listed before an older cycle`);
      }
      for (const c of list) if (typeof c.eol === 'string') assert.ok(c.eol > c.releaseDate, `${product} ${c.releaseCycle} ends before it starts`);
    }
  });

  it('read versions the way CI, nvm, pyenv and image tags write them', () => {
    const day = new Date('2026-12-06T00:00:00Z');
    assert.equal(cycleOf('nodejs', 'v18.19.0')?.releaseCycle, '18');
    assert.equal(cycleOf('python', '3.10')?.releaseCycle, '3.10');
    assert.equal(cycleOf('go', '1.21.5')?.releaseCycle, '1.21');
    assert.equal(cycleOf('debian', 'bookworm')?.releaseCycle, '12');
    assert.equal(versionEol('nodejs', 'lts/hydrogen', day)?.cycle.releaseCycle, '18');
    assert.equal(versionEol('nodejs', '24.x', day), undefined);
    assert.equal(versionEol('python', '3.x', day), undefined);
    assert.ok(pastEndOfLife('python', '3.10', day), 'Python 3.10 ended in October 2026');
    assert.deepEqual(imageEol('node:22-bullseye-slim', day).map((h) => h.label), ['Debian 11 (bullseye)']);
    assert.deepEqual(imageEol('docker.io/library/python:3.8-alpine3.18', day).map((h) => h.label), ['Python 3.8', 'Alpine Linux 3.18']);
    assert.deepEqual(imageEol('ghcr.io/acme/node:18', day), [], 'only official images are judged');
  });

  it('name the active Node.js LTS of a day from the schedule', () => {
    assert.equal(activeNodeLts(new Date('2026-06-01T00:00:00Z')), '24');
    // Node.js 26 became LTS on 2026-10-28; 24 entered maintenance on 2026-10-20.
    assert.equal(activeNodeLts(new Date('2026-12-06T00:00:00Z')), '26');
  });
});

describe('scaffolds write current versions', () => {
  const day = new Date(`${eol.taken}T00:00:00Z`);
  const node = { 'package.json': '{"name":"api","version":"1.0.0","scripts":{"test":"node --test"},"dependencies":{"express":"^5.0.0"},"engines":{"node":"18"}}\n', 'package-lock.json': '{}\n', 'server.js': 'require("express")().listen(3000)\n' };
  const python = { 'requirements.txt': 'fastapi\nuvicorn\n', '.python-version': '3.8.18\n', 'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n' };
  const go = { 'go.mod': 'module example.com/api\n\ngo 1.21\n', 'main.go': 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n' };

  it('pin every action of the CI scaffold to a Node 24 major by full SHA with the version in a comment', () => {
    for (const uses of Object.values(PINNED)) {
      const m = /^([\w-]+\/[\w-]+)@([0-9a-f]{40}) # v(\d+)\.\d+\.\d+$/.exec(uses);
      assert.ok(m, `${uses} is not pinned by SHA with a version comment`);
      const first = (runtimes.actions as Record<string, { node24: number }>)[m[1]]?.node24;
      assert.ok(first !== undefined && Number(m[3]) >= first, `${uses} is older than the first Node 24 major of ${m[1]}`);
    }
  });

  for (const [stack, files] of [['node', node], ['python', python], ['go', go]] as const) {
    it(`${stack}: the CI workflow and Dockerfile pass the time-aware rules on the day the tables were taken`, async () => {
      const ws = Workspace.fromFiles(files);
      const facts = detectFacts(ws);
      const dockerfile = scaffoldDockerfile(ws, facts, day);
      assert.ok(dockerfile, 'no Dockerfile scaffold');
      const workflow = scaffoldWorkflow(ws, facts, stack, 'Dockerfile', day);
      const all = Workspace.fromFiles({ ...files, Dockerfile: dockerfile.content, '.github/workflows/ci.yml': workflow });
      const report = await audit({ ws: all, now: day, only: ['ci/action-runtime', 'ci/runtime-eol', 'docker/base-image-eol', 'ci/actions-pinned-sha', 'ci/workflow-valid'] });
      assert.deepEqual(report.findings.filter((f) => f.file !== 'package.json' && f.file !== '.python-version' && f.file !== 'go.mod').map((f) => `${f.ruleId}: ${f.message}`), []);
      if (stack === 'node') assert.match(workflow, new RegExp(`node-version: ${activeNodeLts(day)}\\b`));
      if (stack === 'python') assert.match(dockerfile.content, new RegExp(`python:${currentCycle('python', day).releaseCycle.replace('.', '\\.')}-slim`));
    });
  }
});
