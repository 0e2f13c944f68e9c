/**
 * Robustness: the engine analyses every file of the real-world corpora without an exception and with
 * the same findings on two runs; its speed-ups (the YAML fast path, the dockerfile-ast tokeniser)
 * give exactly what the libraries give; and hostile inputs (an alias bomb, 10,000-deep nesting, a
 * 50 MB file, a binary Dockerfile, invalid UTF-8 and a BOM, CRLF, a symlink loop, an unreadable
 * folder, a file deleted mid-audit, a manifest of wrong types) give a clear finding or note, never a
 * crash or a hang. Hostile inputs are generated into the temporary folder.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { parseAllDocuments } from 'yaml';
import { audit } from '../server/src/core/engine';
import { PATCHED_VERSION, fastRawArguments, originalRawArguments } from '../server/src/core/dockerfile-perf';
import { YAML_OPTIONS, SourceFile } from '../server/src/core/source';
import { Workspace } from '../server/src/core/workspace';
import { YAML_FAST_VERSION, YAML_INSTALLED_VERSION, fastParseAllDocuments } from '../server/src/core/yaml-fast';
import { parseManifest } from '../server/src/manifest/load';
import type { Report } from '../server/src/core/types';
import { FIXED_NOW } from './helpers';
import {
  analyseFile,
  assertPositionsInside,
  fileRulesOf,
  loadCorpora,
  ruleFailures,
  tempDir,
  timed,
  writeTree,
  yamlDifferences,
  type CorpusFile,
} from './robustness-helpers';

const auditWs = (ws: Workspace): Promise<Report> => audit({ ws, now: FIXED_NOW });
const findingsKey = (r: Report) => JSON.stringify(r.findings.map((f) => [f.ruleId, f.file, f.range, f.message, f.severity]));

describe('robustness: real-world corpora', function () {
  this.timeout(120000);
  let corpora: { workflows: CorpusFile[]; dockerfiles: CorpusFile[] } | undefined;
  before(function () {
    const c = loadCorpora();
    if (typeof c === 'string') {
      console.warn(`    skipped: ${c}`);
      this.skip();
    }
    corpora = c as { workflows: CorpusFile[]; dockerfiles: CorpusFile[] };
  });

  it('holds 1,503 workflows and 432 Dockerfiles', () => {
    assert.equal(corpora!.workflows.length, 1503);
    assert.equal(corpora!.dockerfiles.length, 432);
  });

  const auditCorpus = async (files: Record<string, string>) => {
    const first = await auditWs(Workspace.fromFiles(files));
    const second = await auditWs(Workspace.fromFiles(files));
    return { first, second };
  };

  it('audits every workflow without an exception, twice with identical findings, positions inside', async () => {
    const files: Record<string, string> = {};
    for (const f of corpora!.workflows) files[`.github/workflows/${f.name}`] = f.text;
    const { first, second } = await auditCorpus(files);
    assert.deepEqual(ruleFailures(first), []);
    assert.equal(first.stats.analysedFiles >= 1503, true, `analysed ${first.stats.analysedFiles} files`);
    assert.equal(findingsKey(first), findingsKey(second));
    assertPositionsInside(first.findings, (f) => files[f]);
  });

  it('audits every Dockerfile without an exception, twice with identical findings, positions inside', async () => {
    const files: Record<string, string> = {};
    for (const f of corpora!.dockerfiles) files[`images/${f.name}`] = f.text;
    const { first, second } = await auditCorpus(files);
    assert.deepEqual(ruleFailures(first), []);
    assert.equal(findingsKey(first), findingsKey(second));
    assertPositionsInside(first.findings, (f) => files[f]);
  });

  it('the YAML fast path gives exactly what the yaml package gives on the workflows (every other one, for time)', () => {
    let fastCount = 0;
    const diffs: string[] = [];
    const sample = corpora!.workflows.filter((_, i) => i % 2 === 0);
    for (const f of sample) {
      const text = f.text.replace(/^\uFEFF/, '');
      const fast = fastParseAllDocuments(text, YAML_OPTIONS);
      if (!fast) continue;
      fastCount++;
      const d = yamlDifferences(fast, parseAllDocuments(text, YAML_OPTIONS) as unknown[]);
      if (d.length > 0) diffs.push(`${f.name}: ${d.join(' | ')}`);
    }
    assert.deepEqual(diffs.slice(0, 5), []);
    // The fast path must cover nearly every real workflow, or it is not worth having.
    assert.ok(fastCount / sample.length > 0.9, `fast path used for only ${fastCount} of ${sample.length}`);
  });

  it('the dockerfile-ast tokeniser speed-up gives the same arguments on every Dockerfile', () => {
    let n = 0;
    for (const f of corpora!.dockerfiles) {
      const df = DockerfileParser.parse(f.text);
      for (const ins of [...df.getInstructions(), ...df.getOnbuildTriggers()]) {
        n++;
        const a = JSON.stringify(originalRawArguments(ins));
        const b = JSON.stringify(fastRawArguments(ins as never));
        if (a !== b) assert.fail(`${f.name} line ${ins.getRange().start.line + 1}: ${a.slice(0, 200)} vs ${b.slice(0, 200)}`);
      }
    }
    assert.ok(n > 4000);
  });
});

describe('robustness: the speed-ups run on the library versions they were written for', () => {
  // Both speed-ups reproduce or build another library's private structures (dockerfile-ast's tokeniser,
  // the `yaml` package's node classes and schema tags): each is switched off for any other version, so an
  // upgrade would silently lose the speed. This fails instead, so that whoever upgrades re-checks the
  // equivalence tests above and moves the version in package.json and in the module together.
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };

  it('dockerfile-ast is pinned exactly to the version core/dockerfile-perf.ts patches', () => {
    assert.equal(pkg.devDependencies['dockerfile-ast'], PATCHED_VERSION);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the installed version is read from the package's own manifest.
    assert.equal((require('dockerfile-ast/package.json') as { version: string }).version, PATCHED_VERSION);
  });

  it('yaml is pinned exactly to the version core/yaml-fast.ts builds nodes for', () => {
    assert.equal(pkg.devDependencies.yaml, YAML_FAST_VERSION);
    assert.equal(YAML_INSTALLED_VERSION, YAML_FAST_VERSION);
    // The fast path is on: a plain workflow is parsed by it, not handed back to `yaml`.
    assert.ok(fastParseAllDocuments('on: push\njobs:\n  a:\n    runs-on: x\n', { ...YAML_OPTIONS }));
  });
});

describe('robustness: hostile inputs', function () {
  this.timeout(30000);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

  const billionLaughs = (levels = 12) => {
    const lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
    return lines.join('\n') + '\n';
  };

  it('a YAML alias bomb in a workflow, a compose file and the manifest finishes fast with a clear message', async () => {
    const bomb = billionLaughs();
    const ws = Workspace.fromFiles({
      '.github/workflows/bomb.yml': `on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n${bomb}`,
      'docker-compose.yml': `services:\n  web:\n    image: nginx:1.27\n${bomb}`,
      'readiness.yaml': `version: 1\n${bomb}`,
    });
    const { value: report, ms } = await timed(() => auditWs(ws));
    assert.ok(ms < 10000, `took ${ms} ms`);
    assert.deepEqual(ruleFailures(report), []);
    const about = (p: string) => [...report.findings.filter((f) => f.file === p).map((f) => f.message), ...report.notes.filter((n) => n.path === p).map((n) => n.message)];
    for (const p of ['.github/workflows/bomb.yml', 'docker-compose.yml', 'readiness.yaml']) {
      assert.ok(about(p).some((m) => /alias|resource exhaustion|not valid yaml|could not be read|yaml/i.test(m)), `no clear message about ${p}: ${JSON.stringify(about(p))}`);
    }
  });

  it('10,000-deep nesting in YAML, JSON, Markdown and a Dockerfile neither crashes nor hangs', async () => {
    const deep = 10000;
    const files: Record<string, string> = {
      '.github/workflows/deep-flow.yml': `on: push\njobs: ${'['.repeat(deep)}${']'.repeat(deep)}\n`,
      '.github/workflows/deep-map.yml': `on: push\njobs: ${'{a: '.repeat(deep)}1${'}'.repeat(deep)}\n`,
      'docker-compose.yml': `services: ${'['.repeat(deep)}${']'.repeat(deep)}\n`,
      'k8s/deep.yaml': `apiVersion: v1\nkind: ConfigMap\ndata: ${'['.repeat(deep)}${']'.repeat(deep)}\n`,
      'package.json': `{"name": "x", "dependencies": ${'['.repeat(deep)}${']'.repeat(deep)}}`,
      'README.md': `# Deep\n\n${'> '.repeat(deep)}quote\n\n${Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i)}- item`).join('\n')}\n`,
      Dockerfile: `FROM alpine:3.20\nRUN true ${'\\\n  && true '.repeat(deep)}\n`,
      'src/deep.ts': `export const x = ${'('.repeat(deep)}1${')'.repeat(deep)};\n`,
      'readiness.yaml': `version: 1\nrules: ${'{a: '.repeat(deep)}1${'}'.repeat(deep)}\n`,
    };
    const { value: report, ms } = await timed(() => auditWs(Workspace.fromFiles(files)));
    assert.ok(ms < 15000, `took ${ms} ms`);
    assert.deepEqual(ruleFailures(report), []);
    assertPositionsInside(report.findings, (f) => files[f]);
    // YAML too deep to read is said so, by a rule or a note.
    for (const p of ['.github/workflows/deep-flow.yml', '.github/workflows/deep-map.yml', 'docker-compose.yml', 'k8s/deep.yaml', 'readiness.yaml']) {
      const said = [...report.findings.filter((f) => f.file === p).map((f) => f.message), ...report.notes.filter((n) => n.path === p).map((n) => n.message)];
      assert.ok(said.some((m) => /yaml/i.test(m)), `nothing says ${p} could not be read: ${JSON.stringify(said)}`);
    }
  });

  it('a 50 MB file is listed but not read, with a note saying so', async () => {
    const { dir, cleanup } = tempDir('huge');
    try {
      const big = Buffer.alloc(50 * 1024 * 1024, 'RUN echo hello world\n');
      writeTree(dir, { Dockerfile: big, 'logs/huge.yml': big, 'README.md': '# Huge\n' });
      const { value: report, ms } = await timed(() => auditWs(Workspace.load(dir)));
      assert.ok(ms < 10000, `took ${ms} ms`);
      const notes = report.notes.filter((n) => n.kind === 'skipped-large').map((n) => n.path);
      assert.deepEqual(notes.sort(), ['Dockerfile', 'logs/huge.yml']);
      assert.deepEqual(ruleFailures(report), []);
    } finally {
      cleanup();
    }
  });

  it('a binary file named Dockerfile is skipped with a note; high bytes without NUL are analysed', async () => {
    const bin = new Uint8Array(4096);
    for (let i = 0; i < bin.length; i++) bin[i] = (i * 7919) % 256;
    const high = new Uint8Array(4096);
    for (let i = 0; i < high.length; i++) high[i] = 0x80 + ((i * 31) % 0x7f);
    const ws = Workspace.fromFiles({ Dockerfile: bin, 'api/Dockerfile': high, '.github/workflows/bin.yml': bin });
    const report = await auditWs(ws);
    assert.deepEqual(ruleFailures(report), []);
    const skipped = report.notes.filter((n) => n.kind === 'skipped-binary').map((n) => n.path).sort();
    assert.deepEqual(skipped, ['.github/workflows/bin.yml', 'Dockerfile']);
    assert.ok(ws.read('api/Dockerfile'), 'a file of high bytes without NUL is text (decoded with replacement characters)');
  });

  it('invalid UTF-8 and a byte-order mark give the same findings and positions as clean text', async () => {
    const docker = 'FROM node:latest\nRUN apt-get update && apt-get install curl\nCOPY . .\nCMD node server.js\n';
    const workflow = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: echo ${{ github.event.issue.title }}\n';
    const enc = new TextEncoder();
    const withBom = (s: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode(s)]);
    // Invalid sequences inside a comment line do not change any line or column before them.
    const withInvalid = (s: string) => new Uint8Array([...enc.encode(s), ...enc.encode('# '), 0xff, 0xfe, 0xc3, 0x28, 0x0a]);
    const dfRules = fileRulesOf('dockerfile');
    const wfRules = fileRulesOf('workflow');
    const key = (r: ReturnType<typeof analyseFile>) => JSON.stringify(r.findings.map((f) => [f.ruleId, f.range?.start, f.message]));
    const cleanD = analyseFile('Dockerfile', docker, dfRules);
    const cleanW = analyseFile('.github/workflows/ci.yml', workflow, wfRules);
    for (const variant of [withBom, withInvalid]) {
      const d = analyseFile('Dockerfile', variant(docker), dfRules);
      const w = analyseFile('.github/workflows/ci.yml', variant(workflow), wfRules);
      assert.deepEqual([...d.errors, ...w.errors], []);
      assert.equal(key(d), key(cleanD));
      assert.equal(key(w), key(cleanW));
      assert.ok(!d.ws.read('Dockerfile')!.text.startsWith('\uFEFF'), 'the BOM is removed');
    }
  });

  it('CRLF line endings give the same findings on the same lines as LF', async () => {
    const docker = 'FROM node:latest\r\nRUN apt-get update && apt-get install curl\r\nCOPY . .\r\nCMD node server.js\r\n';
    const workflow = 'on: push\r\njobs:\r\n  build:\r\n    runs-on: ubuntu-latest\r\n    steps:\r\n      - uses: actions/checkout@v4\r\n      - run: |\r\n          echo ${{ github.event.issue.title }}\r\n';
    const compose = 'services:\r\n  web:\r\n    image: nginx\r\n    environment:\r\n      PASSWORD: hunter22\r\n';
    const lf = (s: string) => s.replace(/\r\n/g, '\n');
    const lines = (r: Report) => JSON.stringify(r.findings.map((f) => [f.ruleId, f.file, f.range?.start.line, f.range?.end.line, f.message]));
    const crlfFiles = { Dockerfile: docker, '.github/workflows/ci.yml': workflow, 'docker-compose.yml': compose };
    const lfFiles = Object.fromEntries(Object.entries(crlfFiles).map(([k, v]) => [k, lf(v)]));
    const a = await auditWs(Workspace.fromFiles(crlfFiles));
    const b = await auditWs(Workspace.fromFiles(lfFiles));
    assert.deepEqual(ruleFailures(a), []);
    assert.equal(lines(a), lines(b));
    assertPositionsInside(a.findings, (f) => (crlfFiles as Record<string, string>)[f]);
    // The fast YAML path and the yaml package agree on CRLF text too.
    for (const text of [workflow, compose]) {
      const fast = fastParseAllDocuments(text, YAML_OPTIONS);
      assert.ok(fast, 'CRLF YAML takes the fast path');
      assert.deepEqual(yamlDifferences(fast!, parseAllDocuments(text, YAML_OPTIONS) as unknown[]), []);
    }
  });

  it('a symbolic link loop is noted and not followed', async function () {
    const { dir, cleanup } = tempDir('symlink');
    try {
      writeTree(dir, { 'a/Dockerfile': 'FROM alpine:3.20\n', 'README.md': '# x\n' });
      try {
        fs.symlinkSync('..', path.join(dir, 'a', 'loop'), 'dir');
        fs.symlinkSync('self', path.join(dir, 'self'));
      } catch (e) {
        console.warn(`    skipped: cannot create symbolic links here (${(e as Error).message})`);
        this.skip();
      }
      const { value: report, ms } = await timed(() => auditWs(Workspace.load(dir)));
      assert.ok(ms < 10000);
      assert.ok(report.notes.some((n) => n.kind === 'symlink-loop' && n.path === 'a/loop'), JSON.stringify(report.notes));
      assert.ok(report.notes.some((n) => n.path === 'self'), 'the self-referencing link is reported');
      assert.deepEqual(ruleFailures(report), []);
    } finally {
      cleanup();
    }
  });

  it(`an unreadable folder is noted, not fatal${isRoot ? ' (running as root, which reads chmod 000 folders: the read error is injected instead)' : ''}`, async () => {
    const { dir, cleanup } = tempDir('unreadable');
    const locked = path.join(dir, 'secret');
    const restore: (() => void)[] = [];
    try {
      writeTree(dir, { 'secret/Dockerfile': 'FROM alpine:3.20\n', 'README.md': '# x\n', 'secret.txt': 'x' });
      fs.chmodSync(locked, 0o000);
      restore.push(() => fs.chmodSync(locked, 0o755));
      let readable = true;
      try {
        fs.readdirSync(locked);
      } catch {
        readable = false;
      }
      if (readable) {
        // Root (or a capability) ignores the mode bits: make readdir fail for that folder instead, in
        // the `fs` module object the engine calls through.
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module object itself, to patch it.
        const nodeFs = require('node:fs') as { readdirSync: (...a: unknown[]) => unknown };
        const original = nodeFs.readdirSync;
        nodeFs.readdirSync = function (p: unknown, ...rest: unknown[]) {
          if (path.resolve(String(p)) === locked) throw Object.assign(new Error(`EACCES: permission denied, scandir '${String(p)}'`), { code: 'EACCES' });
          return original.call(nodeFs, p, ...rest);
        };
        restore.push(() => (nodeFs.readdirSync = original));
      }
      const report = await auditWs(Workspace.load(dir));
      const note = report.notes.find((n) => n.kind === 'unreadable' && n.path === 'secret');
      assert.ok(note, JSON.stringify(report.notes));
      assert.match(note!.message, /EACCES|permission/);
      assert.deepEqual(ruleFailures(report), []);
    } finally {
      for (const r of restore.reverse()) r();
      cleanup();
    }
  });

  it('a file deleted between discovery and reading is noted as vanished', async () => {
    const { dir, cleanup } = tempDir('vanish');
    try {
      writeTree(dir, { Dockerfile: 'FROM alpine:3.20\n', '.github/workflows/ci.yml': 'on: push\njobs: {}\n', 'README.md': '# x\n' });
      const ws = Workspace.load(dir);
      fs.rmSync(path.join(dir, 'Dockerfile'));
      fs.rmSync(path.join(dir, '.github/workflows/ci.yml'));
      const report = await auditWs(ws);
      const vanished = report.notes.filter((n) => n.kind === 'vanished').map((n) => n.path).sort();
      assert.deepEqual(vanished, ['.github/workflows/ci.yml', 'Dockerfile']);
      assert.deepEqual(ruleFailures(report), []);
    } finally {
      cleanup();
    }
  });

  it('a manifest with every field of the wrong type gives a finding per field and the defaults', async () => {
    const manifest = [
      'version: "one"',
      'project: [1, 2]',
      'level: 7',
      'categories: [containers]',
      'rules: all',
      'waivers: {rule: x}',
      'checks: 5',
      'ignore: {a: 1}',
      'suppressions: [true]',
      'maxFileSize: big',
      '',
    ].join('\n');
    const loaded = parseManifest(new SourceFile('readiness.yaml', manifest, 'manifest'));
    const fields = ['version', 'project', 'level', 'categories', 'rules', 'waivers', 'checks', 'ignore', 'suppressions', 'maxFileSize'];
    for (const f of fields) assert.ok(loaded.problems.some((p) => p.path[0] === f), `no problem reported for ${f}: ${JSON.stringify(loaded.problems.map((p) => p.message))}`);
    for (const p of loaded.problems) assert.ok(p.range.start.line < manifest.split('\n').length);
    const report = await auditWs(Workspace.fromFiles({ 'readiness.yaml': manifest, Dockerfile: 'FROM alpine:3.20\n' }));
    assert.deepEqual(ruleFailures(report), []);
    assert.ok(report.findings.filter((f) => f.ruleId === 'manifest/schema-error').length >= fields.length);
    assert.equal(report.targetLevel, 'production', 'the defaults apply');
  });
});
