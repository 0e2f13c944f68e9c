/**
 * Path roles: which trees of a repository are the product (what ships) and which are helpers
 * (documentation sites, test harnesses and fixtures, examples and samples, local development stacks,
 * distro packaging, benchmark inputs). Rules judge the product; helper trees get only the rules that
 * make sense there (the secret guards, for instance). The engine gives each rule a view of the
 * workspace that holds only the roles the rule declares (`RuleMeta.roles`, default `defaultRoles`).
 *
 * The principles, stated before looking at any repository:
 *
 * 1. The root is the product, and so is every folder not classified below: a file's role is the role
 *    of the outermost helper folder that holds it.
 * 2. A folder is a helper by its conventional name: `docs`/`website` (documentation), `test(s)`,
 *    `e2e`, `fixtures`, `testdata`, `testingutil`... (tests, their helpers and inputs),
 *    `examples`/`_examples`/`samples`/`demo`/`contrib` (examples; Go skips folders named `_*`),
 *    `.devcontainer`/`dev`/`local`/`hack` (local development), `debian`/`rpm`/`packaging`...
 *    (distro packaging), `bench(marks)` (benchmarks and their inputs). Below a JVM source root
 *    (`src/main/java/`) folders are package names (`org/springframework/samples`), never helpers. A folder whose package.json
 *    builds a documentation site (Docusaurus, VitePress, VuePress, Nextra, Docsify, Starlight) is a
 *    documentation tree whatever its name, and so is an mdBook (`book.toml`). A package that only
 *    wraps a prebuilt binary of the product for another ecosystem is packaging whatever its name: a
 *    setup.py or gemspec that bundles `*.so`/`*.dylib`/`*.dll` files, an npm package restricted to a
 *    platform (`os`/`cpu`), or one whose optional dependencies are such platform packages.
 * 3. A compose file named for development, tests or CI (`docker-compose.dev.yml`, `compose.local.yaml`,
 *    `docker-compose.override.yml`, `docker-compose.test.yml`...) is a local stack, not the deployment.
 *    So is a compose file the project's documentation calls a demo or "for local testing only" (its
 *    own header comments, or the sentence of a README or docs page that names it), one that starts
 *    only third-party images (databases, brokers) in a repository whose product is its own code (a
 *    main module at the root), and one that runs the project's code with a reloading development server (`--reload`,
 *    `runserver`, `nodemon`, `npm run dev`) from a bind-mounted source tree.
 *    A Dockerfile whose header says it is for development or testing only ("intended DEVELOPMENT
 *    ONLY"), or that only recipes "for testing only" build, is a local development helper
 *    (`developmentOnly` in rules/lib/dockerfile.ts, which the Dockerfile rules also apply); so is a
 *    Dockerfile named for development, debugging or tests (`Dockerfile.dev`, `Dockerfile-debug`,
 *    `test.Dockerfile`), and one below the root that only such local stacks build.
 * 4. What the project publishes is the product wherever it lives: a Dockerfile in an example,
 *    development or contrib tree is product when a workflow that publishes images (a push, a registry
 *    login, GoReleaser) names it, when GoReleaser builds it, or when a product compose file builds it.
 *    Test, documentation and packaging trees stay helpers even when CI builds their images: CI builds
 *    them to test, to publish docs or to package, not to ship the service.
 * 5. The manifest has the last word: `product:` globs are product, `helpers:` globs are helpers.
 *
 * The pages of a documentation tree still document the product: the documentation, operations and
 * reliability rules read them (see `defaultRoles`); only its build (package.json, Dockerfile...) is a
 * helper.
 */
import { minimatch } from 'minimatch';
import type { CategoryId, PathRole, RoleTree } from './vocabulary';
import type { Workspace } from './workspace';
import type { Manifest } from '../manifest/schema';

/** Helper folder names (one path segment, case-insensitive) and the role each gives. */
const NAME_ROLES: { role: PathRole; re: RegExp; why: string }[] = [
  { role: 'docs', re: /^(docs?|documentation|website|docs?[-_]site|site[-_]docs)$/i, why: 'a documentation folder' },
  { role: 'test', re: /^_?(tests?|__tests__|testing|e2e|e2e[-_]tests?|integration|integration[-_]?tests?|cypress|playwright|testdata|test[-_]data|fixtures?|__fixtures__|test[-_]fixtures|__mocks__|test(?:ing)?[-_]?utils?|test[-_]?harness|testhelpers|stubs?|mocks?)$/i, why: 'a test folder (tests, harnesses, fixtures and test inputs)' },
  { role: 'example', re: /^_?(examples?|samples?|demos?|contrib|quickstarts?|playground|sandbox|showcase)$/i, why: 'an examples, samples, demo or contrib folder' },
  { role: 'dev', re: /^(\.devcontainer|\.dev|dev|development|local|hack|\.gitpod)$/i, why: 'a local development folder (dev container, dev stack, dev scripts)' },
  { role: 'packaging', re: /^(packaging|debian|rpm|snap|snapcraft|flatpak|homebrew|chocolatey|nix|aur|\.copr)$/i, why: 'distro packaging' },
  { role: 'bench', re: /^(bench|benches|benchmarks?)$/i, why: 'benchmarks and their inputs' },
];

/**
 * A folder below a JVM source root (`src/main/java/org/example/samples`): its name is a segment of a
 * package name, not a helper folder; the source set (`src/main`, `src/test`) is what decides.
 */
const JVM_PACKAGE_DIR = /(^|\/)src\/[^/]+\/(java|kotlin|scala|groovy)\/./;

/** Dependencies that make a package.json the build of a documentation site. */
const DOCS_SITE_DEPS = /^(@docusaurus\/core|docusaurus|vitepress|vuepress|@vuepress\/.+|nextra|nextra-theme-docs|docsify|docsify-cli|@astrojs\/starlight|gitbook-cli|hexo)$/;

/** A Python or Ruby package manifest that bundles prebuilt native libraries. */
const BUNDLES_NATIVE = /\*\.(?:so|dylib|dll)\b/;
/** An npm package name for one platform's prebuilt binary (`tool-linux-x64`, `@scope/cli-darwin-arm64`). */
const PLATFORM_PACKAGE = /[-_](?:linux|darwin|macos|win32|windows|freebsd)[-_](?:x64|amd64|arm64|aarch64|ia32|x86|arm)\b/;

/** Why a package manifest only wraps a prebuilt binary of the product, or undefined. */
function binaryWrapper(ws: Workspace, file: string, base: string): string | undefined {
  const text = ws.read(file)?.text ?? '';
  if ((base === 'setup.py' || base.endsWith('.gemspec')) && BUNDLES_NATIVE.test(text)) return `${base} bundles prebuilt native libraries`;
  if (base !== 'package.json') return undefined;
  try {
    const pkg = JSON.parse(text) as { os?: unknown; cpu?: unknown; optionalDependencies?: Record<string, unknown> };
    if (Array.isArray(pkg.os) && Array.isArray(pkg.cpu)) return 'its package.json ships a binary for one platform (os/cpu)';
    const opt = Object.keys(pkg.optionalDependencies ?? {});
    if (opt.length > 0 && opt.every((d) => PLATFORM_PACKAGE.test(d))) return 'its package.json installs a prebuilt binary per platform (optionalDependencies)';
  } catch {
    return undefined;
  }
  return undefined;
}

/** Compose files named for a local stack, tests or CI rather than the deployment. */
const DEV_COMPOSE = /^(docker-)?compose[.-](dev|devel|development|local|override|debug|test|tests|testing|e2e|ci|integration)([.-][\w.-]+)?\.ya?ml$/i;

/** A workflow that publishes images (pushes or logs in to a registry, or runs GoReleaser). */
const PUBLISHES = /push:\s*true|docker\s+push|podman\s+push|buildx\s+build[^\n]*--push|docker\/login-action|goreleaser|redhat-actions\/push-to-registry/i;

/**
 * What the container helpers (rules/lib/container-roles.ts, above core) add to the path roles: the
 * roles of single compose files and Dockerfiles judged by their content and by the builds that use
 * them (principles 3 and 3b), and the files that build a Dockerfile (for principle 4). They register
 * themselves when loaded, so that core never imports the rules.
 */
export interface ContainerRoles {
  /** Adds the roles of compose files and Dockerfiles to `fileRole` (never overriding one already set). */
  fileRoles(ws: Workspace, files: string[], fileRole: Map<string, RoleTree>, insideHelper: (rel: string) => boolean): void;
  /** The files (workflows, compose files, scripts, GoReleaser configurations) that build a Dockerfile. */
  buildSites(ws: Workspace, dockerfile: string): string[];
}

const containerRoles: ContainerRoles[] = [];

/** Registers the container principles (called once by rules/lib/container-roles.ts). */
export function registerContainerRoles(c: ContainerRoles): void {
  if (!containerRoles.includes(c)) containerRoles.push(c);
}

/** Which roles a rule sees when it declares none: the product, plus what its category reads. */
export function defaultRoles(category: CategoryId): readonly PathRole[] {
  switch (category) {
    case 'documentation':
    case 'operations':
    case 'reliability':
    case 'roadmap':
      return ['product', 'docs'];
    case 'testing':
      return ['product', 'test'];
    case 'performance':
      return ['product', 'test', 'bench'];
    default:
      return ['product'];
  }
}

/** The roles a rule judges: its own declaration, or the default of its category. */
export function rolesOf(rule: { roles?: readonly PathRole[] | 'all'; category: CategoryId }): readonly PathRole[] | 'all' {
  return rule.roles ?? defaultRoles(rule.category);
}

/** The role of every path of a workspace, with the trees that decided them. */
export interface RoleMap {
  /** The role of a workspace-relative path. */
  roleOf(rel: string): PathRole;
  /** Helper trees (folders, or single files such as a dev compose file), outermost first. */
  helpers: RoleTree[];
  /** The product's deployable units (Dockerfiles, compose files, charts, main modules) and why. */
  product: RoleTree[];
}

const cache = new WeakMap<Workspace, { files: string[]; key: string; map: RoleMap }>();

/**
 * Classifies the trees of a workspace (cached until its file list or the manifest's `product` and
 * `helpers` globs change).
 */
export function roleMap(ws: Workspace, manifest?: Pick<Manifest, 'product' | 'helpers'>): RoleMap {
  const key = globsKey(manifest);
  const files = ws.files;
  const hit = cache.get(ws);
  if (hit && hit.files === files && hit.key === key) return hit.map;
  const map = classify(ws, files, manifest?.product ?? [], manifest?.helpers ?? []);
  cache.set(ws, { files, key, map });
  return map;
}

const globsKeys = new WeakMap<object, { product: unknown; helpers: unknown; key: string }>();

/**
 * The cache key of a manifest's `product` and `helpers` globs, remembered per manifest object (every
 * rule of an audit asks for its view with the same manifest) and recomputed when either list is replaced.
 */
function globsKey(manifest?: Pick<Manifest, 'product' | 'helpers'>): string {
  if (!manifest) return '[[],[]]';
  const hit = globsKeys.get(manifest);
  if (hit && hit.product === manifest.product && hit.helpers === manifest.helpers) return hit.key;
  const key = JSON.stringify([manifest.product ?? [], manifest.helpers ?? []]);
  globsKeys.set(manifest, { product: manifest.product, helpers: manifest.helpers, key });
  return key;
}

function classify(ws: Workspace, files: string[], productGlobs: string[], helperGlobs: string[]): RoleMap {
  const dirRole = new Map<string, RoleTree>();
  const fileRole = new Map<string, RoleTree>();

  // Principle 2: helper folders by name, outermost first (a folder inside a helper stays a helper).
  const dirs = new Set<string>();
  for (const f of files) {
    let i = f.indexOf('/');
    while (i > 0) {
      dirs.add(f.slice(0, i));
      i = f.indexOf('/', i + 1);
    }
  }
  const sorted = [...dirs].sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : 1));
  const insideHelper = (d: string): boolean => {
    for (let i = d.lastIndexOf('/'); i > 0; i = d.lastIndexOf('/', i - 1)) if (dirRole.has(d.slice(0, i))) return true;
    return false;
  };
  for (const d of sorted) {
    const name = d.slice(d.lastIndexOf('/') + 1);
    const byName = NAME_ROLES.find((r) => r.re.test(name));
    if (byName && !insideHelper(d) && !JVM_PACKAGE_DIR.test(d)) dirRole.set(d, { path: d, role: byName.role, why: `${byName.why} (${name}/)` });
  }
  // Documentation sites by their build, whatever the folder's name.
  for (const f of files) {
    const base = f.slice(f.lastIndexOf('/') + 1);
    const dir = f.includes('/') ? f.slice(0, f.lastIndexOf('/')) : '';
    if (!dir || insideHelper(dir + '/x') || dirRole.has(dir)) continue;
    if (base === 'package.json') {
      const dep = docsSiteDependency(ws, f);
      if (dep) dirRole.set(dir, { path: dir, role: 'docs', why: `its package.json builds a documentation site (${dep})` });
    } else if (base === 'book.toml') {
      dirRole.set(dir, { path: dir, role: 'docs', why: 'an mdBook (book.toml)' });
    }
    if (dirRole.has(dir) || !(base === 'setup.py' || base === 'package.json' || base.endsWith('.gemspec'))) continue;
    const wrapper = binaryWrapper(ws, f, base);
    if (wrapper) dirRole.set(dir, { path: dir, role: 'packaging', why: `a package that wraps a prebuilt binary of the product: ${wrapper}` });
  }

  // Principle 3: compose files named for a local stack, tests or CI.
  for (const f of ws.pathsOfKind('compose')) {
    const base = f.slice(f.lastIndexOf('/') + 1);
    const m = DEV_COMPOSE.exec(base);
    if (m) {
      const role: PathRole = /^(test|tests|testing|e2e|ci|integration)$/i.test(m[2]) ? 'test' : 'dev';
      fileRole.set(f, { path: f, role, why: `a compose file named for ${role === 'dev' ? 'local development' : 'tests or CI'} (${base})` });
    }
  }

  // Principles 3 (by content) and 3b: what the container helpers of rules/lib add (see `registerContainerRoles`).
  for (const c of containerRoles) c.fileRoles(ws, files, fileRole, insideHelper);

  // Principle 5: the manifest's helpers.
  const manifestHelper = (rel: string) => helperGlobs.some((g) => minimatch(rel, g, { dot: true }) || minimatch(rel + '/', g, { dot: true }));
  const manifestProduct = (rel: string) => productGlobs.some((g) => minimatch(rel, g, { dot: true }));

  const memo = new Map<string, PathRole>();
  const baseRole = (rel: string): RoleTree | undefined => {
    const own = fileRole.get(rel);
    if (own) return own;
    // The outermost helper folder decides.
    let i = rel.indexOf('/');
    while (i > 0) {
      const t = dirRole.get(rel.slice(0, i));
      if (t) return t;
      i = rel.indexOf('/', i + 1);
    }
    return undefined;
  };

  // Principle 4: what the project publishes is product wherever it lives.
  const product: RoleTree[] = [];
  const promoted = new Map<string, string>();
  const dockerfiles = ws.pathsOfKind('dockerfile');
  const helperDockerfiles = dockerfiles.filter((p) => {
    const t = baseRole(p);
    return t && (t.role === 'example' || t.role === 'dev');
  });
  if (helperDockerfiles.length > 0) {
    const publishers: { path: string; text: string }[] = [];
    for (const w of ws.pathsOfKind('workflow')) {
      const text = ws.read(w)?.text;
      if (text && PUBLISHES.test(text)) publishers.push({ path: w, text });
    }
    for (const g of files.filter((p) => /(^|\/)\.goreleaser\.ya?ml$/.test(p))) {
      const text = ws.read(g)?.text;
      if (text) publishers.push({ path: g, text });
    }
    const composeBuilds: { path: string; text: string }[] = [];
    for (const c of ws.pathsOfKind('compose')) {
      if (baseRole(c)) continue;
      const text = ws.read(c)?.text;
      if (text && /\bbuild:/.test(text)) composeBuilds.push({ path: c, text });
    }
    for (const d of helperDockerfiles) {
      const dir = d.includes('/') ? d.slice(0, d.lastIndexOf('/')) : '';
      // The build reader knows which Dockerfile each build uses; only when it found none of this one is
      // the text searched for its path (not a longer one: `Dockerfile` is not `Dockerfile.prod`) or folder.
      const builds = containerRoles.flatMap((c) => c.buildSites(ws, d));
      const pathRe = new RegExp(`(?:^|[^\\w./-])\\.?/?${escapeRe(d)}(?![\\w.-])`, 'm');
      const named = (path: string, text: string) =>
        builds.length > 0 ? builds.includes(path) : pathRe.test(text) || (dir !== '' && new RegExp(`(?:context:|-f|--file|dockerfile:|\\s)\\s*["']?\\.?/?${escapeRe(dir)}/?["']?\\s*$`, 'm').test(text));
      const by = publishers.find((p) => named(p.path, p.text)) ?? composeBuilds.find((c) => named(c.path, c.text));
      if (by) promoted.set(d, `${by.path} builds it`);
    }
  }

  const roleOf = (rel: string): PathRole => {
    let r = memo.get(rel);
    if (r !== undefined) return r;
    if (manifestProduct(rel) || promoted.has(rel)) r = 'product';
    else if (manifestHelper(rel)) r = baseRole(rel)?.role ?? 'helper';
    else r = baseRole(rel)?.role ?? 'product';
    if (memo.size > 200_000) memo.clear();
    memo.set(rel, r);
    return r;
  };

  // The deployable units of the product, as the report shows them.
  for (const d of dockerfiles) {
    if (roleOf(d) !== 'product') continue;
    product.push({ path: d, role: 'product', why: promoted.get(d) ?? (d.includes('/') ? 'a Dockerfile outside helper trees' : 'the Dockerfile at the root') });
  }
  for (const c of ws.pathsOfKind('compose')) if (roleOf(c) === 'product') product.push({ path: c, role: 'product', why: 'a compose file outside helper trees' });
  for (const f of files) {
    const base = f.slice(f.lastIndexOf('/') + 1);
    if (roleOf(f) !== 'product') continue;
    if (base === 'Chart.yaml') product.push({ path: f.slice(0, Math.max(0, f.lastIndexOf('/'))) || '.', role: 'product', why: 'a Helm chart' });
    else if (/^(package\.json|go\.mod|Cargo\.toml|pyproject\.toml|setup\.py|pom\.xml|build\.gradle(\.kts)?|Gemfile|[\w.-]+\.csproj)$/.test(base) && depth(f) <= 2) {
      product.push({ path: f, role: 'product', why: f.includes('/') ? 'a module of the product' : 'the main module' });
    }
  }
  for (const f of files) if (manifestProduct(f) && !product.some((p) => p.path === f) && depth(f) <= 1) product.push({ path: f, role: 'product', why: 'readiness.yaml lists it as product' });

  const helpers: RoleTree[] = [...dirRole.values(), ...fileRole.values()];
  for (const g of helperGlobs) helpers.push({ path: g, role: 'helper', why: 'readiness.yaml lists it as a helper' });
  for (const [p, why] of promoted) helpers.push({ path: p, role: 'product', why: `product inside a helper tree: ${why}` });
  helpers.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { roleOf, helpers, product: product.slice(0, 50) };
}

function docsSiteDependency(ws: Workspace, pkgPath: string): string | undefined {
  const text = ws.read(pkgPath)?.text;
  if (!text || !/docusaurus|vitepress|vuepress|nextra|docsify|starlight|gitbook|hexo/.test(text)) return undefined;
  try {
    const pkg = JSON.parse(text) as Record<string, unknown>;
    for (const key of ['dependencies', 'devDependencies']) {
      const deps = pkg[key];
      if (deps && typeof deps === 'object') for (const d of Object.keys(deps)) if (DOCS_SITE_DEPS.test(d)) return d;
    }
  } catch {
    /* An invalid package.json is reported by its own rule. */
  }
  return undefined;
}

function depth(p: string): number {
  let n = 0;
  for (let i = 0; i < p.length; i++) if (p.charCodeAt(i) === 47) n++;
  return n;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The workspace as a rule with these roles sees it. Documentation pages (Markdown) of a docs tree are
 * seen by the rules that read documents; everything else of a helper tree only by rules that name its
 * role. Views are cached per workspace and role set, so rules with the same roles share their memos.
 */
export function roleView(ws: Workspace, roles: readonly PathRole[] | 'all', manifest?: Pick<Manifest, 'product' | 'helpers'>): Workspace {
  if (roles === 'all') return ws;
  const map = roleMap(ws, manifest);
  if (map.helpers.length === 0) return ws;
  const set = new Set(roles);
  return ws.view(`roles:${[...set].sort().join(',')}:${JSON.stringify([manifest?.product ?? [], manifest?.helpers ?? []])}`, (rel) => set.has(map.roleOf(rel)));
}
