/**
 * Property-based tests (fast-check) of the manifest, Dockerfile, workflow and compose analysers:
 * arbitrary text, generated documents of the right shape and mutations of real ones never make an
 * analyser throw or hang, and every finding's position lies inside its document. The YAML fast path
 * must agree with the `yaml` package on every document it accepts. Runs are seeded, so a failure
 * prints a reproducible seed and path.
 */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { audit } from '../server/src/core/engine';
import { SourceFile, YAML_OPTIONS } from '../server/src/core/source';
import { Workspace } from '../server/src/core/workspace';
import { fastParseAllDocuments } from '../server/src/core/yaml-fast';
import { parseManifest } from '../server/src/manifest/load';
import type { FileRule } from '../server/src/core/types';
import { FIXED_NOW } from './helpers';
import { analyseFile, assertPositionsInside, fileRulesOf, loadCorpora, ruleFailures, yamlDifferences } from './robustness-helpers';

/** A slow analysis is a hang in the making: every single run must stay well under this. */
const RUN_LIMIT_MS = 2000;
/** `PROPERTY_SEED` and `PROPERTY_RUNS` (a multiplier) let a longer fuzzing session run the same properties. */
const SEED = Number(process.env.PROPERTY_SEED ?? 20260601);
const runs = (n: number) => Math.round(n * Number(process.env.PROPERTY_RUNS ?? 1));

// ---- generators -------------------------------------------------------------------------------

/** A deterministic PRNG, so that a generated document follows from one integer fast-check shrinks. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
  };
}

const WORDS = ['push', 'main', 'build', 'test', 'ubuntu-latest', 'actions/checkout@v4', 'npm ci', 'web', 'db', 'nginx:1.27', 'postgres', 'x', 'ünïcödé', '8080:80', 'contents', 'read', 'write', 'production'];
const TRICKY = ['true', 'false', 'null', '~', 'yes', 'on', 'off', '1', '-1', '0x1F', '0o17', '1e3', '.5', '.inf', '.NaN', '1_000', '2024-01-01', '007', '+12', 'a#b', 'http://x:1/y', '-x', '?x', ':x', "it's", '${{ github.event.issue.title }}', '$HOME', '*', '&', '!', '%', '@x', '`x`', '', ' ', 'a  b', 'é', '"', "'", '\\', 'a: b', 'a #b', '- a', '[a]', '{a: 1}'];
const KEYS: Record<string, string[]> = {
  workflow: ['name', 'on', 'permissions', 'jobs', 'build', 'runs-on', 'steps', 'uses', 'run', 'with', 'env', 'timeout-minutes', 'concurrency', 'if', 'needs', 'strategy', 'matrix', 'secrets', 'environment', 'pull_request_target', 'persist-credentials', 'cache', 'shell', 'defaults', 'continue-on-error'],
  compose: ['services', 'web', 'db', 'image', 'build', 'ports', 'environment', 'healthcheck', 'test', 'depends_on', 'condition', 'restart', 'deploy', 'resources', 'limits', 'memory', 'cpus', 'volumes', 'command', 'PASSWORD', 'API_KEY', 'secrets'],
  manifest: ['version', 'project', 'level', 'categories', 'containers', 'weight', 'target', 'rules', 'docker/non-root-user', 'severity', 'enabled', 'options', 'waivers', 'rule', 'reason', 'expires', 'paths', 'checks', 'id', 'title', 'files', 'ignore', 'suppressions', 'inline', 'requireReason', 'maxFileSize'],
};

/** Renders a random YAML document of a given vocabulary, in random styles (block, flow, quoted, block scalars, comments, CRLF). */
function randomYaml(seed: number, vocab: string[]): string {
  const r = prng(seed);
  const out: string[] = [];
  const scalar = (): string => {
    const s = r.chance(0.3) ? r.pick(TRICKY) : r.chance(0.5) ? r.pick(WORDS) : r.pick(vocab);
    switch (r.int(0, 5)) {
      case 0:
        return `'${s.replace(/'/g, "''")}'`;
      case 1:
        return JSON.stringify(s);
      case 2:
        return `"${s}\\t\\n\\u00e9"`;
      default:
        return s;
    }
  };
  const flow = (depth: number): string => {
    if (depth > 2 || r.chance(0.5)) return scalar();
    if (r.chance(0.5)) return `[${Array.from({ length: r.int(0, 3) }, () => flow(depth + 1)).join(r.pick([', ', ',', ' , ']))}]`;
    return `{${Array.from({ length: r.int(0, 3) }, () => `${r.pick(vocab)}: ${flow(depth + 1)}`).join(', ')}}`;
  };
  const comment = (indent: number) => {
    if (r.chance(0.15)) out.push(`${' '.repeat(Math.max(0, indent + r.int(-2, 3)))}# ${r.pick(WORDS)}`);
    if (r.chance(0.1)) out.push(r.chance(0.5) ? '' : ' '.repeat(r.int(1, 6)));
  };
  const block = (indent: number, depth: number, lead: string): void => {
    const pad = ' '.repeat(indent);
    const isSeq = r.chance(0.35);
    const n = r.int(1, 4);
    for (let i = 0; i < n; i++) {
      const first = i === 0 ? lead : pad;
      comment(indent);
      const head = isSeq ? `${first}- ` : `${first}${r.chance(0.1) ? JSON.stringify(r.pick(vocab)) : r.pick(vocab)}:`;
      const kind = depth >= 4 ? r.int(0, 2) : r.int(0, 6);
      const childIndent = indent + (isSeq ? 2 : r.pick([2, 2, 4]));
      if (kind === 0) {
        out.push(`${head}${isSeq ? '' : ' '}${scalar()}${r.chance(0.1) ? ' # c' : ''}${r.chance(0.05) ? '  ' : ''}`);
        // A plain scalar going on over more indented lines, sometimes with blank lines between.
        if (r.chance(0.15)) for (let k = r.int(1, 3); k > 0; k--) out.push(r.chance(0.2) ? '' : `${' '.repeat(childIndent + r.int(0, 3))}${r.pick(WORDS)} ${r.pick(TRICKY)}`);
      }
      else if (kind === 1) out.push(`${head}${isSeq ? '' : ' '}${flow(0)}`);
      else if (kind === 2) {
        out.push(`${head}${isSeq ? '' : ' '}${r.pick(['|', '|-', '>', '>-', '|+', '|2'])}${r.chance(0.1) ? ' # c' : ''}`);
        for (let k = r.int(0, 3); k >= 0; k--) out.push(r.chance(0.15) ? '' : `${' '.repeat(childIndent + (r.chance(0.1) ? 2 : 0))}${r.pick(WORDS)} ${r.pick(TRICKY)}`);
      } else if (kind === 3 && r.chance(0.3)) {
        // A scalar on the lines after its key (`if:` then a long condition).
        out.push(head.trimEnd(), `${' '.repeat(childIndent)}${scalar()}`);
        for (let k = r.int(0, 2); k > 0; k--) out.push(r.chance(0.2) ? '' : `${' '.repeat(childIndent + r.int(-1, 2))}${r.pick(WORDS)} ${r.pick(TRICKY)}`);
      } else if (kind === 3) out.push(r.chance(0.5) ? head.trimEnd() : `${head} # empty`);
      else if (isSeq && r.chance(0.5)) block(indent + 2, depth + 1, `${first}- `);
      else {
        out.push(head.trimEnd());
        block(r.chance(0.1) && !isSeq ? indent : childIndent, depth + 1, ' '.repeat(childIndent));
      }
    }
  };
  if (r.chance(0.1)) out.push('---');
  block(0, 0, '');
  if (r.chance(0.1)) out.push('---', `${r.pick(vocab)}: ${scalar()}`);
  if (r.chance(0.1)) out.push('# trailing', '');
  const text = out.join('\n') + (r.chance(0.8) ? '\n' : '');
  return r.chance(0.2) ? text.replace(/\n/g, '\r\n') : text;
}

/** Renders a random Dockerfile: real instructions, odd arguments, continuations, heredocs, directives. */
function randomDockerfile(seed: number): string {
  const r = prng(seed);
  const lines: string[] = [];
  if (r.chance(0.2)) lines.push(r.pick(['# syntax=docker/dockerfile:1', '# escape=`', '# escape=\\']));
  const arg = () => (r.chance(0.2) ? r.pick(TRICKY) : r.pick(['node:20', 'alpine', 'ubuntu:22.04@sha256:' + 'a'.repeat(64), '$BASE', 'scratch', 'build', 'apt-get', 'install', '-y', 'curl', '--no-install-recommends', '&&', '|', 'sh', '80', '65536', '22/tcp', 'root', '0', 'app']));
  for (let i = r.int(0, 14); i >= 0; i--) {
    const kw = r.pick(['FROM', 'RUN', 'COPY', 'ADD', 'ENV', 'ARG', 'USER', 'WORKDIR', 'EXPOSE', 'HEALTHCHECK', 'CMD', 'ENTRYPOINT', 'LABEL', 'ONBUILD', 'SHELL', 'STOPSIGNAL', 'VOLUME', 'MAINTAINER', 'from', 'Run', 'BOGUS', '#', '']);
    const n = r.int(0, 5);
    let body = Array.from({ length: n }, arg).join(' ');
    if (r.chance(0.2)) body = JSON.stringify(Array.from({ length: n }, arg));
    if (r.chance(0.1)) body = `[${arg()}, "${arg()}"`;
    if (r.chance(0.15)) body += ` \\\n    ${arg()} \\\n  # comment\n    ${arg()}`;
    if (r.chance(0.05)) body += ' \\';
    if (r.chance(0.08)) body = `<<EOF\n${arg()}\n${arg()}\nEOF`;
    if (kw === 'FROM' && r.chance(0.3)) body += ` AS ${r.pick(['build', 'final', 'a b', ''])}`;
    if (kw === 'HEALTHCHECK' && r.chance(0.5)) body = r.pick(['NONE', `--interval=${arg()} CMD ${arg()}`, 'CMD', '--bogus']);
    if ((kw === 'COPY' || kw === 'ADD') && r.chance(0.3)) body = `--from=${arg()} --chown=${arg()} ${body}`;
    lines.push(`${r.chance(0.1) ? '  ' : ''}${kw}${kw ? ' ' : ''}${body}`);
  }
  const text = lines.join('\n') + (r.chance(0.8) ? '\n' : '');
  return r.chance(0.2) ? text.replace(/\n/g, '\r\n') : text;
}

/** Mutations of a text: insert, delete, replace, duplicate or swap lines, re-indent, change line endings. */
const mutationsArb = fc.array(
  fc.record({
    op: fc.constantFrom('insert', 'delete', 'replace', 'dupLine', 'swapLines', 'indent', 'dedent', 'crlf', 'truncate'),
    at: fc.nat(),
    len: fc.nat({ max: 40 }),
    text: fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom(':', '- ', '  ', '\t', '#', '"', "'", '[', ']', '{', '}', '|', '>', '&a', '*a', '!!str', '---', '\n', '\r\n', '\\\n', '${{', '}}', '\u0000', '\ufeff', '\ud800', 'é'),
    ),
  }),
  { maxLength: 6 },
);
type Mutation = { op: string; at: number; len: number; text: string };

function mutate(text: string, muts: Mutation[]): string {
  let t = text;
  for (const m of muts) {
    const at = t.length === 0 ? 0 : m.at % (t.length + 1);
    const lines = t.split('\n');
    const li = lines.length === 0 ? 0 : m.at % lines.length;
    switch (m.op) {
      case 'insert':
        t = t.slice(0, at) + m.text + t.slice(at);
        break;
      case 'delete':
        t = t.slice(0, at) + t.slice(at + m.len);
        break;
      case 'replace':
        t = t.slice(0, at) + m.text + t.slice(at + Math.min(m.len, m.text.length + 3));
        break;
      case 'dupLine':
        lines.splice(li, 0, lines[li] ?? '');
        t = lines.join('\n');
        break;
      case 'swapLines': {
        const lj = (li + 1 + (m.len % Math.max(1, lines.length))) % Math.max(1, lines.length);
        [lines[li], lines[lj]] = [lines[lj], lines[li]];
        t = lines.join('\n');
        break;
      }
      case 'indent':
        lines[li] = ' '.repeat(1 + (m.len % 4)) + (lines[li] ?? '');
        t = lines.join('\n');
        break;
      case 'dedent':
        lines[li] = (lines[li] ?? '').replace(/^ {1,4}/, '');
        t = lines.join('\n');
        break;
      case 'crlf':
        t = t.replace(/\n/g, '\r\n');
        break;
      case 'truncate':
        t = t.slice(0, at);
        break;
    }
  }
  return t;
}

// ---- seeds: small real documents, plus corpus files when the corpora are available ---------------

const SEEDS: Record<'workflow' | 'dockerfile' | 'compose' | 'manifest', string[]> = {
  workflow: [
    'name: CI\non:\n  push:\n    branches: [main]\n  pull_request:\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-latest\n    timeout-minutes: 10\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          persist-credentials: false\n      - uses: actions/setup-node@v4\n        with:\n          node-version: 20\n          cache: npm\n      - run: |\n          npm ci\n          npm test\n      - run: echo "${{ github.event.pull_request.title }}"\n',
    'on: pull_request_target\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n    - uses: actions/checkout@v4\n      with:\n        ref: ${{ github.event.pull_request.head.sha }}\n    - run: make\n  deploy:\n    needs: x\n    uses: org/repo/.github/workflows/deploy.yml@main\n    secrets: inherit\n',
  ],
  dockerfile: [
    '# syntax=docker/dockerfile:1\nFROM node:20-alpine AS build\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n\nFROM node:20-alpine\nENV NODE_ENV=production\nCOPY --from=build /app/dist ./dist\nUSER node\nEXPOSE 3000\nHEALTHCHECK CMD wget -qO- http://localhost:3000/health || exit 1\nCMD ["node", "dist/main.js"]\n',
    'FROM ubuntu:latest\nMAINTAINER me\nRUN apt-get update && apt-get upgrade -y && apt-get install curl sudo \\\n    && curl https://x.sh | sh\nADD . /app\nRUN cd /app && pip install -r requirements.txt\nENV API_KEY=abc123\nEXPOSE 22 99999\nCMD python app.py\n',
  ],
  compose: [
    'services:\n  web:\n    build: .\n    image: ghcr.io/x/web:1.2.3\n    ports:\n      - "8080:80"\n    environment:\n      DATABASE_URL: postgres://db/app\n      PASSWORD: hunter22\n    depends_on:\n      db:\n        condition: service_healthy\n    healthcheck:\n      test: ["CMD", "curl", "-f", "http://localhost"]\n    restart: unless-stopped\n    deploy:\n      resources:\n        limits:\n          memory: 512M\n  db:\n    image: postgres\n    environment:\n      - POSTGRES_PASSWORD=secret\n',
  ],
  manifest: [
    'version: 1\nproject: shop\nlevel: mvp\ncategories:\n  containers:\n    weight: 2\n    target: 80\nrules:\n  docker/non-root-user: high\n  ci/timeout-minutes: off\n  testing/coverage-threshold:\n    options:\n      threshold: 70\nwaivers:\n  - rule: docker/healthcheck\n    reason: accepted-risk\n    expires: 2026-12-31\n    paths: ["legacy/**"]\nchecks:\n  - id: changelog\n    title: Changelog exists\n    category: documentation\n    files: CHANGELOG.md\nignore: ["vendor/**"]\nsuppressions:\n  inline: true\n  requireReason: true\nmaxFileSize: 2000000\n',
  ],
};

let seeded = false;
function addCorpusSeeds(): void {
  if (seeded) return;
  seeded = true;
  const c = loadCorpora();
  if (typeof c === 'string') return;
  // A few real files of each corpus as mutation seeds (every 150th: deterministic and varied).
  SEEDS.workflow.push(...c.workflows.filter((_, i) => i % 150 === 0).map((f) => f.text));
  SEEDS.dockerfile.push(...c.dockerfiles.filter((_, i) => i % 50 === 0).map((f) => f.text));
}

// ---- the analysers -------------------------------------------------------------------------------

function checkFile(rel: string, text: string, rules: FileRule[]): void {
  const t = performance.now();
  const { findings, errors } = analyseFile(rel, text, rules);
  const ms = performance.now() - t;
  assert.deepEqual(errors, [], `a rule threw on:\n${JSON.stringify(text).slice(0, 400)}`);
  assertPositionsInside(findings, (f) => (f === rel ? text : undefined));
  assert.ok(ms < RUN_LIMIT_MS, `analysis took ${ms.toFixed(0)} ms on:\n${JSON.stringify(text).slice(0, 400)}`);
}

const textFor = (kind: keyof typeof SEEDS, generate: (seed: number) => string) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.integer().map(generate) },
    { weight: 3, arbitrary: fc.tuple(fc.nat(), mutationsArb).map(([i, m]) => mutate(SEEDS[kind][i % SEEDS[kind].length], m)) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
    { weight: 1, arbitrary: fc.tuple(fc.integer(), mutationsArb).map(([s, m]) => mutate(generate(s), m)) },
  );

describe('property: analysers never throw, never hang, and keep positions inside the document', function () {
  this.timeout(60000);
  before(addCorpusSeeds);

  it('Dockerfile analysis', () => {
    const rules = fileRulesOf('dockerfile');
    fc.assert(fc.property(textFor('dockerfile', randomDockerfile), (text) => checkFile('Dockerfile', text, rules)), { numRuns: runs(100), seed: SEED });
  });

  it('workflow analysis', () => {
    const rules = fileRulesOf('workflow');
    const gen = (s: number) => randomYaml(s, KEYS.workflow);
    fc.assert(fc.property(textFor('workflow', gen), (text) => checkFile('.github/workflows/ci.yml', text, rules)), { numRuns: runs(250), seed: SEED });
  });

  it('compose analysis', () => {
    const rules = fileRulesOf('compose');
    const gen = (s: number) => randomYaml(s, KEYS.compose);
    fc.assert(fc.property(textFor('compose', gen), (text) => checkFile('docker-compose.yml', text, rules)), { numRuns: runs(250), seed: SEED });
  });

  it('manifest loading and the audit that uses it', async () => {
    const gen = (s: number) => randomYaml(s, KEYS.manifest);
    await fc.assert(
      fc.asyncProperty(textFor('manifest', gen), async (text) => {
        const t = performance.now();
        const loaded = parseManifest(new SourceFile('readiness.yaml', text, 'manifest'));
        const lines = text.split(/\r?\n|\r/);
        for (const p of loaded.problems) {
          assert.ok(p.range.start.line >= 0 && p.range.end.line < lines.length && p.range.end.line >= p.range.start.line, `problem outside the manifest: ${JSON.stringify(p)}`);
        }
        const report = await audit({ ws: Workspace.fromFiles({ 'readiness.yaml': text, Dockerfile: 'FROM alpine:3.20\n' }), now: FIXED_NOW, only: ['docker/non-root-user'] });
        assert.deepEqual(ruleFailures(report), []);
        assertPositionsInside(report.findings, (f) => (f === 'readiness.yaml' ? text : f === 'Dockerfile' ? 'FROM alpine:3.20\n' : undefined));
        assert.ok(performance.now() - t < RUN_LIMIT_MS, 'too slow');
      }),
      { numRuns: runs(150), seed: SEED },
    );
  });
});

describe('property: the YAML fast path agrees with the yaml package', function () {
  this.timeout(60000);
  before(addCorpusSeeds);

  it('on every generated or mutated document it accepts', () => {
    let accepted = 0;
    const vocab = [...KEYS.workflow, ...KEYS.compose];
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer().map((s) => randomYaml(s, vocab)),
          fc.tuple(fc.integer(), mutationsArb).map(([s, m]) => mutate(randomYaml(s, vocab), m)),
          fc.tuple(fc.nat(), mutationsArb).map(([i, m]) => mutate([...SEEDS.workflow, ...SEEDS.compose, ...SEEDS.manifest][i % (SEEDS.workflow.length + 2)], m)),
        ),
        (text) => {
          const fast = fastParseAllDocuments(text, YAML_OPTIONS);
          if (!fast) return;
          accepted++;
          const diffs = yamlDifferences(fast, parseAllDocuments(text, YAML_OPTIONS) as unknown[]);
          assert.deepEqual(diffs, [], `the fast path differs on:\n${JSON.stringify(text)}`);
        },
      ),
      { numRuns: runs(1500), seed: SEED },
    );
    assert.ok(accepted > 300, `the fast path accepted only ${accepted} documents: the generator no longer exercises it`);
  });
});
