/**
 * Facts about a project detected from its own files: stacks, frameworks, whether it serves HTTP,
 * uses a database, has a web front end or ships a container. Rules consult the facts to decide
 * whether they apply (a command-line library needs no HEALTHCHECK).
 */
import { asRecord } from './source';
import { roleView } from './roles';
import { exampleEvidence } from './self-description';
import { inLiteral } from './code-mask';
import { SERVICE_KINDS, type ProjectKind } from './vocabulary';
import type { Workspace } from './workspace';
import type { TomlView } from './formats/toml';
import type { Manifest } from '../manifest/schema';

/** A language ecosystem the engine knows. */
export type Stack = 'node' | 'python' | 'go' | 'java' | 'ruby' | 'rust' | 'dotnet';

/** What the engine knows about a project. */
export interface Facts {
  stacks: Stack[];
  /** Whether TypeScript is used (Node stack). */
  typescript: boolean;
  frameworks: string[];
  servesHttp: boolean;
  usesDatabase: boolean;
  hasWebFrontend: boolean;
  /** A Dockerfile, compose file or Kubernetes manifest is present. */
  shipsContainer: boolean;
  /**
   * What kind of project the product is (service, daemon, web front end, CLI, library, example, codeless),
   * from its code or from the manifest's `kind:`; `evidence.kind` says why.
   */
  kind: ProjectKind;
  /** A long-running service (kind `service` or `daemon`) rather than a library, a tool or a static front end. */
  isService: boolean;
  /**
   * For an `example`: the kind of the product it demonstrates (what its code would be without what it
   * says of itself), so that the checks of that product are still counted against it (told once by
   * `project/example`, see core/engine.ts).
   */
  productKind?: ProjectKind;
  /** Names of all declared dependencies, lower-cased, across manifests. */
  dependencies: string[];
  /** Why each fact was concluded: fact name → evidence strings. */
  evidence: Record<string, string[]>;
}

const HTTP_FRAMEWORKS: Record<string, string> = {
  express: 'express', fastify: 'fastify', koa: 'koa', '@nestjs/core': 'nestjs', hapi: 'hapi', '@hapi/hapi': 'hapi', next: 'next', nuxt: 'nuxt',
  '@remix-run/node': 'remix', '@sveltejs/kit': 'sveltekit', hono: 'hono', restify: 'restify', '@apollo/server': 'apollo', 'apollo-server': 'apollo',
  django: 'django', flask: 'flask', fastapi: 'fastapi', starlette: 'starlette', aiohttp: 'aiohttp', tornado: 'tornado', sanic: 'sanic', uvicorn: 'uvicorn', gunicorn: 'gunicorn',
  'github.com/gin-gonic/gin': 'gin', 'github.com/labstack/echo': 'echo', 'github.com/gofiber/fiber': 'fiber', 'github.com/go-chi/chi': 'chi', 'github.com/gorilla/mux': 'gorilla',
  'spring-boot-starter-web': 'spring', 'spring-boot-starter-webflux': 'spring', 'spring-boot-starter-webmvc': 'spring', wagtail: 'django', quarkus: 'quarkus', micronaut: 'micronaut', ktor: 'ktor',
  rails: 'rails', sinatra: 'sinatra', puma: 'puma', 'actix-web': 'actix', axum: 'axum', rocket: 'rocket', warp: 'warp', 'microsoft.aspnetcore': 'aspnetcore',
};
const DB_DEPS = /^(pg|postgres|mysql2?|mongodb|mongoose|prisma|@prisma\/client|sequelize|typeorm|knex|drizzle-orm|redis|ioredis|sqlite3|better-sqlite3|psycopg2?(-binary)?|psycopg|sqlalchemy|asyncpg|pymongo|django|peewee|alembic|gorm\.io\/gorm|github\.com\/jackc\/pgx.*|github\.com\/lib\/pq|go\.mongodb\.org\/mongo-driver|spring-boot-starter-data-jpa|hibernate-core|activerecord|pg|mysql2|diesel|sqlx|sea-orm|entityframeworkcore|microsoft\.entityframeworkcore.*|npgsql)$/;
/** Tests, fixtures, examples and scripts: code that does not say what the product itself does. */
const NOT_PRODUCT_CODE = /(^|\/)(tests?|__tests__|spec|e2e|fixtures?|testdata|examples?|samples?|scripts|bench(marks?)?)\/|[._-](test|spec)\.[a-z]+$|_test\.go$|(^|\/)test_[^/]+\.py$/i;
/** Code that starts a network server with the standard library (Go, Node, Python, Rust). */
const SERVER_CODE = /\b(?:http\.)?ListenAndServe(?:TLS)?\(|\bhttp\.Server\{|\bweb\.ListenAndServe\(|\bhttps?\.createServer\(|HTTPServer\(|\.listen\(\s*(?:process\.env\.PORT|\d{2,5}|port)\b|\bhyper::Server\b|\bTcpListener::bind\(/;
const FRONTEND_DEPS = /^(react|react-dom|vue|svelte|@angular\/core|next|nuxt|solid-js|preact|@sveltejs\/kit|astro|vite)$/;

/**
 * Detects the facts of a workspace's product (helper trees such as documentation sites, test
 * harnesses and examples are left out, see `core/roles.ts`). Reads only dependency manifests and,
 * when needed, a sample of source files. The manifest's `kind`, `product` and `helpers` are honoured.
 */
export function detectFacts(all: Workspace, manifest?: Pick<Manifest, 'kind' | 'product' | 'helpers'>): Facts {
  const ws = roleView(all, ['product'], manifest);
  const stacks = new Set<Stack>();
  const deps = new Set<string>();
  const frameworks = new Set<string>();
  const evidence: Record<string, string[]> = {};
  const say = (fact: string, why: string) => {
    const reasons = (evidence[fact] ??= []);
    if (reasons.length < 5) reasons.push(why);
  };
  let typescript = false;
  /** package.json files that look like tooling; they are a stack only when nothing else is. */
  const toolingPackages: { path: string; why: string; pkg: Record<string, unknown> }[] = [];
  const addPackageDeps = (pkg: Record<string, unknown>) => {
    for (const key of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
      for (const d of Object.keys(asRecord(pkg[key]) ?? {})) deps.add(d.toLowerCase());
    }
    if (asRecord(pkg.devDependencies)?.typescript || asRecord(pkg.dependencies)?.typescript) typescript = true;
  };

  for (const f of ws.files) {
    const base = f.slice(f.lastIndexOf('/') + 1);
    switch (base) {
      case 'package.json': {
        const text = ws.read(f)?.text;
        if (!text) break;
        try {
          const pkg = asRecord(JSON.parse(text)) ?? {};
          // A package.json is a Node stack when it builds or runs JavaScript: one that only pins
          // development tools for other stacks (linters for static files) or only wraps a binary
          // for distribution (no JavaScript under it) is tooling, not a stack of the product.
          const tooling = nodeToolingOnly(ws, f, pkg);
          if (tooling) {
            toolingPackages.push({ path: f, why: tooling, pkg });
            break;
          }
          stacks.add('node');
          say('stacks', `node: ${f}`);
          addPackageDeps(pkg);
        } catch {
          /* An invalid package.json is reported by its own rule (quality/config-parses); it still says Node. */
          stacks.add('node');
          say('stacks', `node: ${f}`);
        }
        break;
      }
      case 'tsconfig.json':
        typescript = true;
        stacks.add('node');
        break;
      case 'requirements.txt':
      case 'requirements.in':
      case 'pyproject.toml':
      case 'Pipfile':
      case 'setup.py':
      case 'setup.cfg': {
        stacks.add('python');
        say('stacks', `python: ${f}`);
        const text = ws.read(f)?.text ?? '';
        for (const m of text.matchAll(/^\s*["']?([A-Za-z0-9_.-]+)\s*(?:\[[^\]]*\])?\s*(?:[=<>~!;"',]|$)/gm)) deps.add(m[1].toLowerCase());
        break;
      }
      case 'go.mod': {
        stacks.add('go');
        say('stacks', `go: ${f}`);
        const text = ws.read(f)?.text ?? '';
        // Direct requirements only: a `// indirect` one is a dependency of a dependency, not the product's choice.
        for (const m of text.matchAll(/^\s*(?:require\s+)?([\w.-]+\.[\w.-]+\/[\w./-]+)\s+v[^\s/]*[ \t]*(\/\/[ \t]*indirect\b)?/gm)) if (!m[2]) deps.add(m[1].toLowerCase().replace(/\/v\d+$/, ''));
        break;
      }
      case 'pom.xml':
      case 'build.gradle':
      case 'build.gradle.kts': {
        stacks.add('java');
        say('stacks', `java: ${f}`);
        const text = ws.read(f)?.text ?? '';
        for (const m of text.matchAll(/<artifactId>([\w.-]+)<\/artifactId>|['"][\w.-]+:([\w.-]+)(?::[\w.-]+)?['"]/g)) deps.add((m[1] ?? m[2]).toLowerCase());
        break;
      }
      case 'Gemfile': {
        stacks.add('ruby');
        say('stacks', `ruby: ${f}`);
        const text = ws.read(f)?.text ?? '';
        for (const m of text.matchAll(/^\s*gem\s+['"]([\w.-]+)['"]/gm)) deps.add(m[1].toLowerCase());
        break;
      }
      case 'Cargo.toml': {
        stacks.add('rust');
        say('stacks', `rust: ${f}`);
        for (const d of cargoDependencies(ws.read(f)?.toml)) deps.add(d);
        break;
      }
      default:
        if (/(^|\/)(?:dev|test|tests|testing)[-_]requirements\.(txt|in)$|(^|\/)requirements[-_](?:dev|test|tests|testing|ci)\.(txt|in)$/.test(f)) {
          // Development and test requirements (requirements-dev.txt, test-requirements.txt) declare the test
          // runner and tools beside a Python product; by themselves they make no stack (a docs site's do not).
          const text = ws.read(f)?.text ?? '';
          for (const m of text.matchAll(/^\s*([A-Za-z0-9_.-]+)\s*(?:\[[^\]]*\])?\s*(?:[=<>~!;]|$)/gm)) deps.add(m[1].toLowerCase());
        } else if (/(^|\/)requirements\/[\w.-]+\.(txt|in)$/.test(f)) {
          stacks.add('python');
          say('stacks', `python: ${f}`);
          const text = ws.read(f)?.text ?? '';
          for (const m of text.matchAll(/^\s*([A-Za-z0-9_.-]+)\s*(?:\[[^\]]*\])?\s*(?:[=<>~!;]|$)/gm)) deps.add(m[1].toLowerCase());
        } else if (base.endsWith('.csproj')) {
          stacks.add('dotnet');
          say('stacks', `dotnet: ${f}`);
          const text = ws.read(f)?.text ?? '';
          for (const m of text.matchAll(/PackageReference\s+Include="([\w.-]+)"/g)) deps.add(m[1].toLowerCase());
          if (/Sdk="Microsoft\.NET\.Sdk\.Web"/.test(text)) deps.add('microsoft.aspnetcore');
        }
    }
  }

  // Tooling package.json files (linters for another stack's files, binaries wrapped for npm) make
  // Node a stack only when the product has no other stack.
  if (toolingPackages.length) {
    if (stacks.size === 0 || stacks.has('node')) {
      for (const t of toolingPackages) {
        stacks.add('node');
        addPackageDeps(t.pkg);
      }
      say('stacks', `node: ${toolingPackages[0].path}`);
    } else {
      for (const t of toolingPackages.slice(0, 2)) say('stacks', `${t.path} is not a Node stack: ${t.why}`);
    }
  }

  for (const d of deps) {
    const fw = HTTP_FRAMEWORKS[d] ?? (d.startsWith('github.com/') ? HTTP_FRAMEWORKS[d.split('/').slice(0, 3).join('/')] : undefined);
    if (fw) {
      frameworks.add(fw);
      say('servesHttp', `dependency ${d}`);
    }
  }
  let servesHttp = frameworks.size > 0;
  const usesDbDeps = [...deps].filter((d) => DB_DEPS.test(d));
  for (const d of usesDbDeps.slice(0, 3)) say('usesDatabase', `dependency ${d}`);
  let usesDatabase = usesDbDeps.length > 0;
  const fe = [...deps].filter((d) => FRONTEND_DEPS.test(d));
  for (const d of fe.slice(0, 3)) say('hasWebFrontend', `dependency ${d}`);
  for (const d of fe) if (['react', 'vue', 'svelte', '@angular/core', 'next', 'nuxt'].includes(d)) frameworks.add(d === '@angular/core' ? 'angular' : d);
  const hasWebFrontend = fe.length > 0;

  // Standard-library servers (Go net/http, Python http.server, Node http) show only in the code.
  if (!servesHttp) {
    const product = ws.pathsOfKind('source').filter((f) => !NOT_PRODUCT_CODE.test(f));
    for (const f of product.slice(0, 400)) {
      const file = ws.read(f);
      if (!file?.text) continue;
      // A server started in code, not the words of one in a comment, a message or a pattern.
      if (SERVER_CODE.test(file.text) && [...file.text.matchAll(new RegExp(SERVER_CODE.source, 'g'))].some((m) => !inLiteral(file, m.index ?? 0))) {
        servesHttp = true;
        say('servesHttp', `HTTP server in ${f}`);
        break;
      }
    }
  }
  if (!usesDatabase && ws.files.some((f) => /(^|\/)(migrations?|alembic|prisma)\//.test(f) || f.endsWith('schema.prisma'))) {
    usesDatabase = true;
    say('usesDatabase', 'migrations or schema folder');
  }

  const dockerfiles = ws.pathsOfKind('dockerfile');
  const compose = ws.pathsOfKind('compose');
  const hasK8s = ws.files.some((f) => /(^|\/)(k8s|kubernetes|deploy|manifests|helm|charts)\//i.test(f) && /\.ya?ml$/.test(f));
  const shipsContainer = dockerfiles.length > 0 || compose.length > 0 || hasK8s;
  if (dockerfiles.length) say('shipsContainer', `Dockerfile: ${dockerfiles[0]}`);
  if (compose.length) say('shipsContainer', `compose: ${compose[0]}`);
  if (!usesDatabase) {
    for (const c of compose) {
      if (/image:\s*["']?(postgres|mysql|mariadb|mongo|redis|bitnami\/(postgresql|mysql|mongodb|redis))/i.test(ws.read(c)?.text ?? '')) {
        usesDatabase = true;
        say('usesDatabase', `database service in ${c}`);
        break;
      }
    }
  }

  const kindInputs: KindInputs = { stacks, servesHttp, hasWebFrontend, dockerfiles, compose, hasK8s, pkgBin: hasPackageBin(ws) };
  const kind = manifest?.kind ?? detectKind(ws, kindInputs, (why) => say('kind', why));
  if (manifest?.kind) say('kind', `readiness.yaml says kind: ${manifest.kind}`);
  const productKind = kind === 'example' ? detectKind(ws, kindInputs, () => undefined, false) : undefined;

  return {
    stacks: [...stacks].sort(),
    typescript,
    frameworks: [...frameworks].sort(),
    servesHttp,
    usesDatabase,
    hasWebFrontend,
    shipsContainer,
    kind,
    isService: SERVICE_KINDS.includes(kind),
    ...(productKind ? { productKind } : {}),
    dependencies: [...deps].sort(),
    evidence,
  };
}

const JS_SOURCE = /\.(?:[cm]?[jt]sx?|vue|svelte|astro)$/;

/**
 * Why a package.json is tooling rather than a Node stack, or undefined. One with runtime
 * dependencies is a stack. Without any, it is tooling when it holds only development tools and no
 * entry point, `bin`, or start/build/test script (linters for another stack's static files), or when
 * it sits in a subfolder with no JavaScript or TypeScript under it and runs nothing (a binary wrapped
 * for npm).
 */
function nodeToolingOnly(ws: Workspace, path: string, pkg: Record<string, unknown>): string | undefined {
  const deps = Object.keys(asRecord(pkg.dependencies) ?? {}).length + Object.keys(asRecord(pkg.peerDependencies) ?? {}).length;
  if (deps > 0) return undefined;
  const scripts = Object.keys(asRecord(pkg.scripts) ?? {});
  const entry = pkg.main ?? pkg.module ?? pkg.exports ?? pkg.bin ?? pkg.workspaces;
  const runs = entry !== undefined || scripts.some((k) => /^(start|build|dev|serve|test|prepare|compile)(:|$)/.test(k));
  const devTools = Object.keys(asRecord(pkg.devDependencies) ?? {}).length > 0;
  // Only development tools (linters for static files of another stack), nothing that builds or runs.
  if (devTools && !runs) return 'only development tools, no dependency, entry point or build, start or test script';
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
  if (dir && !runs && !ws.files.some((p) => p.startsWith(dir) && JS_SOURCE.test(p))) return 'no JavaScript or TypeScript source under it (it wraps something else for npm)';
  return undefined;
}

interface KindInputs {
  stacks: Set<Stack>;
  servesHttp: boolean;
  hasWebFrontend: boolean;
  dockerfiles: string[];
  compose: string[];
  hasK8s: boolean;
  pkgBin: string | undefined;
}

/**
 * The kind of project, from the product's own files, in this order: no code and no image that runs
 * a program is `codeless`; a repository that says it is an example, a demo, a tutorial's or a
 * course's code or a collection of samples (its README's headline or first sentence, its package
 * description, see `core/self-description.ts`) is an `example`; a
 * server (an HTTP framework or a standard-library listener), a deployment (compose, Kubernetes, Helm,
 * Procfile) or an image that exposes a port is a `service`; a web front end without a server is a
 * `web-frontend`; a program with command-line entry points (Go `package main`, Rust `src/main.rs`,
 * Python console scripts, an npm `bin`) is a `cli`, or a `service` when its image runs it; anything
 * else with code is a `library`. Without `examples`, what a repository says of itself is not read (the
 * kind of the product an example demonstrates).
 */
function detectKind(ws: Workspace, k: KindInputs, say: (why: string) => void, examples = true): ProjectKind {
  const procfile = ws.files.find((f) => /^(Procfile|app\.ya?ml|fly\.toml|render\.ya?ml|heroku\.yml)$/.test(f));
  const exposing = k.dockerfiles.find((d) => /^\s*EXPOSE\s+\S/im.test(ws.read(d)?.text ?? ''));
  const running = k.dockerfiles.find((d) => /^\s*(CMD|ENTRYPOINT)\s+\S/im.test(ws.read(d)?.text ?? ''));
  if (k.stacks.size === 0 && ws.pathsOfKind('source').length === 0 && !running && !exposing && !k.compose.length && !k.hasK8s && !procfile) {
    say(k.dockerfiles.length ? `no application code (only ${k.dockerfiles.join(', ')}, which runs no program of this repository)` : 'no application code');
    return 'codeless';
  }
  const example = examples ? exampleEvidence(ws) : undefined;
  if (example) {
    say(`${example}: an example, tutorial or sample collection is read and copied, not operated`);
    return 'example';
  }
  if (k.servesHttp) {
    say('it serves HTTP (see servesHttp)');
    return 'service';
  }
  if (k.compose.length || k.hasK8s || procfile) {
    say(k.compose.length ? `deployed with compose (${k.compose[0]})` : procfile ? `deployed by ${procfile}` : 'deployed to Kubernetes');
    return 'service';
  }
  if (exposing) {
    say(`its image exposes a port (${exposing})`);
    return 'service';
  }
  if (k.stacks.size === 0 && running && !k.hasWebFrontend) {
    say(`its image runs a program (${running})`);
    return 'service';
  }
  if (k.hasWebFrontend) {
    say('a web front end with no server of its own');
    return 'web-frontend';
  }
  const entry = cliEntry(ws, k.pkgBin);
  if (entry) {
    if (k.dockerfiles.length) {
      say(`a program (${entry}) that its image runs (${k.dockerfiles[0]})`);
      return 'service';
    }
    say(`command-line entry point ${entry}, no server`);
    return 'cli';
  }
  say('code with no entry point, server or deployment');
  return 'library';
}

/**
 * The crates a Cargo.toml depends on, read from its parsed tables: `[dependencies]`, development and
 * build dependencies, per-target ones and the workspace's shared list, in inline (`serde = "1"`) and
 * table (`[dependencies.serde]`) form alike. A crate renamed with `package = "…"` counts under its
 * real name too.
 */
function cargoDependencies(view: TomlView | undefined): string[] {
  if (!view?.ok) return [];
  const out: string[] = [];
  const tables: unknown[] = [];
  const root = view.value;
  const collect = (t: unknown) => {
    const r = asRecord(t);
    if (!r) return;
    for (const k of ['dependencies', 'dev-dependencies', 'build-dependencies']) tables.push(r[k]);
  };
  collect(root);
  collect(root.workspace);
  for (const target of Object.values(asRecord(root.target) ?? {})) collect(target);
  for (const t of tables) {
    for (const [name, spec] of Object.entries(asRecord(t) ?? {})) {
      out.push(name.toLowerCase());
      const pkg = asRecord(spec)?.package;
      if (typeof pkg === 'string') out.push(pkg.toLowerCase());
    }
  }
  return out;
}

/** The first command-line entry point of the product, if any. */
function cliEntry(ws: Workspace, pkgBin: string | undefined): string | undefined {
  if (pkgBin) return pkgBin;
  for (const f of ws.files) {
    if (/^(main\.go|cmd\/[^/]+\/main\.go|cmd\/main\.go)$/.test(f) && /^package main\b/m.test(ws.read(f)?.text ?? '')) return f;
    if (/^(crates\/[^/]+\/)?src\/(main\.rs|bin\/[^/]+\.rs)$/.test(f)) return f;
    if (/^(src\/)?[\w-]+\/__main__\.py$/.test(f)) return f;
  }
  if (/^\[\[bin\]\]/m.test(ws.read('Cargo.toml')?.text ?? '')) return 'Cargo.toml [[bin]]';
  const py = ws.read('pyproject.toml')?.text ?? '';
  if (/^\[project\.scripts\]|^\[tool\.poetry\.scripts\]/m.test(py)) return 'pyproject.toml scripts';
  if (/console_scripts/.test(ws.read('setup.py')?.text ?? '') || /console_scripts/.test(ws.read('setup.cfg')?.text ?? '')) return 'setup console_scripts';
  return undefined;
}

/** The root package.json's `bin`, if it declares one. */
function hasPackageBin(ws: Workspace): string | undefined {
  const text = ws.read('package.json')?.text;
  if (!text || !text.includes('"bin"')) return undefined;
  try {
    return asRecord(JSON.parse(text))?.bin ? 'package.json bin' : undefined;
  } catch {
    return undefined;
  }
}
