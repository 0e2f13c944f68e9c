/**
 * The scaffolder's files must pass the product's own checks: for a Node, a Python and a Go service,
 * every template is rendered into the workspace, the workspace is audited, and no finding may point
 * into a scaffolded file; the checks each template answers must not fail.
 */
import * as assert from 'node:assert/strict';
import { audit } from '../server/src/core/engine';
import { detectFacts } from '../server/src/core/facts';
import { Workspace } from '../server/src/core/workspace';
import { parseManifest } from '../server/src/manifest/load';
import { SourceFile } from '../server/src/core/source';
import { answers, scaffoldFiles, scaffoldPlan, TEMPLATES } from '../server/src/lsp/scaffold';
import { FIXED_NOW } from './helpers';

const PROJECTS: Record<string, Record<string, string>> = {
  node: {
    'package.json': JSON.stringify({ name: 'orders', scripts: { start: 'node server.js', test: 'node --test', lint: 'eslint .' }, dependencies: { express: '^4.19.2', pg: '^8.0.0' } }),
    'package-lock.json': '{}',
    'server.js': "const app = require('express')();\nconst port = process.env.PORT || 8080;\napp.get('/healthz', (q, r) => r.send('ok'));\nconst db = process.env.DATABASE_URL;\napp.listen(port);\n",
  },
  python: {
    'requirements.txt': 'fastapi==0.110.0\nuvicorn==0.29.0\n',
    'app/main.py': "import os\nfrom fastapi import FastAPI\napp = FastAPI()\nTOKEN = os.environ.get('API_TOKEN')\n@app.get('/health')\ndef health():\n    return {'ok': True}\n",
  },
  go: {
    'go.mod': 'module example.com/svc\n\ngo 1.23\n',
    'main.go': 'package main\n\nimport (\n\t"net/http"\n\t"os"\n)\n\nfunc main() {\n\t_ = os.Getenv("LOG_LEVEL")\n\thttp.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {})\n\thttp.ListenAndServe(":8080", nil)\n}\n',
  },
};

describe('lsp: scaffolded files pass the product’s own checks, and scaffolded documents say they are unfilled', () => {
  for (const [stack, files] of Object.entries(PROJECTS)) {
    it(`${stack}: every template is created and none of them has a finding`, async () => {
      const ws0 = Workspace.fromFiles(files);
      const facts0 = detectFacts(ws0);
      const plan = scaffoldPlan(ws0, facts0, null);
      assert.ok(plan.length >= 9, `${plan.length} candidates: ${plan.map((c) => c.id).join(', ')}`);
      assert.ok(plan.every((c) => !c.exists && c.recommended));
      const created = scaffoldFiles(ws0, facts0, TEMPLATES.map((t) => t.id));
      assert.equal(created.size, plan.length);
      const all = { ...files, ...Object.fromEntries(created) };
      const ws = Workspace.fromFiles(all);
      const manifest = parseManifest(new SourceFile('readiness.yaml', created.get('readiness.yaml')!, 'manifest'));
      assert.deepEqual(manifest.problems, [], 'the manifest template validates');
      const report = await audit({ ws, now: FIXED_NOW });
      // A restore drill is something a team does, not something a template can claim: the new
      // recovery plan honestly reports that its procedure was never tested.
      const needsRealWorldAction = new Set(['reliability/restore-tested']);
      // Documents are scaffolded with prompts marked TODO: their findings must say what is left to
      // fill in (nothing earns nothing), and every other file must pass outright.
      const toFill = new Set([...created].filter(([, t]) => /^\s*(?:[-*]\s+)?TODO:/m.test(t)).map(([p]) => p));
      assert.ok(toFill.has('docs/RUNBOOK.md') && toFill.has('SECURITY.md'), `document scaffolds carry TODO markers: ${[...toFill].join(', ')}`);
      for (const f of report.findings.filter((x) => x.file && toFill.has(x.file) && !needsRealWorldAction.has(x.ruleId))) assert.match(f.message, /TODO|fill|too thin|0 words/, `${f.ruleId}: ${f.message}`);
      const inScaffolded = report.findings.filter((f) => f.file && created.has(f.file) && !toFill.has(f.file) && !f.waived && !needsRealWorldAction.has(f.ruleId));
      assert.deepEqual(inScaffolded.map((f) => `${f.ruleId} ${f.file}:${(f.range?.start.line ?? 0) + 1} ${f.message}`), []);
      for (const t of TEMPLATES) {
        if (toFill.has(t.path)) continue;
        const failing = report.checks.filter((c) => answers(t, c.ruleId) && c.status === 'fail' && !needsRealWorldAction.has(c.ruleId));
        assert.deepEqual(failing.map((c) => `${c.ruleId}: ${c.findings.map((f) => f.message).join('; ')}`), [], `checks answered by ${t.path}`);
      }
      // Never overwrite: a second run creates nothing.
      assert.equal(scaffoldFiles(ws, detectFacts(ws), TEMPLATES.map((t) => t.id)).size, 0);
    });
  }
});
