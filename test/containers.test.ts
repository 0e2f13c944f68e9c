/**
 * Tests of the container rules that fixtures cannot express: the scaffolded Dockerfiles pass every
 * container rule, the RUN tokenizer understands real shell, and every Dockerfile rule tolerates (and
 * fixes effectively) the 432 real Dockerfiles of the docker-library corpus.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyFixes } from '../server/src/core/fixes';
import { detectFacts } from '../server/src/core/facts';
import { SourceFile } from '../server/src/core/source';
import type { FileRule, Range, RuleContext } from '../server/src/core/types';
import { Workspace } from '../server/src/core/workspace';
import { defaultManifest } from '../server/src/manifest/schema';
import { allRules } from '../server/src/rules';
import { commandName, runCommands, runScript, shippedStages } from '../server/src/rules/lib/dockerfile';
import { binShOf, knownRootImage, parseImageRef, runsAsNonRootByDefault, unpinnedReason } from '../server/src/rules/lib/images';
import { workloadsOf } from '../server/src/rules/lib/k8s';
import { scaffoldDockerfile } from '../server/src/rules/lib/container-scaffold';
import { isLiteralValue, isSecretName } from '../server/src/rules/lib/secrets';
import { FIXED_NOW, auditFiles } from './helpers';

const CORPUS = path.join(process.env.READINESS_CORPUS ?? '/work/shared/corpus', 'dockerfiles-docker-library.tar.xz');
const containerRules = allRules.filter((r) => r.category === 'containers');
const dockerRules = containerRules.filter((r): r is FileRule => r.scope === 'file' && r.kinds.includes('dockerfile'));
const containerIds = (prefix: RegExp) => containerRules.map((r) => r.id).filter((id) => prefix.test(id));

/** A rule context for a workspace, with optional fact overrides. */
function contextFor(ws: Workspace, facts: Partial<ReturnType<typeof detectFacts>> = {}): RuleContext {
  return { ws, facts: { ...detectFacts(ws), ...facts }, manifest: defaultManifest(), options: {}, now: FIXED_NOW };
}

function assertRangeInside(file: SourceFile, r: Range | undefined, what: string): void {
  if (!r) return;
  assert.ok(r.start.line >= 0 && r.start.line < file.lines.length, `${what}: start line ${r.start.line} outside the file`);
  assert.ok(r.end.line >= r.start.line && r.end.line < file.lines.length, `${what}: bad end line ${r.end.line}`);
}

describe('containers: scaffolded Dockerfiles', () => {
  const projects: Record<string, Record<string, string>> = {
    node: { 'package.json': JSON.stringify({ name: 'api', version: '1.0.0', main: 'server.js', dependencies: { express: '^4.19.2' } }, null, 2) },
    python: { 'requirements.txt': 'fastapi==0.111.0\nuvicorn==0.30.1\n', 'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n' },
    go: { 'go.mod': 'module example.com/api\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.0.12\n', 'main.go': 'package main\n\nfunc main() {}\n' },
  };
  for (const [stack, files] of Object.entries(projects)) {
    it(`the ${stack} scaffold passes every docker/* rule with only the Dockerfile and the manifest`, async () => {
      const ws = Workspace.fromFiles(files);
      const scaffold = scaffoldDockerfile(ws, detectFacts(ws));
      assert.ok(scaffold, `no scaffold for ${stack}`);
      assert.equal(scaffold.stack, stack);
      const report = await auditFiles({ ...files, Dockerfile: scaffold.content }, containerIds(/^docker\//));
      const findings = report.findings.filter((f) => f.ruleId.startsWith('docker/'));
      assert.deepEqual(findings.map((f) => `${f.ruleId}: ${f.message}`), []);
      const docker = report.checks.filter((c) => c.ruleId.startsWith('docker/'));
      const applicable = docker.filter((c) => c.status !== 'not-applicable');
      assert.ok(applicable.length >= 14, `only ${applicable.length} docker rules ran`);
      // A rule may skip the scaffold only because it holds nothing that rule judges (no apt in a node image).
      for (const c of docker.filter((x) => x.status === 'not-applicable')) assert.match(c.reason ?? '', /^nothing to examine/, `${c.ruleId}: ${c.reason}`);
    });
    it(`the ${stack} scaffold and its .dockerignore pass every container rule`, async () => {
      const before = await auditFiles(files, ['docker/dockerfile-present']);
      const fix = before.findings.find((f) => f.ruleId === 'docker/dockerfile-present')?.fix;
      assert.ok(fix, 'docker/dockerfile-present offers no fix');
      const applied = applyFixes([fix], (p) => files[p]);
      assert.deepEqual([...applied.files.keys()].sort(), ['.dockerignore', 'Dockerfile']);
      const after = await auditFiles({ ...files, ...Object.fromEntries(applied.files) }, containerRules.map((r) => r.id));
      assert.deepEqual(after.findings.filter((f) => f.category === 'containers').map((f) => `${f.ruleId}: ${f.message}`), []);
    });
  }

  it('a HEALTHCHECK added by docker/healthcheck passes the other Dockerfile rules', async () => {
    const files = { 'package.json': projects.node['package.json'], 'Dockerfile': 'FROM node:24-slim\nWORKDIR /app\nCOPY server.js ./\nUSER node\nEXPOSE 3000\nCMD ["node", "server.js"]\n' };
    const report = await auditFiles(files, ['docker/healthcheck']);
    const fix = report.findings[0]?.fix;
    assert.ok(fix);
    const applied = applyFixes([fix], (p) => (files as Record<string, string>)[p]);
    const after = await auditFiles({ ...files, Dockerfile: applied.files.get('Dockerfile')! }, containerIds(/^docker\//));
    assert.deepEqual(after.findings.map((f) => f.ruleId), []);
  });
});

describe('containers: RUN tokenizer', () => {
  const parse = (text: string) => new SourceFile('Dockerfile', text, 'dockerfile');
  const names = (text: string) => runCommands(parse(text)).map(({ cmd }) => `${commandName(cmd)}${cmd.next ? ` ${cmd.next}` : ''}`);

  it('splits on operators but not inside quotes or substitutions', () => {
    assert.deepEqual(names('FROM x\nRUN a && b || c; d | e\n'), ['a &&', 'b ||', 'c ;', 'd |', 'e']);
    assert.deepEqual(names('FROM x\nRUN echo "a && b | c" \'d; e\' && f\n'), ['echo &&', 'f']);
    assert.deepEqual(names('FROM x\nRUN v="$(curl -s x | grep "y;z")" && g\n'), [' &&', 'g']);
  });

  it('joins continuation lines and skips comment lines inside them', () => {
    assert.deepEqual(names('FROM x\nRUN apt-get update \\\n# comment | with pipe\n  && apt-get install -y curl\n'), ['apt-get &&', 'apt-get']);
  });

  it('skips sudo, env and assignments to find the command name', () => {
    assert.deepEqual(names('FROM x\nRUN sudo -E DEBIAN_FRONTEND=noninteractive apt-get install -y x\n'), ['apt-get']);
    assert.deepEqual(names('FROM x\nRUN CGO_ENABLED=0 /usr/local/go/bin/go build .\n'), ['go']);
  });

  it('reads heredoc scripts and leaves heredoc bodies of other commands alone', () => {
    assert.deepEqual(names('FROM x\nRUN <<EOF\napt-get update\nwget -qO- u | tar x\nEOF\n'), ['apt-get \n', 'wget |', 'tar']);
    assert.deepEqual(names('FROM x\nRUN cat <<EOF > /etc/conf && chmod 600 /etc/conf\nsudo | rm -rf\nEOF\n'), ['cat &&', 'chmod \n']);
    assert.deepEqual(names('FROM x\nRUN <<EOF python3\nimport os\nEOF\n'), []);
  });

  it('maps words back to file offsets', () => {
    const f = parse('FROM x\nRUN apt-get install -y "curl"\n');
    const script = runScript(f, f.docker.getInstructions()[1]);
    const words = script.commands[0].words;
    assert.equal(f.text.slice(words[3].start, words[3].end), '"curl"');
    assert.equal(words[3].value, 'curl');
  });

  it('reads the `|` of case patterns as alternatives, not pipes', () => {
    assert.deepEqual(names('FROM x\nRUN case "$v" in \\\n  dev|beta*) sed -i s/a/b/ f ;; \\\n  *) echo x | tee y ;; \\\nesac && z\n'), [
      'case ;',
      'sed ;;',
      'echo |',
      'tee ;;',
      'esac &&',
      'z',
    ]);
    assert.deepEqual(names('FROM x\nRUN if a; then case $v in (a|b) c ;; esac; fi\n'), ['a ;', 'case ;', 'c ;;', 'esac ;', 'fi']);
    assert.deepEqual(names('FROM x\nRUN for f in a b; do echo $f | wc; done\n'), ['for ;', 'echo |', 'wc ;', 'done']);
  });

  it('ignores PowerShell stages and follows stages built FROM earlier ones', () => {
    assert.deepEqual(names('FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN Invoke-WebRequest x | Out-Null\n'), []);
    const f = parse('FROM node:20 AS base\nRUN a\nFROM golang:1.22 AS other\nFROM base\nRUN b\n');
    assert.deepEqual(shippedStages(f).map((s) => s.index), [2, 0]);
  });
});

describe('containers: helpers', () => {
  it('parses image references', () => {
    assert.deepEqual(parseImageRef('localhost:5000/team/app'), { name: 'localhost:5000/team/app', tag: null, digest: null });
    assert.deepEqual(parseImageRef('node:20-slim@sha256:abc'), { name: 'node', tag: '20-slim', digest: 'sha256:abc' });
    assert.ok(unpinnedReason('postgres'));
    assert.ok(unpinnedReason('redis:latest'));
    assert.equal(unpinnedReason('redis:7.4'), null);
    assert.equal(unpinnedReason('${IMAGE}'), null);
    assert.equal(unpinnedReason('scratch'), null);
  });

  it('recognises secret names and literal values', () => {
    for (const n of ['DB_PASSWORD', 'API_KEY', 'GITHUB_TOKEN', 'STRIPE_API_KEY', 'JWT_SECRET', 'AWS_SECRET_ACCESS_KEY']) assert.ok(isSecretName(n), n);
    for (const n of ['PORT', 'POSTGRES_PASSWORD_FILE', 'GPG_KEY', 'TOKEN_URL', 'SECRET_ROTATION_ENABLED', 'PASSWORD_LENGTH', 'VITE_AUTH_PROVIDER_USE_ID_TOKEN', 'VERIFY_PASSWORD']) assert.ok(!isSecretName(n), n);
    for (const n of ['AWS_ACCESS_KEY_ID', 'openai_api_key', 'my_password', 'REFRESH_TOKEN']) assert.ok(isSecretName(n), n);
    assert.ok(isLiteralValue('hunter2'));
    for (const v of ['', '${DB_PASSWORD}', '$TOKEN', 'true', '/run/secrets/db']) assert.ok(!isLiteralValue(v), v);
  });

  it('finds containers in every workload kind of a multi-document manifest', () => {
    const f = new SourceFile('k8s.yaml', [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: x:1}]',
      'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          initContainers: [{name: i, image: y:1}]\n          containers: [{name: b, image: y:1}]',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: m}',
      'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: d}\n    spec:\n      template:\n        spec:\n          containers: [{name: d, image: z:1}]',
      ': : not yaml [',
    ].join('\n---\n'), 'k8s');
    assert.deepEqual(workloadsOf(f).map((w) => `${w.kind}/${w.name}:${w.containers.map((c) => c.name + (c.init ? '(init)' : '')).join(',')}`), ['Pod/p:a', 'CronJob/c:b,i(init)', 'Deployment/d:d']);
  });
});

describe('containers: what a rule cannot know it says, at low severity', () => {
  const severities = async (rule: string, dockerfile: string) => (await auditFiles({ Dockerfile: dockerfile }, [rule])).findings.filter((f) => f.ruleId === rule).map((f) => f.severity);

  it('non-root-user: root is claimed only for a base image known to run as root', async () => {
    assert.deepEqual(await severities('docker/non-root-user', 'FROM debian:12\nCMD ["x"]\n'), ['high']);
    assert.deepEqual(await severities('docker/non-root-user', 'ARG BASE=debian:12\nFROM ${BASE}\nCMD ["x"]\n'), ['high']);
    assert.deepEqual(await severities('docker/non-root-user', 'ARG BASE\nFROM ${BASE}\nCMD ["x"]\n'), ['low']);
    assert.deepEqual(await severities('docker/non-root-user', 'ARG BASE=ghcr.io/acme/runtime:2\nFROM ${BASE}\nCMD ["x"]\n'), ['low']);
    assert.deepEqual(await severities('docker/non-root-user', 'ARG BASE=gcr.io/distroless/static-debian12:nonroot\nFROM ${BASE}\nCMD ["x"]\n'), []);
    assert.deepEqual(await severities('docker/non-root-user', 'FROM debian:12 AS base\nUSER app\nFROM base\nCMD ["x"]\n'), []);
  });

  it('pipefail: a SHELL with sh -o pipefail is an error on dash, unknown elsewhere, fine on ash', async () => {
    const file = (image: string) => `FROM ${image}\nSHELL ["/bin/sh", "-o", "pipefail", "-c"]\nRUN wget -qO- https://example.com | tar x\n`;
    assert.deepEqual(await severities('docker/pipefail', file('debian:12-slim')), ['medium']);
    assert.deepEqual(await severities('docker/pipefail', file('registry.example.com/base:1')), ['low']);
    assert.deepEqual(await severities('docker/pipefail', file('alpine:3.20')), []);
    assert.deepEqual(await severities('docker/pipefail', file('rockylinux:9')), []);
  });

  it('places /bin/sh and the default user of well-known images', () => {
    assert.equal(binShOf('alpine:3.20'), 'ash');
    assert.equal(binShOf('node:22-alpine'), 'ash');
    assert.equal(binShOf('python:3.12-slim'), 'dash');
    assert.equal(binShOf('ubuntu:24.04'), 'dash');
    assert.equal(binShOf('rockylinux:9'), 'bash');
    assert.equal(binShOf('registry.access.redhat.com/ubi9/ubi-minimal:9.4'), 'bash');
    assert.equal(binShOf('registry.example.com/base:1'), undefined);
    assert.equal(binShOf('${BASE}'), undefined);
    assert.ok(knownRootImage('node:22') && knownRootImage('docker.io/library/debian:12') && knownRootImage('gcr.io/distroless/static-debian12'));
    assert.ok(!knownRootImage('gcr.io/distroless/static-debian12:nonroot') && !knownRootImage('ghcr.io/acme/app:1') && !knownRootImage('elasticsearch:8.15.0'));
    assert.ok(runsAsNonRootByDefault('nginxinc/nginx-unprivileged:1.27') && runsAsNonRootByDefault('docker:27-dind-rootless') && !runsAsNonRootByDefault('nginx:1.27'));
  });
});

describe('containers: odd input', () => {
  const odd: Record<string, string[]> = {
    dockerfile: [
      '',
      '# only a comment\n',
      'RUN echo before any FROM\n',
      'FROM\nRUN\nCMD\nEXPOSE\nWORKDIR\nENV\nARG\nADD\nCOPY\nHEALTHCHECK\nUSER\nSHELL\nMAINTAINER\n',
      'FROM node:20\r\nRUN apt-get update && \\\r\n  apt-get install curl | sh\r\nCMD node x\r\n',
      'FROM a\nRUN echo "unterminated \\\n  && apt-get install x\n',
      "FROM a\nRUN echo 'unterminated && apt-get install y\n",
      'FROM a\nRUN $(unclosed && `also unclosed\n',
      'FROM a\nRUN <<EOF\napt-get install x\n',
      'FROM a\nRUN cat <<EOT > /x\nno end\n',
      'FROM a\nRUN ["apt-get", "install", \n',
      'FROM a\nRUN [not json] | sh\n',
      'FROM a AS a\nFROM a AS b\nFROM b AS a\nFROM a\n',
      'FROM ${A:-${B}}:${C}\nEXPOSE ${P}-${Q}/tcp 99999999999999999999 -1 abc/udp\n',
      'FROM a\n' + 'RUN ' + 'x | '.repeat(2000) + 'y\n',
      'FROM a\nRUN ' + '('.repeat(500) + ')'.repeat(500) + '\n',
      'FROM a\nRUN ' + '"'.repeat(1001) + '\n',
      'FROM a\nENV ' + 'A=1 '.repeat(500) + 'PASSWORD\n',
      '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir `\n  | more\nCMD cmd /c echo\n',
    ],
    compose: [
      '',
      'services:\n',
      'services: []\n',
      'services:\n  a:\n  b: 3\n  c: [1, 2]\n',
      'services:\n  a:\n    image: 42\n    depends_on: 7\n    environment: [1, null, "=x", "A"]\n    build: {context: 5}\n    healthcheck: "x"\n    deploy: {resources: 1, restart_policy: []}\n',
      'services:\n  a: &x\n    image: postgres\n    depends_on: {b: null, c: {condition: 3}}\n  b: *x\n  c: {image: redis, environment: {PASSWORD: null, TOKEN: 12345, SECRET: [1]}}\n',
      'services:\n  a:\n    build: ../../../outside\n  b:\n    build: {context: "https://github.com/x/y.git"}\n',
      ': [ not yaml',
      'a: &a [*a]\n',
    ],
    k8s: [
      'apiVersion: v1\nkind: Pod\n',
      'apiVersion: v1\nkind: Pod\nspec: 3\n',
      'apiVersion: v1\nkind: Pod\nspec:\n  containers: {a: 1}\n  initContainers: [1, null, {image: 3, securityContext: 4, resources: []}]\n',
      'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template: []\n---\n---\napiVersion: v1\nkind: List\nitems: 5\n',
      'apiVersion: v1\nkind: List\nitems:\n  - kind: List\n    items:\n      - kind: List\n        items: [{kind: Pod, spec: {containers: [{}]}}]\n',
      'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - {{ .Values.container | toYaml }}\n',
    ],
    dockerignore: ['', '#\n', '!\n[\n**/***\n\\\n', '*\n!.git\n!.env\n'],
  };
  const names: Record<string, string> = { dockerfile: 'Dockerfile', compose: 'compose.yaml', k8s: 'deploy/app.yaml', dockerignore: '.dockerignore' };
  for (const [kind, texts] of Object.entries(odd)) {
    it(`${kind} rules never throw and keep ranges inside the file`, () => {
      const rules = containerRules.filter((r): r is FileRule => r.scope === 'file' && (r.kinds as string[]).includes(kind));
      assert.ok(rules.length > 0);
      texts.forEach((text, n) => {
        const ws = Workspace.fromFiles({ [names[kind]]: text, 'package.json': '{"dependencies":{"express":"4"}}' });
        const file = new SourceFile(names[kind], text, kind as FileRule['kinds'][number]);
        const ctx = contextFor(ws);
        for (const rule of rules) {
          let out;
          try {
            out = rule.checkFile(file, ctx);
          } catch (e) {
            assert.fail(`${rule.id} threw on ${kind} #${n}: ${(e as Error).stack}`);
          }
          for (const f of out) assertRangeInside(file, f.range, `${rule.id} on ${kind} #${n}`);
          for (const fix of out.flatMap((f) => (f.fix ? [f.fix] : []))) applyFixes([fix], (p) => (p === names[kind] ? text : undefined));
        }
      });
    });
  }
});

describe('containers: docker-library corpus', function () {
  this.timeout(180_000);
  let dir: string | undefined;
  let files: string[] = [];
  before(function () {
    if (!fs.existsSync(CORPUS)) this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-dockerfiles-'));
    execFileSync('tar', ['-xJf', CORPUS, '-C', dir]);
    const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    files = walk(dir).filter((f) => f.endsWith('Dockerfile'));
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('holds the 432 Dockerfiles', () => {
    assert.equal(files.length, 432);
  });

  it('every Dockerfile rule analyses every file without an exception, with ranges inside the file, twice the same', () => {
    const failures: string[] = [];
    let findings = 0;
    for (const abs of files) {
      const text = fs.readFileSync(abs, 'utf8');
      const name = path.basename(abs);
      // Two independent runs (fresh parse each) must agree; rules share one parse per run, as in the engine.
      const runs = [0, 1].map(() => {
        const ws = Workspace.fromFiles({ Dockerfile: text });
        const file = ws.read('Dockerfile')!;
        const ctx = contextFor(ws, { servesHttp: true });
        return dockerRules.map((rule) => {
          try {
            const out = rule.checkFile(file, ctx);
            for (const f of out) assertRangeInside(file, f.range, `${rule.id} on ${name}`);
            return JSON.stringify(out);
          } catch (e) {
            failures.push(`${rule.id} on ${name}: ${(e as Error).message}`);
            return 'error';
          }
        });
      });
      dockerRules.forEach((rule, i) => {
        if (runs[0][i] !== runs[1][i]) failures.push(`${rule.id} is not deterministic on ${name}`);
        else if (runs[0][i] !== 'error') findings += (JSON.parse(runs[0][i]) as unknown[]).length;
      });
    }
    assert.deepEqual(failures.slice(0, 20), []);
    assert.ok(findings > 0, 'the corpus should produce some findings');
  });

  it('fixes on the corpus apply cleanly, remove the findings they address and make no other rule worse', () => {
    const failures: string[] = [];
    let fixed = 0;
    for (const abs of files) {
      const text = fs.readFileSync(abs, 'utf8');
      const name = path.basename(abs);
      const ws = Workspace.fromFiles({ Dockerfile: text });
      const ctx = contextFor(ws, { servesHttp: true });
      const counts = new Map(dockerRules.map((r) => [r, r.checkFile(ws.read('Dockerfile')!, ctx).length]));
      for (const rule of dockerRules) {
        const before = rule.checkFile(ws.read('Dockerfile')!, ctx);
        const fixes = before.filter((f) => f.fix).map((f) => f.fix!);
        if (fixes.length === 0) continue;
        try {
          const applied = applyFixes(fixes, (p) => (p === 'Dockerfile' ? text : undefined));
          const files2: Record<string, string> = { Dockerfile: text };
          for (const [p, t] of applied.files) files2[p] = t;
          const ws2 = Workspace.fromFiles(files2);
          const ctx2 = contextFor(ws2, { servesHttp: true });
          const after = rule.checkFile(ws2.read('Dockerfile')!, ctx2);
          assert.ok(after.length < before.length, `${rule.id} on ${name}: ${before.length} finding(s) before the fixes, ${after.length} after`);
          // What a fix writes must not make any other Dockerfile rule worse.
          for (const other of dockerRules) {
            if (other === rule) continue;
            const b = counts.get(other)!;
            const a = other.checkFile(ws2.read('Dockerfile')!, ctx2).length;
            assert.ok(a <= b, `fixing ${rule.id} on ${name} adds ${other.id} findings (${b} → ${a})`);
          }
          fixed++;
        } catch (e) {
          failures.push((e as Error).message);
        }
      }
    }
    assert.deepEqual(failures.slice(0, 20), []);
    assert.ok(fixed > 0);
  });
});
