/**
 * Roadmap writer tests: the generated roadmap has the seeds' shape and only measured facts, it passes
 * the roadmap checks itself, and a re-run after the repository changed updates ticks and numbers while
 * keeping every line the team added. The last tests drive `readiness roadmap` on a folder on disk.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { audit } from '../server/src/core/engine';
import { Workspace } from '../server/src/core/workspace';
import { roadmapCommand } from '../server/src/cli/roadmap';
import { generateRoadmap, isGeneratedRoadmap, mergeRoadmap, renderRoadmap } from '../server/src/roadmap/writer';
import { parseRoadmap } from '../server/src/roadmap/parse';
import { FIXED_NOW } from './helpers';

const DATE = '2026-06-01';

/** A small Node service: root container, CI without tests, a README. */
function service(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'package.json': JSON.stringify({ name: 'svc', version: '1.0.0', scripts: { start: 'node server.js', test: 'node --test' }, dependencies: { express: '^4.19.2' } }, null, 2),
    'server.js': "const express = require('express');\nconst app = express();\napp.get('/health', (req, res) => res.send('ok'));\napp.listen(3000);\n",
    Dockerfile: 'FROM node:20.11-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node", "server.js"]\n',
    '.github/workflows/ci.yml': 'name: ci\non: [push, pull_request]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci\n',
    'README.md': '# Service\n\nA small service.\n\n## Install\n\nRun npm install to fetch the dependencies.\n\n## Run\n\nRun npm start to start it on port 3000.\n\n## Test\n\nRun npm test to run the whole suite.\n',
    ...extra,
  };
}

async function auditOf(files: Record<string, string>) {
  return audit({ ws: Workspace.fromFiles(files), now: FIXED_NOW });
}

describe('roadmap writer', () => {
  it('writes the summary, scorecard, phases and success criteria from measured facts', async () => {
    const report = await auditOf(service());
    const text = renderRoadmap(report, { date: DATE });
    assert.ok(isGeneratedRoadmap(text));
    assert.match(text, new RegExp(`\\*\\*Status:\\*\\* \\S+ ${report.score}% production ready \\(measured\\)`));
    assert.match(text, /^## Executive Summary$/m);
    assert.match(text, /^\| Category \| Current \| Target \| Gap \| Priority \|$/m);
    assert.match(text, new RegExp(`^\\| \\*\\*Overall\\*\\* \\| \\*\\*${report.score}%\\*\\*`, 'm'));
    // Phases in priority order; every applicable check appears once, failing ones open with where and fix.
    const phases = [...text.matchAll(/^## Phase (\d+): \S+ (\w+)$/gm)].map((m) => m[2]);
    assert.deepEqual(phases, ['Critical', 'High', 'Medium', 'Low'].filter((p) => phases.includes(p)));
    // Every applicable check appears once: ticked when it passes, open with where and fix when it fails.
    const lines = text.split('\n');
    for (const c of report.checks.filter((x) => x.status !== 'not-applicable' && !x.ruleId.startsWith('roadmap/'))) {
      const at = lines.findIndex((l) => /^- \[[ x]\] /.test(l) && l.includes(`— \`${c.ruleId}\``));
      assert.ok(at >= 0, `${c.ruleId} is listed`);
      assert.equal(lines.filter((l) => /^- \[[ x]\] /.test(l) && l.includes(`— \`${c.ruleId}\``)).length, 1, `${c.ruleId} appears once`);
      const done = c.status === 'pass' || c.status === 'waived';
      assert.ok(lines[at].startsWith(done ? '- [x] ' : '- [ ] '), `${c.ruleId} is ${done ? 'ticked' : 'open'}`);
      const first = c.findings.find((f) => !f.waived);
      if (!done && first) {
        assert.match(lines[at + 1], /^ {2}- Where: /);
        assert.ok(lines[at + 1].includes(first.file ? `\`${first.file}` : 'repository'), lines[at + 1]);
        const withFix = c.findings.find((f) => !f.waived && f.fix);
        assert.ok(lines[at + 2].startsWith(`  - Fix: ${withFix ? withFix.fix!.title.slice(0, 20) : first.message.slice(0, 20)}`), lines[at + 2]);
      }
    }
    const nonRoot = lines.findIndex((l) => l.includes('`docker/non-root-user`'));
    assert.match(lines[nonRoot], /^- \[ \] \*\*Container runs as a non-root user\*\*/);
    assert.match(lines[nonRoot + 1], /^ {2}- Where: `Dockerfile:1`$/);
    assert.match(text, /^## Success Criteria$/m);
    assert.match(text, /^- \[ \] Overall score ≥ 90% \(now [\d.]+%\)$/m);
    assert.match(text, /^- \[ \] Level production reached/m);
  });

  it('writes a roadmap that the roadmap checks find true', async () => {
    const files = service();
    const first = await auditOf(files);
    const text = renderRoadmap(first, { date: DATE });
    const doc = parseRoadmap('docs/ROADMAP.md', text);
    assert.ok(doc.generated);
    assert.ok(doc.items.length > 10);
    const again = await auditOf({ ...files, 'docs/ROADMAP.md': text });
    const onIt = again.findings.filter((f) => f.file === 'docs/ROADMAP.md');
    assert.deepEqual(onIt.map((f) => `${f.ruleId}:${(f.range?.start.line ?? 0) + 1} ${f.message}`), []);
    const done = again.checks.find((c) => c.ruleId === 'roadmap/done-but-failing')!;
    assert.equal(done.status, 'pass');
  });

  it('updates ticks and numbers on a re-run and keeps the team lines', async () => {
    const before = await auditOf(service());
    const first = generateRoadmap(before, undefined, { date: DATE });
    // The team edits the generated roadmap.
    let edited = first.replace(/^# .*$/m, '# Orders Service Roadmap');
    edited = edited.replace(/^(- \[ \] \*\*Container runs as a non-root user\*\*.*\n {2}- Where: .*\n {2}- Fix: .*)$/m, '$1\n  - Owner: @alice, due 2026-07-01');
    edited = edited.replace('## Phase 1:', 'Team note: the critical items block the launch review.\n\n## Phase 1:');
    edited = edited.replace(/^(## Success Criteria\n\n)/m, '$1- [ ] Security review signed off by the CISO\n');
    edited += '\n## Notes from the team\n\nWe ship on Fridays only after the checklist is green.\n';
    assert.notEqual(edited, first);
    // The repository changes: the container now runs as a non-root user.
    const after = await auditOf(service({ Dockerfile: 'FROM node:20.11-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nUSER node\nCMD ["node", "server.js"]\n' }));
    const next = generateRoadmap(after, edited, { date: '2026-06-02' });
    const lines = next.split('\n');
    assert.equal(lines[0], '# Orders Service Roadmap');
    assert.match(next, /^- \[x\] \*\*Container runs as a non-root user\*\* — `docker\/non-root-user`$/m);
    const tick = lines.findIndex((l) => l.includes('`docker/non-root-user`'));
    assert.equal(lines[tick + 1], '  - Owner: @alice, due 2026-07-01', 'the sub-bullet stays under its item');
    assert.ok(!/Add `USER node`/.test(next), 'the fix of a passing check is gone');
    assert.match(next, new RegExp(`\\*\\*Status:\\*\\* \\S+ ${after.score}% production ready`));
    assert.match(next, /\*\*Last measured:\*\* 2026-06-02/);
    assert.ok(lines.indexOf('Team note: the critical items block the launch review.') < lines.findIndex((l) => l.startsWith('## Phase 1:')));
    assert.ok(lines.indexOf('Team note: the critical items block the launch review.') > lines.findIndex((l) => l.startsWith('<!-- readiness:end summary')));
    assert.ok(lines.indexOf('- [ ] Security review signed off by the CISO') > lines.indexOf('## Success Criteria'));
    assert.ok(lines.indexOf('## Notes from the team') > lines.indexOf('## Success Criteria'));
    assert.ok(next.includes('We ship on Fridays only after the checklist is green.'));
    for (const team of ['Owner: @alice', 'Team note', 'Security review signed off', 'Notes from the team', 'We ship on Fridays']) {
      assert.equal(next.split(team).length - 1, 1, `${team} appears once`);
    }
    // A re-run without changes is stable.
    assert.equal(mergeRoadmap(next, renderRoadmap(after, { date: '2026-06-02' })), next);
  });

  describe('readiness roadmap', () => {
    let dir: string;
    const io = { out: (s: string) => void (io.stdout += s), err: (s: string) => void (io.stderr += s), stdout: '', stderr: '' };
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-roadmap-'));
      for (const [p, t] of Object.entries(service())) {
        fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
        fs.writeFileSync(path.join(dir, p), t);
      }
      io.stdout = '';
      io.stderr = '';
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('writes docs/ROADMAP.md, keeps it up to date, and reports when it is stale', async () => {
      assert.equal(await roadmapCommand(dir, { date: DATE, io }), 0);
      const file = path.join(dir, 'docs', 'ROADMAP.md');
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(isGeneratedRoadmap(text));
      assert.equal(await roadmapCommand(dir, { check: true, date: DATE, io }), 0, io.stderr);
      fs.writeFileSync(file, text + '\nA line the team added.\n');
      fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM node:20.11-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nUSER node\nCMD ["node", "server.js"]\n');
      assert.equal(await roadmapCommand(dir, { check: true, date: DATE, io }), 1);
      assert.equal(await roadmapCommand(dir, { date: DATE, io }), 0);
      const updated = fs.readFileSync(file, 'utf8');
      assert.match(updated, /^- \[x\] \*\*Container runs as a non-root user\*\*/m);
      assert.ok(updated.includes('A line the team added.'));
      // What was written is what the next audit measures.
      const report = await audit({ ws: Workspace.load(dir), now: FIXED_NOW });
      assert.deepEqual(report.findings.filter((f) => f.file === 'docs/ROADMAP.md').map((f) => f.message), []);
      assert.match(updated, new RegExp(`\\*\\*Status:\\*\\* \\S+ ${report.score}% production ready`));
    });

    it('never overwrites a roadmap it did not write', async () => {
      fs.mkdirSync(path.join(dir, 'docs'));
      fs.writeFileSync(path.join(dir, 'docs', 'ROADMAP.md'), '# Our roadmap\n\n- [ ] Ship it\n');
      assert.equal(await roadmapCommand(dir, { io }), 2);
      assert.match(io.stderr, /was not written by readiness/);
      assert.equal(fs.readFileSync(path.join(dir, 'docs', 'ROADMAP.md'), 'utf8'), '# Our roadmap\n\n- [ ] Ship it\n');
      assert.equal(await roadmapCommand(dir, { stdout: true, date: DATE, io }), 0);
      assert.match(io.stdout, /^# Production Readiness Roadmap/);
      assert.equal(await roadmapCommand(dir, { output: path.join(dir, 'PLAN.md'), date: DATE, io }), 0);
      assert.ok(isGeneratedRoadmap(fs.readFileSync(path.join(dir, 'PLAN.md'), 'utf8')));
    });
  });
});
