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
 *    `e2e`, `fixtures`, `testdata`... (tests and their inputs), `examples`/`samples`/`demo`/`contrib`
 *    (examples), `.devcontainer`/`dev`/`local`/`hack` (local development), `debian`/`rpm`/`packaging`...
 *    (distro packaging), `bench(marks)` (benchmarks and their inputs). A folder whose package.json
 *    builds a documentation site (Docusaurus, VitePress, VuePress, Nextra, Docsify, Starlight) is a
 *    documentation tree whatever its name, and so is an mdBook (`book.toml`).
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
import type { CategoryId, PathRole, RoleTree, Rule } from './types';
import type { Workspace } from './workspace';
import type { Manifest } from '../manifest/schema';
import { developmentOnly } from '../rules/lib/dockerfile';
import { buildsOf, imageName, NOT_FOR_PRODUCTION } from '../rules/lib/builds';
import { ownImageDockerfiles, repositorySlug, servicesOf } from '../rules/lib/compose';
import { asArray, asRecord } from './source';

/** Helper folder names (one path segment, case-insensitive) and the role each gives. */
const NAME_ROLES: { role: PathRole; re: RegExp; why: string }[] = [
  { role: 'docs', re: /^(docs?|documentation|website|docs?[-_]site|site[-_]docs)$/i, why: 'a documentation folder' },
  { role: 'test', re: /^_?(tests?|__tests__|testing|e2e|e2e[-_]tests?|integration|integration[-_]?tests?|cypress|playwright|testdata|test[-_]data|fixtures?|__fixtures__|test[-_]fixtures|__mocks__|testutils?|test[-_]?harness|testhelpers|stubs?|mocks?)$/i, why: 'a test folder (tests, harnesses, fixtures and test inputs)' },
  { role: 'example', re: /^(examples?|samples?|demos?|contrib|quickstarts?|playground|sandbox|showcase)$/i, why: 'an examples, samples, demo or contrib folder' },
  { role: 'dev', re: /^(\.devcontainer|\.dev|dev|development|local|hack|\.gitpod)$/i, why: 'a local development folder (dev container, dev stack, dev scripts)' },
  { role: 'packaging', re: /^(packaging|debian|rpm|snap|snapcraft|flatpak|homebrew|chocolatey|nix|aur|\.copr)$/i, why: 'distro packaging' },
  { role: 'bench', re: /^(bench|benches|benchmarks?)$/i, why: 'benchmarks and their inputs' },
];

/** Dependencies that make a package.json the build of a documentation site. */
const DOCS_SITE_DEPS = /^(@docusaurus\/core|docusaurus|vitepress|vuepress|@vuepress\/.+|nextra|nextra-theme-docs|docsify|docsify-cli|@astrojs\/starlight|gitbook-cli|hexo)$/;

/** Compose files named for a local stack, tests or CI rather than the deployment. */
const DEV_COMPOSE = /^(docker-)?compose[.-](dev|devel|development|local|override|debug|test|tests|testing|e2e|ci|integration)([.-][\w.-]+)?\.ya?ml$/i;

/** Dockerfiles named for development, debugging or tests (`Dockerfile.dev`, `Dockerfile-debug`, `test.Dockerfile`). */
const DEV_DOCKERFILE = /^(?:(?:Dockerfile|Containerfile)[.-](dev|devel|development|debug|dbg|local|test|tests|testing|e2e|ci)(?:[.-][\w.-]*)?|(dev|devel|development|debug|local|test|tests|testing|e2e|ci)[.-](?:Dockerfile|Containerfile)|[\w-]+[.-](dev|devel|development|debug|local|test|tests|e2e|ci)\.(?:Dockerfile|Containerfile))$/i;

/** Commands of a reloading development server. */
const DEV_SERVER = /--reload\b|\brunserver\b|\bnodemon\b|\b(?:npm|yarn|pnpm|bun)\s+(?:run\s+)?dev\b|\bnext\s+dev\b|\bng\s+serve\b|\bflask\s+run\b|\brails\s+s(?:erver)?\b|\bair\b\s*$/;

/** The words of a documentation sentence that make the compose file it names a demo or a local-only stack. */
const DEMO = /\bdemo\b/i;

/** Main modules whose presence at the root says the product is the repository's own code. */
const ROOT_MODULE = /^(package\.json|go\.mod|Cargo\.toml|pyproject\.toml|setup\.py|pom\.xml|build\.gradle(\.kts)?|Gemfile|mix\.exs|composer\.json|[\w.-]+\.csproj|[\w.-]+\.sln)$/;

/** Deployment configurations of platforms that build a Dockerfile themselves (their text names it). */
const DEPLOY_CONFIGS = /(^|\/)(heroku\.yml|fly\.toml|render\.yaml|railway\.(json|toml)|app\.json|app\.yaml|Procfile|skaffold\.ya?ml|devspace\.ya?ml|tilt_config\.json|Tiltfile|cloudbuild[\w.-]*\.ya?ml|\.gitlab-ci\.ya?ml|Jenkinsfile|Makefile)$/;

/** A workflow that publishes images (pushes or logs in to a registry, or runs GoReleaser). */
const PUBLISHES = /push:\s*true|docker\s+push|podman\s+push|buildx\s+build[^\n]*--push|docker\/login-action|goreleaser|redhat-actions\/push-to-registry/i;

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
export function rolesOf(rule: Pick<Rule, 'roles' | 'category'>): readonly PathRole[] | 'all' {
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
  const key = JSON.stringify([manifest?.product ?? [], manifest?.helpers ?? []]);
  const files = ws.files;
  const hit = cache.get(ws);
  if (hit && hit.files === files && hit.key === key) return hit.map;
  const map = classify(ws, files, manifest?.product ?? [], manifest?.helpers ?? []);
  cache.set(ws, { files, key, map });
  return map;
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
    if (byName && !insideHelper(d)) dirRole.set(d, { path: d, role: byName.role, why: `${byName.why} (${name}/)` });
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

  // Principle 3, by content: compose files documented as a demo or a local-only stack, starting only
  // third-party services, or running a reloading development server on bind-mounted sources.
  const composeFiles = ws.pathsOfKind('compose');
  const insideHelperFile = insideHelper;
  for (const f of composeFiles) {
    if (fileRole.has(f) || insideHelperFile(f)) continue;
    const why = localStack(ws, f, composeFiles, files);
    if (why) fileRole.set(f, { path: f, role: 'dev', why });
  }

  // Principle 3b: a Dockerfile whose header says it is for development or testing only, or that only
  // recipes "for testing only" build, is a local development helper wherever it lives; so is one named
  // for development, debugging or tests, and one below the root that only local stacks build.
  for (const d of ws.pathsOfKind('dockerfile')) {
    if (fileRole.has(d)) continue;
    const base = d.slice(d.lastIndexOf('/') + 1);
    const named = DEV_DOCKERFILE.exec(base);
    if (named) {
      const word = (named[1] ?? named[2] ?? named[3]).toLowerCase();
      const role: PathRole = /^(test|tests|testing|e2e|ci)$/.test(word) ? 'test' : 'dev';
      fileRole.set(d, { path: d, role, why: `a Dockerfile named for ${role === 'dev' ? 'development or debugging' : 'tests or CI'} (${base})` });
      continue;
    }
    const f = ws.read(d);
    const why = f && developmentOnly(f, ws);
    if (why) {
      fileRole.set(d, { path: d, role: 'dev', why: `a Dockerfile for development or testing only (${why})` });
      continue;
    }
    if (!d.includes('/') || insideHelperFile(d)) continue;
    const builds = buildsOf(ws, d);
    const stacks = builds.map((b) => (b.via === 'compose' ? fileRole.get(b.where.file) : undefined));
    if (builds.length === 0 || stacks.some((t) => t === undefined)) continue;
    if (files.some((p) => DEPLOY_CONFIGS.test(p) && (ws.read(p)?.text ?? '').includes(d))) continue;
    const first = stacks[0]!;
    fileRole.set(d, { path: d, role: first.role, why: `a Dockerfile only local stacks build (${[...new Set(builds.map((b) => b.where.file))].join(', ')})` });
  }

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
      const builds = buildsOf(ws, d);
      const pathRe = new RegExp(`(?:^|[^\\w./-])\\.?/?${escapeRe(d)}(?![\\w.-])`, 'm');
      const named = (path: string, text: string) =>
        builds.length > 0 ? builds.some((b) => b.where.file === path) : pathRe.test(text) || (dir !== '' && new RegExp(`(?:context:|-f|--file|dockerfile:|\\s)\\s*["']?\\.?/?${escapeRe(dir)}/?["']?\\s*$`, 'm').test(text));
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

/**
 * Why a compose file is a local stack by its content, or undefined: its header comments or the
 * documentation sentence that names it call it a demo or local-only, it starts only third-party images
 * while the product is the repository's own code (a main module at the root), or it runs a reloading development server
 * on bind-mounted sources.
 */
function localStack(ws: Workspace, path: string, composeFiles: string[], files: string[]): string | undefined {
  const file = ws.read(path);
  if (!file) return undefined;
  // Its own header comments.
  for (let i = 0; i < file.lines.length && i < 30; i++) {
    const l = file.lines[i].trim();
    if (l === '') continue;
    if (!l.startsWith('#')) break;
    const m = NOT_FOR_PRODUCTION.exec(l) ?? DEMO.exec(l);
    if (m) return `a local stack: ${path}:${i + 1} says "${m[0]}"`;
  }
  // The sentence of a README or docs page that names it.
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const uniqueBase = composeFiles.filter((c) => c.endsWith(`/${base}`) || c === base).length === 1;
  const docs = files.filter((p) => /\.(md|mdx|rst|txt)$/i.test(p) && (/(^|\/)readme[^/]*$/i.test(p) ? p.slice(0, Math.max(0, p.lastIndexOf('/'))) === dir || !p.includes('/') : /^docs?\//i.test(p))).slice(0, 300);
  for (const p of docs) {
    const text = ws.read(p)?.text;
    if (!text || text.length > 512 * 1024 || !(text.includes(path) || (uniqueBase && text.includes(base)))) continue;
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (!(line.includes(path) || (uniqueBase && line.includes(base)))) continue;
      for (const sentence of line.split(/(?<=[.!?])\s+/)) {
        if (!(sentence.includes(path) || (uniqueBase && sentence.includes(base)))) continue;
        const m = NOT_FOR_PRODUCTION.exec(sentence) ?? DEMO.exec(sentence);
        if (m) return `a local stack: ${p}:${i + 1} says "${m[0].replace(/[*_]/g, '')}" of it`;
      }
    }
  }
  const services = servicesOf(file);
  if (services.length === 0) return undefined;
  // A reloading development server on bind-mounted sources.
  for (const svc of services) {
    if (svc.value.build === undefined) continue;
    const command = asArray(svc.value.command).join(' ') || (typeof svc.value.command === 'string' ? svc.value.command : '');
    const m = DEV_SERVER.exec(command);
    const mounts = asArray(svc.value.volumes).some((v) => {
      const src = typeof v === 'string' ? v.split(':')[0] : asRecord(v)?.type === 'bind' ? asRecord(v)?.source : undefined;
      return typeof src === 'string' && /^\.{1,2}(\/|$)/.test(src);
    });
    if (m && mounts) return `a local development stack: service \`${svc.name}\` of ${path} runs a reloading development server (\`${m[0].trim()}\`) on bind-mounted sources`;
  }
  // Only third-party images, in a repository whose product is its own code.
  // A repository of compose stacks (samples, a homelab) has no main module: its stacks are its product.
  if (!files.some((p) => !p.includes('/') && ROOT_MODULE.test(p))) return undefined;
  const slugName = repositorySlug(ws)?.split('/')[1];
  const third: string[] = [];
  for (const svc of services) {
    const image = svc.value.image;
    if (svc.value.build !== undefined || typeof image !== 'string' || image.includes('$')) return undefined;
    const name = imageName(image);
    if (ownImageDockerfiles(ws, image).length > 0 || (slugName && name.split('/').pop() === slugName)) return undefined;
    third.push(name);
  }
  return `a local stack: ${path} starts only third-party images (${third.slice(0, 4).join(', ')}${third.length > 4 ? '...' : ''}), not the project's own`;
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
