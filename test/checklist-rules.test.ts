/**
 * The checklist rules (authentication, transport, input, availability, configuration, data,
 * ownership) on hostile input: lines of 200,000 characters of the shapes that make a careless regular
 * expression quadratic (spaces, `a.a.a.`, words, digits, brackets) in every kind of file they read.
 * Each audit must finish within the test timeout and no rule may throw.
 */
import * as assert from 'node:assert/strict';
import { auditFiles } from './helpers';

const RULES = [
  'security/authentication', 'security/authorization', 'security/tls-verification', 'security/cors-credentials', 'security/session-cookies',
  'security/https-enforced', 'security/input-validation', 'security/request-size-limit', 'security/personal-data-documented',
  'k8s/replicas', 'k8s/pod-disruption-budget', 'k8s/autoscaling', 'k8s/spread', 'k8s/ingress-tls', 'k8s/no-plain-secrets', 'k8s/helm-no-default-credentials',
  'compose/no-default-credentials', 'reliability/db-connection-pool', 'reliability/outbound-timeouts', 'reliability/data-retention',
  'ops/config-validated', 'ops/codeowners', 'ops/escalation-contact', 'observability/log-rotation',
];

/** A service whose every file carries one very long line of `fill`, after the words each rule looks for. */
function workspace(fill: string): Record<string, string> {
  const long = fill.repeat(Math.ceil(200_000 / fill.length));
  const bare = long.replace(/["}{]/g, '');
  return {
    'package.json': JSON.stringify({ name: 'svc', dependencies: { express: '1', pg: '1', mongoose: '1' } }),
    'requirements.txt': 'django\nfastapi\nrequests\n',
    'go.mod': 'module x\n\nrequire github.com/gin-gonic/gin v1.0.0\n',
    'src/server.js': `const express = require('express'); app.post("/a", h); cors({ origin: ${long} }); res.cookie('token', ${long}); axios.get(${long}); new Pool(${long}); if (x < ${long}) {}\n${long}`,
    'app/models.py': `from django.db import models\nfrom django.contrib.auth.models import User\n@login_required\ndef view(request):\n    pass\nclass AuditEvent(models.Model):\n    email = models.CharField(${long})\ndef prune_old():\n    X.objects.filter(created__lt=${long}).delete()\nrequests.get(${long})\nif ${long}is_admin:\n    pass\nSESSION_COOKIE_SECURE = ${long}`,
    'main.go': `package main\nfunc main() { c := &http.Client{${long}}; r.POST("/x", h); _ = tls.Config{InsecureSkipVerify: true ${long}} }\n${long}`,
    'docs/RUNBOOK.md': `# Runbook\n\n## Escalation\n\non-call ${long}\n`,
    'docs/PRIVACY.md': `# Privacy\n\n## Personal data\n\n${long}\n`,
    'k8s/app.yaml': `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n          image: "${bare}"\n`,
    'compose.yaml': `services:\n  db:\n    image: postgres\n    environment:\n      POSTGRES_PASSWORD: "\${P:-${bare}}"\n`,
    '.github/CODEOWNERS': `* ${long}\n`,
    'nginx.conf': `server { listen 443 ssl; Access-Control-Allow-Origin ${long} }\n`,
  };
}

describe('checklist rules on hostile input', () => {
  for (const fill of [' ', 'a.', 'x', '1', ' \n', '<', '{']) {
    it(`finishes on 200,000 × ${JSON.stringify(fill)}`, async () => {
      const report = await auditFiles(workspace(fill), RULES);
      assert.deepEqual(report.notes.filter((n) => /rule .* failed/.test(n.message)), [], 'no rule may throw');
      assert.equal(report.checks.length, RULES.length);
    });
  }
});
