/**
 * A hostile repository must not hang, crash, leak or write outside (issue 9). Each defect of the issue
 * is one test here, run against workspaces built at test time in a temporary folder: FIFOs, links to
 * `/dev/zero` and to folders and files outside the root, escape-laden file names, catastrophic
 * patterns, alias-heavy YAML, and write faults injected through the safe writer's file-system layer.
 * The CLI runs as a child process with a time limit, so a hang fails the test instead of the suite.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { audit } from '../server/src/core/engine';
import { applyFixes } from '../server/src/core/fixes';
import { nodeFs, SafeWriter, WriteError, type FsLayer } from '../server/src/core/fsafe';
import { SourceFile } from '../server/src/core/source';
import { Workspace } from '../server/src/core/workspace';
import { generateRoadmap, mergeRoadmap, renderRoadmap, RoadmapMergeError } from '../server/src/roadmap/writer';
import { roadmapCommand } from '../server/src/cli/roadmap';
import { allRules } from '../server/src/rules';
import { FIXED_NOW, REPO, ruleFixtures } from './helpers';

const BIN = path.join(REPO, 'bin', 'readiness.js');

/** Runs the CLI with a time limit; a hang comes back as a failure with the reason. */
function cli(args: string[], opts: { cwd?: string; timeout?: number } = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--max-old-space-size=1024', BIN, ...args], { encoding: 'utf8', cwd: opts.cwd ?? REPO, timeout: opts.timeout ?? 30000, env: { ...process.env, NO_COLOR: '1' } });
  assert.ok(!r.error, `readiness ${args.join(' ')} did not finish: ${r.error?.message}`);
  assert.notEqual(r.signal, 'SIGTERM', `readiness ${args.join(' ')} was stopped after the time limit`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary folder with a repository root and an "outside" folder next to it. */
function sandbox(): { root: string; outside: string; cleanup: () => void } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-hostile-'));
  const root = path.join(base, 'repo');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(root);
  fs.mkdirSync(outside);
  return { root, outside, cleanup: () => fs.rmSync(base, { recursive: true, force: true }) };
}

function write(root: string, files: Record<string, string | Uint8Array>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
}

/** Every file under a folder with its content, for before/after comparisons. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const abs = path.join(d, e.name);
      if (e.isDirectory()) walk(abs);
      else if (e.isFile()) out[path.relative(dir, abs)] = fs.readFileSync(abs, 'latin1');
    }
  };
  walk(dir);
  return out;
}

function mkfifo(p: string): boolean {
  try {
    execFileSync('mkfifo', [p]);
    return true;
  } catch {
    return false;
  }
}

const SERVICE: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'svc', version: '1.0.0', scripts: { start: 'node server.js', test: 'node --test' }, dependencies: { express: '^4.19.0' } }, null, 2) + '\n',
  'server.js': "const express = require('express');\nconst app = express();\napp.get('/health', (req, res) => res.send('ok'));\napp.listen(process.env.PORT || 3000);\n",
  Dockerfile: 'FROM node:20.11-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node", "server.js"]\n',
  'README.md': '# svc\n\nA small service.\n',
};

describe('hostile repositories (issue 9)', function () {
  this.timeout(120000);
  let box: ReturnType<typeof sandbox>;
  beforeEach(() => {
    box = sandbox();
  });
  afterEach(() => box.cleanup());

  it('defect 1: catastrophic patterns and globs in the manifest finish at once; a pattern RE2 cannot run is a finding at its position', () => {
    const stars = '*a'.repeat(20) + '*b';
    write(box.root, {
      'notes.txt': 'a'.repeat(31) + '!\n',
      ['a'.repeat(40)]: 'x\n',
      'readiness.yaml': [
        'checks:',
        '  - id: redos',
        '    title: Catastrophic pattern',
        '    category: quality',
        '    files: notes.txt',
        '    contains: "(a+)+$"',
        '  - id: lookbehind',
        '    title: Look-behind',
        '    category: quality',
        '    files: notes.txt',
        '    contains: "(?<=a)!"',
        '  - id: starry',
        '    title: Starry glob',
        '    category: quality',
        `    files: "${stars}"`,
        'ignore:',
        `  - "${stars}"`,
        'waivers:',
        '  - rule: custom/redos',
        `    paths: ["${stars}"]`,
        '    reason: accepted-risk',
        '',
      ].join('\n'),
    });
    const started = Date.now();
    const r = cli(['audit', box.root, '--format', 'json', '--fail-on', 'none', '--only', 'custom/redos,custom/lookbehind,custom/starry'], { timeout: 20000 });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(Date.now() - started < 20000);
    const report = JSON.parse(r.stdout);
    const status = (id: string) => report.checks.find((c: { ruleId: string }) => c.ruleId === id)?.status;
    assert.equal(status('custom/redos'), 'fail', 'the pattern ran (linear time) and did not match');
    assert.equal(status('custom/lookbehind'), 'fail');
    const problem = report.findings.find((f: { ruleId: string; message: string }) => f.ruleId === 'manifest/schema-error' && /contains/.test(f.message));
    assert.ok(problem, 'the pattern RE2 cannot run is a manifest finding');
    assert.match(problem.message, /linear time/);
    assert.equal(problem.line, 11, 'the finding points at the pattern');
  });

  it('defect 2: fix and roadmap never write through links leading outside the repository', function () {
    write(box.outside, { 'docs/keep.md': 'outside docs\n', 'github/keep.txt': 'x\n', 'gitignore.txt': 'node_modules\n', 'Dockerfile.outside': 'FROM node:20.11-alpine\nCMD ["node", "server.js"]\n' });
    const { Dockerfile: _unused, ...noDockerfile } = SERVICE;
    write(box.root, { ...noDockerfile, '.env': 'PORT=3000\n' });
    fs.symlinkSync(path.join(box.outside, 'docs'), path.join(box.root, 'docs'));
    fs.symlinkSync(path.join(box.outside, 'github'), path.join(box.root, '.github'));
    fs.symlinkSync(path.join(box.outside, 'gitignore.txt'), path.join(box.root, '.gitignore'));
    fs.symlinkSync(path.join(box.outside, 'Dockerfile.outside'), path.join(box.root, 'Dockerfile'));
    const before = snapshot(box.outside);
    const r = cli(['fix', box.root]);
    assert.deepEqual(snapshot(box.outside), before, 'nothing outside the repository was created or changed');
    assert.notEqual(r.status, 0, 'refused writes make the command fail');
    assert.match(r.stderr, /symbolic link/);
    // The roadmap's default place is docs/ROADMAP.md, inside a folder that links outside.
    const rm = cli(['roadmap', box.root]);
    assert.equal(rm.status, 2, rm.stderr);
    assert.match(rm.stderr, /symbolic link/);
    assert.deepEqual(snapshot(box.outside), before);
    // A ROADMAP.md that is itself a (dangling) link outside is not created there either.
    fs.rmSync(path.join(box.root, 'docs'));
    fs.mkdirSync(path.join(box.root, 'docs'));
    fs.symlinkSync(path.join(box.outside, 'ROADMAP.md'), path.join(box.root, 'docs', 'ROADMAP.md'));
    const rm2 = cli(['roadmap', box.root]);
    assert.equal(rm2.status, 2, rm2.stderr);
    assert.ok(!fs.existsSync(path.join(box.outside, 'ROADMAP.md')), 'the roadmap was not created outside');
  });

  it('defect 3: FIFOs and links to /dev/zero (.gitignore in any folder, the manifest, a Dockerfile) are skipped with a note, not read', function () {
    write(box.root, { ...SERVICE, 'sub/app.js': 'console.log(1)\n', 'pipe/x.txt': 'x\n' });
    fs.symlinkSync('/dev/zero', path.join(box.root, '.gitignore'));
    fs.symlinkSync('/dev/zero', path.join(box.root, 'sub', '.gitignore'));
    fs.symlinkSync('/dev/zero', path.join(box.root, 'readiness.yaml'));
    const fifo = mkfifo(path.join(box.root, 'pipe', '.gitignore')) && mkfifo(path.join(box.root, 'pipe', 'Dockerfile'));
    const r = cli(['audit', box.root, '--format', 'json', '--fail-on', 'none'], { timeout: 30000 });
    assert.equal(r.status, 0, r.stderr);
    const notes: { path: string | null; message: string }[] = JSON.parse(r.stdout).notes;
    const about = (p: string) => notes.filter((n) => n.path === p || n.message.includes(p));
    assert.ok(about('.gitignore').length > 0, JSON.stringify(notes));
    assert.ok(about('sub/.gitignore').length > 0, JSON.stringify(notes));
    assert.ok(about('readiness.yaml').length > 0, JSON.stringify(notes));
    if (fifo) {
      assert.ok(about('pipe/.gitignore').some((n) => /FIFO/.test(n.message)), JSON.stringify(notes));
      assert.ok(about('pipe/Dockerfile').some((n) => /FIFO/.test(n.message)), JSON.stringify(notes));
    }
  });

  it('defect 4: a huge .gitignore is not applied (and says so), the size limit has a ceiling, alias-heavy YAML parses and bombs are bounded', async () => {
    const many = Array.from({ length: 100000 }, (_, i) => `pattern-${i}/`).join('\n') + '\nignored.js\n';
    write(box.root, { ...SERVICE, '.gitignore': many, 'ignored.js': 'x\n', 'sub/.gitignore': '#'.repeat(100) + '\n' + 'y'.repeat(2_700_000) + '\n', 'sub/also.js': 'x\n' });
    const ws = Workspace.load(box.root, { maxFileSize: 100 * 1024 * 1024, maxFileSizeSource: 'readiness.yaml' });
    assert.ok(ws.exists('ignored.js'), 'a .gitignore that is not applied ignores nothing');
    assert.ok(ws.notes.some((n) => n.path === '.gitignore' && /not applied/.test(n.message)), JSON.stringify(ws.notes));
    // Many short patterns within the byte limit: the pattern count caps them.
    write(box.root, { 'many/.gitignore': Array.from({ length: 6000 }, (_, i) => `p${i}`).join('\n') + '\nskip.js\n', 'many/skip.js': 'x\n' });
    const ws2 = Workspace.load(box.root);
    assert.ok(ws2.exists('many/skip.js'));
    assert.ok(ws2.notes.some((n) => n.path === 'many/.gitignore' && /6001 patterns, over the limit of 5000; it is not applied/.test(n.message)), JSON.stringify(ws2.notes));
    assert.ok(ws.notes.some((n) => n.path === 'sub/.gitignore' && /over the .* limit.*not applied/.test(n.message)), JSON.stringify(ws.notes));
    assert.ok(ws.notes.some((n) => n.kind === 'limit' && /100\.0 MB set in readiness\.yaml is over the ceiling of 8\.0 MB/.test(n.message)), JSON.stringify(ws.notes));
    assert.equal(ws.fileSizeLimit, 8 * 1024 * 1024);
    // A compose file using one anchor 500 times is legitimate and parses.
    const compose = ['x-common: &common', '  restart: unless-stopped', '  healthcheck:', '    test: ["CMD", "true"]', 'services:', ...Array.from({ length: 500 }, (_, i) => `  svc${i}:\n    image: busybox:1.36\n    deploy: *common`), ''].join('\n');
    const file = new SourceFile('docker-compose.yml', compose, 'compose');
    const value = file.yaml as { services: Record<string, { deploy: { restart: string } }> };
    assert.equal(value?.services?.svc499?.deploy?.restart, 'unless-stopped', file.yamlProblems.join('; '));
    // A billion-laughs bomb is refused by its expanded size, with the reason.
    const bomb = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array.from({ length: 10 }, () => `*a${i}`).join(', ')}]`), ''].join('\n');
    const bombFile = new SourceFile('bomb.yml', bomb, 'yaml');
    assert.equal(bombFile.yaml, undefined);
    assert.match(bombFile.yamlProblems.join(';'), /expand to over/);
    // 5,000 anchor/alias pairs convert in linear time (the yaml package searched the document per alias).
    const pairs = (n: number) => ['on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', ...Array.from({ length: n }, (_, i) => `      - run: &r${i} echo ${i}\n      - run: *r${i}`), ''].join('\n');
    const wf = new SourceFile('.github/workflows/a.yml', pairs(5000), 'workflow');
    void wf.yamlDocs;
    const t = Date.now();
    const v = wf.yaml as { jobs: { a: { steps: { run: string }[] } } };
    assert.equal(v.jobs.a.steps[9999].run, 'echo 4999');
    assert.ok(Date.now() - t < 2000, `conversion took ${Date.now() - t} ms`);
    // 25,000 pairs (over a megabyte the full parser would chew on for seconds) are noted, not parsed.
    const big = new SourceFile('.github/workflows/b.yml', pairs(25000), 'workflow');
    assert.deepEqual(big.yamlDocs, []);
    assert.match(big.yamlProblems.join(';'), /over the 1024 KB limit/);
  });

  it('defect 5: terminal escapes and forged lines in file names and manifest text are escaped in the text report', () => {
    const evil = 'Dockerfile.\u001b]8;;evil\u0007x\u001b[2J';
    write(box.root, {
      ...SERVICE,
      [evil]: 'FROM node:latest\nCMD node server.js\n',
      'readiness.yaml': 'checks:\n  - id: spoof\n    title: "Spoof\\e[2J"\n    category: quality\n    files: nothing-here\n    message: "oops\\nreadiness: all gates passed\\e]0;pwned\\a"\n',
    });
    const r = cli(['audit', box.root, '--verbose']);
    const all = r.stdout + r.stderr;
    assert.ok(!all.includes('\u001b'), 'no escape character reaches the terminal');
    assert.ok(!all.includes('\u0007'));
    assert.ok(!all.split('\n').some((l) => l.trim() === 'readiness: all gates passed'), 'no forged line');
    assert.match(r.stdout, /Dockerfile\.\\e\]8;;evil\\x07x\\e\[2J/);
    assert.match(r.stdout, /oops\\nreadiness: all gates passed/);
  });

  it('defect 6: HTML and link syntax from the repository are escaped in the Markdown report and SARIF help', () => {
    write(box.root, {
      ...SERVICE,
      'Dockerfile.<img src=x onerror=alert(1)>': 'FROM node:latest\nCMD node server.js\n',
      'readiness.yaml': 'checks:\n  - id: inject\n    title: "</details><h1>ALL CHECKS PASS</h1>"\n    category: quality\n    files: nothing-here\n    message: "[c](javascript:alert(1)) ![i](https://evil.example/x.png)"\n',
    });
    const md = cli(['audit', box.root, '--format', 'markdown']).stdout;
    // Code spans show their content literally (no HTML, no links): look at everything else.
    const prose = md.replace(/(`+)(?:[^`]|[^`][\s\S]*?[^`])\1(?!`)/g, '');
    assert.ok(!prose.includes('<img'), md);
    assert.ok(!prose.includes('<h1>'), md);
    assert.ok(!/(?<!\\)\]\(javascript:/.test(prose), md);
    assert.ok(!md.includes('<h1>'), md);
    assert.ok(!/(?<!\\)\]\(javascript:/.test(md), md);
    assert.ok(!/!\[i\]\(/.test(md), md);
    assert.match(md, /`Dockerfile\.<img src=x onerror=alert\(1\)>/, 'paths sit in code spans');
    const sarif = JSON.parse(cli(['audit', box.root, '--format', 'sarif']).stdout);
    for (const rule of sarif.runs[0].tool.driver.rules) {
      assert.ok(!/<h1>|<\/details>/.test(rule.help.markdown), rule.help.markdown);
    }
  });

  it('defect 7: a write failure leaves the file intact, and the CLI exits non-zero', async () => {
    // `fix` cannot create .github/... when .github is a file: it says so and exits non-zero.
    const dir = path.join(box.root, 'svc');
    write(dir, { ...SERVICE, '.github': 'not a folder\n' });
    const r = cli(['fix', dir]);
    assert.notEqual(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stderr, /\.github/);
    fs.rmSync(path.join(dir, '.github'));
    // ENOSPC in the middle of an atomic replace: the original stays.
    const plain = path.join(box.root, 'plain');
    write(plain, { 'ROADMAP.md': 'x'.repeat(15000) });
    let writes = 0;
    const full: FsLayer = {
      ...nodeFs,
      writeSync: (fd, buf, off, len) => {
        if (++writes > 1) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
        return nodeFs.writeSync(fd, buf, off, Math.min(len, 100));
      },
    };
    const writer = new SafeWriter(plain, full);
    assert.throws(() => writer.replace('ROADMAP.md', 'y'.repeat(20000)), (e: unknown) => e instanceof WriteError && /ENOSPC.*unchanged/.test(e.message));
    assert.equal(fs.readFileSync(path.join(plain, 'ROADMAP.md'), 'utf8'), 'x'.repeat(15000));
    assert.deepEqual(fs.readdirSync(plain), ['ROADMAP.md'], 'no temporary file is left behind');
    // A create that fails half-way leaves no half file.
    writes = 0;
    assert.throws(() => writer.create('docs/new.md', 'z'.repeat(5000)), WriteError);
    assert.ok(!fs.existsSync(path.join(plain, 'docs', 'new.md')));
    // The roadmap command with a failing rename (a kill between write and rename) keeps the team's roadmap and exits 2.
    const io = { out: () => undefined, err: (s: string) => void (io.text += s), text: '' };
    assert.equal(await roadmapCommand(dir, { io, date: '2026-06-01' }), 0, io.text);
    const written = fs.readFileSync(path.join(dir, 'docs', 'ROADMAP.md'), 'utf8');
    const withNotes = written + '\n## Team notes\n\nKeep this.\n';
    fs.writeFileSync(path.join(dir, 'docs', 'ROADMAP.md'), withNotes);
    const failingRename: FsLayer = { ...nodeFs, renameSync: () => { throw Object.assign(new Error('killed'), { code: 'EIO' }); } };
    assert.equal(await roadmapCommand(dir, { io, date: '2026-06-02', fsl: failingRename }), 2);
    assert.equal(fs.readFileSync(path.join(dir, 'docs', 'ROADMAP.md'), 'utf8'), withNotes);
  });

  it('defect 8: fixes keep a byte-order mark and CRLF line endings, and a fix after a shell comment works once', () => {
    write(box.root, {
      ...SERVICE,
      '.gitignore': '\ufeffnode_modules\n',
      '.env': 'PORT=3000\n',
      Dockerfile: 'FROM debian:12.5\r\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10 # note\r\nCMD ["node", "server.js"]\r\n',
    });
    const r = cli(['fix', box.root]);
    assert.equal(r.status, 0, r.stderr);
    const gi = fs.readFileSync(path.join(box.root, '.gitignore'), 'utf8');
    assert.ok(gi.startsWith('\ufeffnode_modules\n'), JSON.stringify(gi));
    assert.match(gi, /^\.env$/m);
    const df = fs.readFileSync(path.join(box.root, 'Dockerfile'), 'utf8');
    assert.ok(!/[^\r]\n/.test(df), `only CRLF line endings: ${JSON.stringify(df)}`);
    assert.match(df, /curl=7\.88\.1-10 && rm -rf \/var\/lib\/apt\/lists\/\* # note\r\n/);
    const again = cli(['fix', box.root, '--only', 'docker/apt-lists-cleaned']);
    assert.match(again.stdout, /^0 file\(s\) changed/m, again.stdout);
  });

  it('defect 8: applying every fix of every rule fixture twice changes nothing the second time', async () => {
    const repeated: string[] = [];
    for (const rule of allRules) {
      const dir = ruleFixtures(rule.id);
      if (!fs.existsSync(dir)) continue;
      for (const c of fs.readdirSync(dir)) {
        if (c.endsWith('.fixed')) continue;
        const ws = Workspace.load(path.join(dir, c));
        const files: Record<string, string> = {};
        for (const f of ws.files) {
          const t = ws.read(f)?.text;
          if (t !== undefined) files[f] = t;
        }
        const first = await audit({ ws: Workspace.fromFiles(files), now: FIXED_NOW });
        const key = (f: { ruleId: string; fix?: { title: string; changes: { file: string; range?: { start: { line: number } } }[] } }) => `${f.ruleId}|${f.fix!.title}|${f.fix!.changes.map((x) => `${x.file}:${x.range?.start.line ?? ''}`).join(',')}`;
        const fixes = first.findings.filter((f) => f.fix && !f.waived);
        if (fixes.length === 0) continue;
        const applied = applyFixes(fixes.map((f) => f.fix!), (p) => files[p]);
        const once = { ...files };
        for (const [p, t] of applied.files) once[p] = t;
        const second = await audit({ ws: Workspace.fromFiles(once), now: FIXED_NOW });
        const before = new Set(fixes.map(key));
        for (const f of second.findings.filter((x) => x.fix && !x.waived && before.has(key(x)))) {
          const again = applyFixes([f.fix!], (p) => once[p]);
          for (const [p, t] of again.files) if (t !== once[p]) repeated.push(`${rule.id}/${c}: ${key(f)} changes ${p} again`);
        }
      }
    }
    assert.deepEqual(repeated, []);
  });

  it('defect 10: the roadmap rewrite keeps team lines and CRLF, and refuses when markers are unbalanced', async () => {
    const report = await audit({ ws: Workspace.fromFiles(SERVICE), now: FIXED_NOW });
    const first = generateRoadmap(report, undefined, { date: '2026-06-01' });
    const lines = first.split('\n');
    const open = lines.findIndex((l) => /^- \[ \] \*\*/.test(l));
    const done = lines.findIndex((l) => /^- \[x\] \*\*/.test(l));
    assert.ok(open > 0 && done > 0);
    lines[open] += ' — owner: @alice';
    lines.splice(done + 1, 0, '  - Fix: call the vendor about the certificate');
    const crit = lines.indexOf('## Success Criteria');
    lines.splice(crit, 0, '## Team goals', '', '- [ ] p95 latency ≥ 99% (now 97%)', '');
    const edited = lines.join('\r\n');
    const next = generateRoadmap(report, edited, { date: '2026-06-02' });
    assert.ok(next.includes(' — owner: @alice'), 'a note appended to a generated line is kept');
    assert.ok(next.includes('  - Fix: call the vendor about the certificate'), 'a team line shaped like a Fix line is kept');
    assert.ok(next.includes('- [ ] p95 latency ≥ 99% (now 97%)'), 'a team line shaped like a success criterion is kept');
    assert.ok(!/[^\r]\n/.test(next), 'CRLF is kept');
    // The end marker deleted by hand: every team line after it would be lost, so the merge refuses.
    const broken = first.replace(/^<!-- readiness:end summary -->$/m, '') + '\n## Ours\n\nA team line.\n';
    assert.throws(() => mergeRoadmap(broken, renderRoadmap(report, { date: '2026-06-02' })), (e: unknown) => e instanceof RoadmapMergeError && /no end marker/.test((e as Error).message));
  });

  it('defect 11: an oversized roadmap and a file name that is not UTF-8 are noted, not dropped or "disappeared"', async () => {
    write(box.root, { ...SERVICE, 'ROADMAP.md': '# Roadmap\n\n' + '- [x] Write a README\n'.repeat(25000) });
    let invalidName = false;
    try {
      fs.writeFileSync(Buffer.concat([Buffer.from(path.join(box.root, 'bad-')), Buffer.from([0xff, 0xfe]), Buffer.from('.md')]), '# x\n');
      invalidName = true;
    } catch {
      /* the file system refuses such names */
    }
    const report = await audit({ ws: Workspace.load(box.root), now: FIXED_NOW });
    assert.ok(report.notes.some((n) => n.path === 'ROADMAP.md' && /over the 400,000 limit/.test(n.message)), JSON.stringify(report.notes));
    assert.ok(!report.notes.some((n) => /disappeared/.test(n.message)), JSON.stringify(report.notes));
    if (invalidName) assert.ok(report.notes.some((n) => /not valid UTF-8/.test(n.message)), JSON.stringify(report.notes));
  });

  it('defect 12: init over a dangling or git-ignored manifest, audit --only custom/<id>, fix --only no/such', () => {
    write(box.root, SERVICE);
    fs.symlinkSync(path.join(box.outside, 'nowhere.yaml'), path.join(box.root, 'readiness.yaml'));
    const dangling = cli(['init', box.root]);
    assert.equal(dangling.status, 2);
    assert.match(dangling.stderr, /readiness\.yaml already exists/);
    assert.ok(!/internal error|\n\s+at /.test(dangling.stderr), dangling.stderr);
    fs.rmSync(path.join(box.root, 'readiness.yaml'));
    write(box.root, { '.gitignore': 'readiness.yaml\n', 'readiness.yaml': 'checks:\n  - id: has-readme\n    title: Has a README\n    category: documentation\n    files: README.md\n    contains: "^# "\n' });
    const ignored = cli(['init', box.root]);
    assert.equal(ignored.status, 2);
    assert.match(ignored.stderr, /already exists/);
    assert.ok(!/internal error/.test(ignored.stderr));
    fs.writeFileSync(path.join(box.root, '.gitignore'), 'node_modules\n');
    const only = cli(['audit', box.root, '--only', 'custom/has-readme', '--format', 'json', '--fail-on', 'none']);
    assert.equal(only.status, 0, only.stderr);
    assert.equal(JSON.parse(only.stdout).checks.find((c: { ruleId: string }) => c.ruleId === 'custom/has-readme')?.status, 'pass');
    const bad = cli(['fix', box.root, '--only', 'no/such']);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /unknown rule id\(s\): no\/such/);
  });

  it('risk: a file link pointing outside the repository is not read, and its text reaches no report', () => {
    write(box.outside, { 'secret.txt': 'TOKEN=runner-secret-123\n' });
    write(box.root, { ...SERVICE, 'readiness.yaml': 'checks:\n  - id: token\n    title: Token\n    category: security\n    files: "*.md"\n    contains: "TOKEN="\n' });
    fs.symlinkSync(path.join(box.outside, 'secret.txt'), path.join(box.root, 'leak.md'));
    const r = cli(['audit', box.root, '--format', 'json', '--fail-on', 'none']);
    assert.ok(!r.stdout.includes('runner-secret-123'));
    const report = JSON.parse(r.stdout);
    assert.equal(report.checks.find((c: { ruleId: string }) => c.ruleId === 'custom/token')?.status, 'fail', 'the link was not followed');
    assert.ok(report.notes.some((n: { path: string; message: string }) => n.path === 'leak.md' && /outside the workspace, not followed/.test(n.message)));
  });

  it('honest score: a file git tracks is analysed even when .gitignore matches it, and the note says so', function () {
    try {
      execFileSync('git', ['--version'], { stdio: 'ignore' });
    } catch {
      this.skip();
    }
    write(box.root, { ...SERVICE, 'docs/RUNBOOK.md': '# Runbook\n\nRestart with `kubectl rollout restart deploy/svc`.\n', '.gitignore': '*.md\nbuild/\n', 'build/keep.txt': 'tracked\n', 'build/junk.txt': 'untracked\n' });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: box.root, stdio: 'ignore' });
    git('init', '-q');
    git('add', '.');
    git('add', '-f', 'docs/RUNBOOK.md', 'build/keep.txt');
    git('commit', '-qm', 'init');
    const ws = Workspace.load(box.root);
    assert.ok(ws.exists('docs/RUNBOOK.md'), 'the tracked Markdown file is analysed');
    assert.ok(!ws.exists('README.md'), 'an ignored file git does not track stays out');
    assert.ok(ws.exists('build/keep.txt'), 'a tracked file inside an ignored folder is analysed');
    assert.ok(!ws.exists('build/junk.txt'), 'an untracked file inside an ignored folder is not');
    assert.ok(ws.notes.some((n) => /git tracks are analysed although a \.gitignore pattern matches them: .*docs\/RUNBOOK\.md/.test(n.message)), JSON.stringify(ws.notes));
  });
});
