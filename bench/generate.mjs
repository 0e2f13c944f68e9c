// Generates a deterministic monorepo of exactly N files for the whole-repository benchmark.
//
// At 20,000 files it holds 500 Dockerfiles, 500 workflows, 200 compose files and 200 Kubernetes
// manifests (the same shares at other sizes), source files in seven languages with their tests,
// per-service READMEs and docs, and the usual root files. The content is varied (some Dockerfiles
// run as root, some workflows pin actions, some manifests lack probes) so that rules do real work.
// Every byte comes from a seeded PRNG: the same N always gives the same tree.
//
//   node bench/generate.mjs <dir> <files>
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bumped whenever the output changes, so that cached trees are regenerated. */
export const GENERATOR_VERSION = 3;

function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = 'account order payment invoice user session cart price stock ledger report audit event queue cache token search index email notify shipment refund tenant policy quota metric trace'.split(' ');
const LANGS = [
  { id: 'node', ext: 'ts', test: (n) => `test/${n}.test.ts`, manifest: 'package.json' },
  { id: 'node', ext: 'js', test: (n) => `test/${n}.test.js`, manifest: 'package.json' },
  { id: 'python', ext: 'py', test: (n) => `tests/test_${n}.py`, manifest: 'requirements.txt' },
  { id: 'go', ext: 'go', test: (n) => `${n}_test.go`, manifest: 'go.mod' },
  { id: 'java', ext: 'java', test: (n) => `src/test/java/${cap(n)}Test.java`, manifest: 'pom.xml' },
  { id: 'ruby', ext: 'rb', test: (n) => `spec/${n}_spec.rb`, manifest: 'Gemfile' },
  { id: 'rust', ext: 'rs', test: (n) => `tests/${n}.rs`, manifest: 'Cargo.toml' },
];

function cap(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Generates the tree; returns counts per kind. Writes nothing when `write` is false. */
export function generate(root, total, { write = true } = {}) {
  const rnd = prng(0xc0ffee ^ total);
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const word = () => pick(WORDS);
  const files = [];
  const counts = { dockerfile: 0, workflow: 0, compose: 0, k8s: 0, source: 0, test: 0, docs: 0, other: 0 };
  const add = (rel, content, kind) => {
    files.push([rel, content]);
    counts[kind]++;
  };

  const nServices = Math.max(1, Math.round(total * 0.025));
  const nCompose = Math.round(total * 0.01);
  const nK8s = Math.round(total * 0.01);

  add('README.md', readme('Platform monorepo', rnd, word, int, true), 'docs');
  add('package.json', JSON.stringify({ name: 'platform', private: true, workspaces: ['services/*'], scripts: { test: 'turbo run test', lint: 'eslint .' }, devDependencies: { typescript: '^5.4.0', eslint: '^9.0.0', turbo: '^2.0.0' } }, null, 2) + '\n', 'other');
  add('.gitignore', 'node_modules/\ndist/\ncoverage/\n*.log\n.env\n', 'other');
  add('LICENSE', 'MIT License\n\nCopyright (c) 2024 Example\n', 'other');
  add('SECURITY.md', '# Security policy\n\n## Reporting a vulnerability\n\nEmail security@example.com with the details; we answer within two working days and publish an advisory once a fix ships.\n', 'docs');
  add('CONTRIBUTING.md', readme('Contributing', rnd, word, int, false), 'docs');
  add('.github/dependabot.yml', 'version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule:\n      interval: weekly\n', 'other');
  add('docs/runbooks/incident-response.md', readme('Incident response', rnd, word, int, false), 'docs');

  const services = [];
  for (let i = 0; i < nServices; i++) {
    const lang = LANGS[i % LANGS.length];
    const name = `${word()}-${word()}-${i}`;
    const dir = `services/${String(Math.floor(i / 100)).padStart(2, '0')}/${name}`;
    services.push({ dir, name, lang });
    add(`${dir}/Dockerfile`, dockerfile(lang, rnd, int, pick), 'dockerfile');
    add(`.github/workflows/${name}.yml`, workflow(name, dir, lang, rnd, int, pick), 'workflow');
    if (i < nCompose) add(`${dir}/docker-compose.yml`, compose(name, rnd, int, pick), 'compose');
    if (i < nK8s) add(`${dir}/k8s/deployment.yaml`, k8s(name, rnd, int), 'k8s');
    add(`${dir}/${lang.manifest}`, manifestFile(lang, name, int), 'other');
    add(`${dir}/README.md`, readme(name, rnd, word, int, true), 'docs');
  }

  // The rest: source files (80%), tests (12%) and docs (8%), spread over the services.
  let k = 0;
  while (files.length < total) {
    const s = services[k % services.length];
    const n = `${word()}_${word()}_${k}`;
    const roll = rnd();
    if (roll < 0.8) add(`${s.dir}/src/${srcDir(s.lang, n)}`, source(s.lang, n, rnd, int, pick, word), 'source');
    else if (roll < 0.92) add(`${s.dir}/${s.lang.test(n)}`, testFile(s.lang, n, int, word), 'test');
    else add(`${s.dir}/docs/${n}.md`, readme(n, rnd, word, int, false), 'docs');
    k++;
  }

  if (write) {
    fs.rmSync(root, { recursive: true, force: true });
    const made = new Set();
    for (const [rel, content] of files) {
      const abs = path.join(root, rel);
      const d = path.dirname(abs);
      if (!made.has(d)) {
        fs.mkdirSync(d, { recursive: true });
        made.add(d);
      }
      fs.writeFileSync(abs, content);
    }
    fs.writeFileSync(path.join(root, '..', `${path.basename(root)}.stamp`), JSON.stringify({ version: GENERATOR_VERSION, total, counts }));
  }
  return { counts, paths: files.map((f) => f[0]) };
}

/** Generates into `root` unless an up-to-date tree is already there. */
export function ensureGenerated(root, total) {
  const stamp = path.join(root, '..', `${path.basename(root)}.stamp`);
  try {
    const s = JSON.parse(fs.readFileSync(stamp, 'utf8'));
    if (s.version === GENERATOR_VERSION && s.total === total && fs.existsSync(root)) return { counts: s.counts, cached: true };
  } catch {
    /* not generated yet */
  }
  const { counts } = generate(root, total);
  return { counts, cached: false };
}

function srcDir(lang, n) {
  if (lang.id === 'java') return `main/java/com/example/${cap(n.replace(/_/g, ''))}.java`;
  return `${n}.${lang.ext}`;
}

function dockerfile(lang, rnd, int, pick) {
  const user = rnd() < 0.6;
  const health = rnd() < 0.5;
  const pinned = rnd() < 0.5;
  const tag = (t) => (pinned ? `${t}@sha256:${'ab12'.repeat(16)}` : rnd() < 0.3 ? 'latest' : t);
  const lines = [];
  switch (lang.id) {
    case 'node':
      lines.push(`FROM node:${tag('20-alpine')} AS build`, 'WORKDIR /app', 'COPY package*.json ./', 'RUN npm ci', 'COPY . .', 'RUN npm run build', '', `FROM node:${tag('20-alpine')}`, 'WORKDIR /app', 'ENV NODE_ENV=production', 'COPY --from=build /app/dist ./dist', 'COPY --from=build /app/node_modules ./node_modules');
      break;
    case 'python':
      lines.push(`FROM python:${tag('3.12-slim')}`, 'WORKDIR /app', 'ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1', 'COPY requirements.txt .', `RUN pip install ${rnd() < 0.5 ? '--no-cache-dir ' : ''}-r requirements.txt`, 'COPY . .');
      break;
    case 'go':
      lines.push(`FROM golang:${tag('1.22')} AS build`, 'WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go mod download', 'COPY . .', 'RUN CGO_ENABLED=0 go build -o /out/app ./...', '', `FROM gcr.io/distroless/static${pinned ? '@sha256:' + 'cd34'.repeat(16) : ''}`, 'COPY --from=build /out/app /app');
      break;
    case 'java':
      lines.push(`FROM maven:${tag('3.9-eclipse-temurin-21')} AS build`, 'WORKDIR /src', 'COPY pom.xml .', 'RUN mvn -q dependency:go-offline', 'COPY src ./src', 'RUN mvn -q package -DskipTests', '', `FROM eclipse-temurin:${tag('21-jre')}`, 'COPY --from=build /src/target/app.jar /app.jar');
      break;
    default:
      lines.push(`FROM ${pick(['ruby:3.3-slim', 'rust:1.78', 'debian:bookworm-slim', 'ubuntu:22.04'])}`, 'RUN apt-get update && apt-get install -y curl ca-certificates', 'WORKDIR /app', 'COPY . .');
  }
  for (let i = int(0, 4); i > 0; i--) lines.push(`RUN echo step-${i} && ${pick(['true', 'ls -la /app', 'mkdir -p /app/tmp', 'chmod -R g+w /app'])}`);
  lines.push(`EXPOSE ${int(3000, 9000)}`);
  if (health) lines.push(`HEALTHCHECK --interval=30s --timeout=3s CMD ${pick(['curl -fsS http://localhost:8080/healthz || exit 1', 'wget -qO- http://localhost:8080/ready || exit 1'])}`);
  if (user) lines.push(`USER ${pick(['10001:10001', 'app', 'node', 'nobody'])}`);
  lines.push(lang.id === 'node' ? 'CMD ["node", "dist/main.js"]' : lang.id === 'python' ? 'CMD ["python", "-m", "app"]' : 'ENTRYPOINT ["/app"]');
  return lines.join('\n') + '\n';
}

function workflow(name, dir, lang, rnd, int, pick) {
  const pinned = rnd() < 0.4;
  const checkout = pinned ? 'actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11' : 'actions/checkout@v4';
  const perms = rnd() < 0.5;
  const setup = { node: 'actions/setup-node@v4\n        with:\n          node-version: 20\n          cache: npm', python: 'actions/setup-python@v5\n        with:\n          python-version: "3.12"', go: 'actions/setup-go@v5\n        with:\n          go-version: "1.22"', java: 'actions/setup-java@v4\n        with:\n          distribution: temurin\n          java-version: "21"', ruby: 'ruby/setup-ruby@v1\n        with:\n          ruby-version: "3.3"', rust: 'dtolnay/rust-toolchain@stable' }[lang.id];
  const test = { node: 'npm ci && npm test', python: 'pip install -r requirements.txt && pytest', go: 'go test ./...', java: 'mvn -q verify', ruby: 'bundle install && bundle exec rspec', rust: 'cargo test' }[lang.id];
  const out = [
    `name: ${name}`,
    'on:',
    '  push:',
    '    branches: [main]',
    '    paths:',
    `      - '${dir}/**'`,
    '  pull_request:',
    '    paths:',
    `      - '${dir}/**'`,
  ];
  if (perms) out.push('permissions:', '  contents: read');
  out.push('concurrency:', `  group: ${name}-\${{ github.ref }}`, '  cancel-in-progress: true', 'jobs:', '  test:', `    runs-on: ${pick(['ubuntu-latest', 'ubuntu-22.04'])}`);
  if (rnd() < 0.6) out.push(`    timeout-minutes: ${int(5, 30)}`);
  if (rnd() < 0.3) out.push('    strategy:', '      matrix:', `        version: [${int(1, 3)}, ${int(4, 6)}]`);
  out.push('    defaults:', '      run:', `        working-directory: ${dir}`, '    steps:', `      - uses: ${checkout}`, `      - uses: ${setup}`, `      - run: ${test}`);
  if (rnd() < 0.5) out.push('      - name: Lint', `        run: echo "lint \${{ github.event.pull_request.title }}"`);
  if (rnd() < 0.5) {
    out.push('  deploy:', '    needs: test', "    if: github.ref == 'refs/heads/main'", '    runs-on: ubuntu-latest', '    environment: production', '    steps:', `      - uses: ${checkout}`, '      - uses: docker/login-action@v3', '        with:', '          registry: ghcr.io', '          username: ${{ github.actor }}', '          password: ${{ secrets.GITHUB_TOKEN }}', `      - run: docker build -t ghcr.io/example/${name}:\${{ github.sha }} ${dir} && docker push ghcr.io/example/${name}:\${{ github.sha }}`);
  }
  return out.join('\n') + '\n';
}

function compose(name, rnd, int, pick) {
  const out = ['services:', `  ${name}:`, '    build: .', `    image: ghcr.io/example/${name}:${pick(['1.4.2', 'latest', 'main'])}`, '    ports:', `      - "${int(3000, 9000)}:8080"`, '    environment:', '      LOG_LEVEL: info', '      DATABASE_URL: postgres://app@db:5432/app'];
  if (rnd() < 0.5) out.push('    healthcheck:', '      test: ["CMD", "curl", "-f", "http://localhost:8080/healthz"]', '      interval: 30s', '      retries: 3');
  if (rnd() < 0.5) out.push('    restart: unless-stopped');
  out.push('    depends_on:', '      - db', '  db:', `    image: postgres:${pick(['16', '16.2-alpine', 'latest'])}`, '    environment:', '      POSTGRES_PASSWORD: example', '    volumes:', '      - db-data:/var/lib/postgresql/data', 'volumes:', '  db-data: {}');
  return out.join('\n') + '\n';
}

function k8s(name, rnd, int) {
  const probes = rnd() < 0.5;
  const limits = rnd() < 0.5;
  const out = [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: ${name}`, '  labels:', `    app: ${name}`, 'spec:', `  replicas: ${int(1, 4)}`, '  selector:', '    matchLabels:', `      app: ${name}`, '  template:', '    metadata:', '      labels:', `        app: ${name}`, '    spec:', '      containers:', `        - name: ${name}`, `          image: ghcr.io/example/${name}:1.${int(0, 9)}.${int(0, 20)}`, '          ports:', '            - containerPort: 8080',
  ];
  if (limits) out.push('          resources:', '            requests:', '              cpu: 100m', '              memory: 128Mi', '            limits:', '              memory: 256Mi');
  if (probes) out.push('          readinessProbe:', '            httpGet:', '              path: /ready', '              port: 8080', '          livenessProbe:', '            httpGet:', '              path: /healthz', '              port: 8080');
  if (rnd() < 0.5) out.push('          securityContext:', '            runAsNonRoot: true', '            readOnlyRootFilesystem: true', '            allowPrivilegeEscalation: false');
  out.push('---', 'apiVersion: v1', 'kind: Service', 'metadata:', `  name: ${name}`, 'spec:', '  selector:', `    app: ${name}`, '  ports:', '    - port: 80', '      targetPort: 8080');
  return out.join('\n') + '\n';
}

function manifestFile(lang, name, int) {
  switch (lang.manifest) {
    case 'package.json':
      return JSON.stringify({ name, version: `1.${int(0, 9)}.0`, scripts: { build: 'tsc -p .', test: 'node --test', start: 'node dist/main.js' }, dependencies: { express: '^4.19.0', pino: '^9.0.0', pg: '^8.11.0' }, devDependencies: { typescript: '^5.4.0' } }, null, 2) + '\n';
    case 'requirements.txt':
      return 'fastapi==0.111.0\nuvicorn==0.29.0\nsqlalchemy==2.0.30\nstructlog==24.1.0\npytest==8.2.0\n';
    case 'go.mod':
      return `module github.com/example/${name}\n\ngo 1.22\n\nrequire (\n\tgithub.com/go-chi/chi/v5 v5.0.12\n\tgithub.com/jackc/pgx/v5 v5.5.5\n)\n`;
    case 'pom.xml':
      return `<project>\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>com.example</groupId>\n  <artifactId>${name}</artifactId>\n  <version>1.0.0</version>\n  <dependencies>\n    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency>\n  </dependencies>\n</project>\n`;
    case 'Gemfile':
      return "source 'https://rubygems.org'\ngem 'rails', '~> 7.1'\ngem 'pg'\ngroup :test do\n  gem 'rspec-rails'\nend\n";
    default:
      return `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\naxum = "0.7"\ntokio = { version = "1", features = ["full"] }\n`;
  }
}

function source(lang, n, rnd, int, pick, word) {
  const fns = int(2, 10);
  const out = [];
  const id = () => `${word()}${cap(word())}`;
  switch (lang.id) {
    case 'node':
      out.push("import { logger } from '../lib/logger';", "import type { Request, Response } from 'express';", '');
      for (let i = 0; i < fns; i++) {
        const f = id();
        out.push(`/** Handles ${word()} ${word()} requests. */`, `export async function ${f}${i}(req: Request, res: Response): Promise<void> {`, `  const ${word()}Id = String(req.params.id ?? '');`, `  logger.info({ route: '${n}' }, 'handling ${f}');`, `  if (!req.body) {`, `    res.status(400).json({ error: 'missing body' });`, '    return;', '  }', `  const total = [${int(1, 9)}, ${int(1, 9)}, ${int(1, 9)}].reduce((a, b) => a + b, 0);`, '  res.json({ ok: true, total });', '}', '');
      }
      break;
    case 'python':
      out.push('import logging', 'from dataclasses import dataclass', '', 'log = logging.getLogger(__name__)', '');
      for (let i = 0; i < fns; i++) {
        const f = `${word()}_${word()}_${i}`;
        out.push('', `def ${f}(payload: dict) -> dict:`, `    """Processes a ${word()} ${word()}."""`, `    log.info("processing %s", payload.get("id"))`, `    total = sum([${int(1, 9)}, ${int(1, 9)}, ${int(1, 9)}])`, '    if not payload:', '        raise ValueError("empty payload")', '    return {"ok": True, "total": total}', '');
      }
      break;
    case 'go':
      out.push('package main', '', 'import (', '\t"log/slog"', '\t"net/http"', ')', '');
      for (let i = 0; i < fns; i++) {
        const f = cap(id()) + i;
        out.push(`// ${f} serves ${word()} requests.`, `func ${f}(w http.ResponseWriter, r *http.Request) {`, `\tslog.Info("handling", "route", "${n}")`, '\tif r.Method != http.MethodGet {', '\t\thttp.Error(w, "method not allowed", http.StatusMethodNotAllowed)', '\t\treturn', '\t}', `\tw.WriteHeader(http.StatusOK)`, '}', '');
      }
      break;
    case 'java':
      out.push('package com.example;', '', 'import org.slf4j.Logger;', 'import org.slf4j.LoggerFactory;', '', `public class ${cap(n.replace(/_/g, ''))} {`, `  private static final Logger log = LoggerFactory.getLogger(${cap(n.replace(/_/g, ''))}.class);`);
      for (let i = 0; i < fns; i++) out.push('', `  public int ${id()}${i}(int a, int b) {`, `    log.info("computing ${word()}");`, `    return a * ${int(1, 9)} + b;`, '  }');
      out.push('}');
      break;
    case 'ruby':
      out.push(`class ${cap(word())}${cap(word())}Service`);
      for (let i = 0; i < fns; i++) out.push(`  def ${word()}_${i}(params)`, `    Rails.logger.info("handling #{params[:id]}")`, `    [${int(1, 9)}, ${int(1, 9)}].sum`, '  end', '');
      out.push('end');
      break;
    default:
      out.push('use axum::{routing::get, Router};', '');
      for (let i = 0; i < fns; i++) out.push(`/// Serves ${word()}.`, `pub async fn ${word()}_${i}() -> &'static str {`, `    tracing::info!("handling ${n}");`, `    "${pick(['ok', 'ready', 'done'])}"`, '}', '');
  }
  return out.join('\n') + '\n';
}

function testFile(lang, n, int, word) {
  switch (lang.id) {
    case 'node':
      return `import { test } from 'node:test';\nimport assert from 'node:assert/strict';\n\ntest('${word()} ${n}', () => {\n  assert.equal(${int(1, 9)} + 1, ${int(1, 9)} + 1 - 0);\n});\n`;
    case 'python':
      return `def test_${n}():\n    assert ${int(1, 9)} + 1 > 0\n`;
    case 'go':
      return `package main\n\nimport "testing"\n\nfunc Test${cap(word())}${int(0, 999)}(t *testing.T) {\n\tif ${int(1, 9)} < 0 {\n\t\tt.Fatal("impossible")\n\t}\n}\n`;
    case 'java':
      return `package com.example;\n\nimport org.junit.jupiter.api.Test;\nimport static org.junit.jupiter.api.Assertions.*;\n\nclass ${cap(word())}Test {\n  @Test\n  void works() {\n    assertTrue(${int(1, 9)} > 0);\n  }\n}\n`;
    case 'ruby':
      return `RSpec.describe '${n}' do\n  it 'works' do\n    expect(${int(1, 9)}).to be > 0\n  end\nend\n`;
    default:
      return `#[test]\nfn ${n}() {\n    assert!(${int(1, 9)} > 0);\n}\n`;
  }
}

function readme(title, rnd, word, int, withSections) {
  const para = () => Array.from({ length: int(12, 40) }, word).join(' ') + '.';
  const out = [`# ${title}`, '', para(), ''];
  const sections = withSections ? ['Getting started', 'Configuration', 'Deployment', 'Monitoring', 'Troubleshooting'] : ['Overview', 'Details'];
  for (const s of sections) {
    if (rnd() < 0.3) continue;
    out.push(`## ${s}`, '', para(), '', para(), '');
    if (rnd() < 0.4) out.push('```sh', `make ${word()}`, '```', '');
  }
  return out.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, n] = process.argv.slice(2);
  if (!dir || !n) {
    console.error('usage: node bench/generate.mjs <dir> <files>');
    process.exit(2);
  }
  const t = Date.now();
  const { counts } = generate(path.resolve(dir), Number(n));
  console.log(`generated ${n} files in ${Date.now() - t} ms`, counts);
}
