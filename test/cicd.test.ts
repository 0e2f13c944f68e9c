/**
 * Tests of the ci-cd category beyond the fixture folders: the workflow view (triggers, `on` as a
 * string key), the workflow that `ci/workflow-present` scaffolds (it must pass every ci/* rule), and
 * robustness and throughput on the 1,503 real workflows of the shared corpus (skipped when absent).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { audit } from '../server/src/core/engine';
import { applyFixes } from '../server/src/core/fixes';
import { SourceFile } from '../server/src/core/source';
import type { FileRule, Rule, RuleContext } from '../server/src/core/types';
import { Workspace } from '../server/src/core/workspace';
import { detectFacts } from '../server/src/core/facts';
import { defaultManifest } from '../server/src/manifest/schema';
import { rules as ciRules } from '../server/src/rules/ci';
import { untrustedRefs, workflowOf } from '../server/src/rules/lib/workflow';
import { FIXED_NOW, REPO } from './helpers';
import { defaultOptionsOf } from '../server/src/core/rule-options';

const CI_IDS = ciRules.map((r) => r.id);
const FILE_RULES = ciRules.filter((r): r is FileRule => r.scope === 'file');

/** Reads the entries of a zip archive (stored or deflated), without any dependency. */
function readZip(buf: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let n = 0; n < count && buf.readUInt32LE(p) === 0x02014b50; n++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const data = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(data, data + size);
    if (!name.endsWith('/')) out.set(name, method === 8 ? zlib.inflateRawSync(raw) : Buffer.from(raw));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

function contexts(ws: Workspace): Map<Rule, RuleContext> {
  const facts = detectFacts(ws);
  const manifest = defaultManifest();
  return new Map(FILE_RULES.map((r) => [r, { ws, facts, manifest, options: defaultOptionsOf(r) ?? {}, now: FIXED_NOW }]));
}

describe('ci-cd: workflow view', () => {
  it('reads `on` as a string key in every form', () => {
    const wf = (t: string) => workflowOf(new SourceFile('.github/workflows/a.yml', t, 'workflow'));
    assert.deepEqual(wf('on: push\njobs: {}\n')?.triggers, ['push']);
    assert.deepEqual(wf('on: [push, pull_request]\njobs: {}\n')?.triggers, ['push', 'pull_request']);
    assert.deepEqual(wf('on:\n  push:\n    branches: [main]\n  workflow_dispatch:\njobs: {}\n')?.triggers, ['push', 'workflow_dispatch']);
    assert.deepEqual(wf('%YAML 1.1\n---\non: push\njobs: {}\n')?.triggers, ['push']);
    assert.equal(wf('jobs: [\n'), undefined);
  });

  it('recognises untrusted contexts', () => {
    assert.deepEqual(untrustedRefs("github.event.issue.title || github.event['pull_request']['body'] || github.event.issue.number || github.sha"), [
      'github.event.issue.title',
      'github.event.pull_request.body',
    ]);
    assert.deepEqual(untrustedRefs('github.head_ref'), ['github.head_ref']);
  });
});

describe('ci-cd: scaffolded workflow passes every ci rule', () => {
  const projects: Record<string, Record<string, string>> = {
    'node + TypeScript + Dockerfile': {
      'package.json': JSON.stringify({ name: 'app', scripts: { test: 'jest', lint: 'eslint .', typecheck: 'tsc --noEmit' }, devDependencies: { jest: '^29', eslint: '^9', typescript: '^5' } }),
      'package-lock.json': '{"lockfileVersion": 3}\n',
      'tsconfig.json': '{}\n',
      'src/index.ts': 'export const x = 1;\n',
      Dockerfile: 'FROM node:20\n',
    },
    'node with pnpm': {
      'package.json': JSON.stringify({ name: 'app', scripts: { test: 'vitest run', lint: 'eslint .' }, devDependencies: { vitest: '^2', eslint: '^9' } }),
      'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
    },
    python: { 'requirements.txt': 'flask\n', 'app.py': 'print(1)\n', 'services/api/Dockerfile': 'FROM python:3.12\n' },
    'python (pyproject only)': { 'pyproject.toml': '[project]\nname = "app"\n' },
    go: { 'go.mod': 'module example.com/app\n\ngo 1.22\n', 'main.go': 'package main\n' },
  };
  for (const [name, files] of Object.entries(projects)) {
    it(name, async () => {
      const before = await audit({ ws: Workspace.fromFiles(files), now: FIXED_NOW, only: ['ci/workflow-present'] });
      const fixes = before.findings.filter((f) => f.ruleId === 'ci/workflow-present' && f.fix).map((f) => f.fix!);
      assert.equal(fixes.length, 1, 'workflow-present offers one fix');
      const applied = applyFixes(fixes, (p) => files[p]);
      assert.deepEqual(applied.created, ['.github/workflows/ci.yml']);
      const after = { ...files, ...Object.fromEntries(applied.files) };
      const report = await audit({ ws: Workspace.fromFiles(after), now: FIXED_NOW, only: CI_IDS });
      for (const id of CI_IDS) {
        const check = report.checks.find((c) => c.ruleId === id);
        assert.ok(check, `${id} ran`);
        const detail = check.findings.map((f) => `${f.file}:${(f.range?.start.line ?? -1) + 1} ${f.message}`).join('\n');
        assert.ok(check.status === 'pass' || check.status === 'not-applicable', `${id} is ${check.status} on the scaffold:\n${detail}\n${applied.files.get('.github/workflows/ci.yml')}`);
      }
    });
  }
});

describe('ci-cd: real-world workflow corpus', function () {
  this.timeout(300_000);
  const candidates = [path.join(REPO, '..', 'shared', 'corpus', 'workflows-realworld.zip'), '/work/shared/corpus/workflows-realworld.zip'];
  const zip = candidates.find((p) => fs.existsSync(p));
  let tmp = '';

  before(function () {
    if (!zip) this.skip();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ci-corpus-'));
    const dir = path.join(tmp, '.github', 'workflows');
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, data] of readZip(fs.readFileSync(zip!))) fs.writeFileSync(path.join(dir, path.basename(name)), data);
  });
  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('analyses every workflow with every ci rule, without an exception, identically twice', async () => {
    const ws = Workspace.load(tmp);
    const paths = ws.pathsOfKind('workflow');
    assert.ok(paths.length >= 1500, `expected the 1,503 corpus workflows, found ${paths.length}`);
    const ctx = contexts(ws);
    const run = (read: (p: string) => SourceFile | undefined): string[] => {
      const out: string[] = [];
      for (const p of paths) {
        const file = read(p);
        if (!file) continue;
        for (const rule of FILE_RULES) {
          let findings;
          try {
            findings = rule.checkFile(file, ctx.get(rule)!);
          } catch (e) {
            assert.fail(`${rule.id} threw on ${p}: ${(e as Error).stack}`);
          }
          for (const f of findings) {
            assert.ok(f.message && /^[a-z`$"]/.test(f.message), `${rule.id} message must be a lower-case sentence: ${f.message}`);
            if (f.range) assert.ok(f.range.start.line >= 0 && f.range.end.line >= f.range.start.line, `${rule.id} bad range on ${p}`);
            out.push(`${p}:${rule.id}:${f.range?.start.line}:${f.range?.start.character}:${f.message}:${JSON.stringify(f.fix ?? null)}`);
          }
        }
      }
      return out;
    };
    const first = run((p) => ws.read(p));
    const texts = new Map(paths.map((p) => [p, ws.read(p)!.text]));
    const started = process.hrtime.bigint();
    const second = run((p) => new SourceFile(p, texts.get(p)!, 'workflow'));
    const coldMs = Number(process.hrtime.bigint() - started) / 1e6;
    assert.deepEqual(second, first, 'two runs give the same findings');
    const warmStart = process.hrtime.bigint();
    run((p) => ws.read(p));
    const warmMs = Number(process.hrtime.bigint() - warmStart) / 1e6;
    console.log(`      ${paths.length} workflows, ${FILE_RULES.length} ci file rules, ${first.length} findings: ${Math.round(paths.length / (coldMs / 1000))} files/s including YAML parsing, ${Math.round(paths.length / (warmMs / 1000))} files/s on parsed files`);

    // The workspace rules and the engine see the same corpus as one repository without failing.
    const report = await audit({ ws, now: FIXED_NOW, only: CI_IDS });
    const failures = ws.notes.filter((n) => /rule ci\/.* failed/.test(n.message));
    assert.deepEqual(failures, [], 'no ci rule failed inside the engine');
    assert.equal(report.checks.filter((c) => CI_IDS.includes(c.ruleId)).length, CI_IDS.length);
  });

  it('applies every fix of every ci rule to every workflow and keeps it valid YAML with fewer findings', () => {
    const ws = Workspace.load(tmp);
    const ctx = contexts(ws);
    let fixed = 0;
    for (const p of ws.pathsOfKind('workflow')) {
      const file = ws.read(p)!;
      const before = new Map<string, number>();
      const fixes = [];
      for (const rule of FILE_RULES) {
        const found = rule.checkFile(file, ctx.get(rule)!);
        before.set(rule.id, found.length);
        for (const f of found) if (f.fix) fixes.push(f.fix);
      }
      if (fixes.length === 0) continue;
      fixed++;
      const text = applyFixes(fixes, (q) => (q === p ? file.text : undefined)).files.get(p)!;
      const after = new SourceFile(p, text, 'workflow');
      assert.deepEqual(after.yamlDocs[0]?.errors.map((e) => e.message) ?? [], [], `fixes broke the YAML of ${p}`);
      let gained = 0;
      for (const rule of FILE_RULES) {
        const n = rule.checkFile(after, ctx.get(rule)!).length;
        assert.ok(n <= before.get(rule.id)!, `${rule.id} has more findings on ${p} after the fixes`);
        gained += before.get(rule.id)! - n;
      }
      assert.ok(gained > 0, `fixes removed no finding on ${p}`);
    }
    assert.ok(fixed > 1000, `expected fixes on most corpus workflows, got ${fixed}`);
  });
});
