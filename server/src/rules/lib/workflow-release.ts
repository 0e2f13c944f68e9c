/**
 * What the workflow security rules share about releases and caches: whether a workflow or job
 * publishes artifacts (release triggers, tag pushes, release branches, publishing steps), which steps
 * restore a dependency or build cache (by default or because an input turns it on), the version of an
 * action a step uses (from its ref or its `# vX.Y.Z` comment), and the job's effective token
 * permissions. Used by ci/cache-poisoning, ci/setup-cache and ci/trusted-publishing; the release and
 * cache semantics follow zizmor's `cache-poisoning` audit.
 */
import { isMap, isScalar, type Node } from 'yaml';
import type { SourceFile } from '../../core/source';
import { actionSlug, pairOf, parseUses, plain, stepScripts, type Job, type Step, type Workflow } from './workflow';

/** The version of the action a step uses: from a `@vX.Y.Z` ref, or the `# vX.Y.Z` comment after a SHA. */
export function actionVersion(file: SourceFile, step: { uses?: string; usesNode?: Node }): { major: number; text: string } | undefined {
  if (!step.uses) return undefined;
  const ref = parseUses(step.uses).ref;
  const fromRef = /^v?(\d+)(?:\.\d+){0,2}$/.exec(ref);
  if (fromRef) return { major: Number(fromRef[1]), text: ref };
  const r = step.usesNode?.range;
  if (!r) return undefined;
  const lineEnd = file.text.indexOf('\n', r[1]);
  const rest = file.text.slice(r[1], lineEnd < 0 ? file.text.length : lineEnd);
  const comment = /#\s*(?:tag[=:]\s*)?(v?(\d+)(?:\.\d+){0,2})\b/.exec(rest);
  return comment ? { major: Number(comment[2]), text: comment[1] } : undefined;
}

/** True for a value that turns an input on: true, 'true', a non-empty package-manager name or an expression. */
function on(v: unknown): boolean | 'maybe' {
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  const s = String(v).trim();
  if (s === '' || /^(false|no|off|0)$/i.test(s)) return false;
  if (s.includes('${{')) return 'maybe';
  return true;
}

/** True for a value that turns an input off. */
function off(v: unknown): boolean {
  if (v === false) return true;
  return typeof v === 'string' && /^(false|no|off|0)$/i.test(v.trim());
}

/** How a step uses a cache: `default` (restores unless told not to), `explicit` (an input turns it on), `maybe` (an expression decides). */
export interface CacheUse {
  how: 'default' | 'explicit' | 'maybe';
  /** The input that turns it on, for messages. */
  input?: string;
}

/**
 * Whether a step restores a cache, following zizmor's model of cache-aware actions: some restore by
 * default (actions/cache, rust-cache, setup-go v4+, setup-uv, sccache, composer-install, setup-node
 * v5+), others when an input asks for it (`cache:`, `bundler-cache:`, `enable-cache:`...).
 */
export function cacheUse(file: SourceFile, step: Step): CacheUse | undefined {
  const slug = actionSlug(step);
  const w = step.with;
  const input = (name: string): CacheUse | undefined => {
    const v = on(w[name]);
    return v === true ? { how: 'explicit', input: name } : v === 'maybe' ? { how: 'maybe', input: name } : undefined;
  };
  switch (slug) {
    case 'actions/cache':
    case 'actions/cache/restore':
      return { how: 'default' };
    case 'swatinem/rust-cache':
      return on(w['lookup-only']) === true ? undefined : { how: 'default' };
    case 'mozilla-actions/sccache-action':
      return { how: 'default' };
    case 'ramsey/composer-install':
      return on(w['ignore-cache']) === true ? undefined : w['ignore-cache'] !== undefined ? { how: 'explicit', input: 'ignore-cache' } : { how: 'default' };
    case 'actions/setup-go': {
      if (off(w.cache)) return undefined;
      if (w.cache !== undefined) return input('cache');
      const v = actionVersion(file, step);
      return !v || v.major >= 4 ? { how: 'default' } : undefined;
    }
    case 'astral-sh/setup-uv':
      if (off(w['enable-cache'])) return undefined;
      return w['enable-cache'] !== undefined && String(w['enable-cache']) !== 'auto' ? input('enable-cache') : { how: 'default' };
    case 'actions/setup-node': {
      const explicit = input('cache') ?? input('package-manager-cache');
      if (explicit) return explicit;
      if (off(w['package-manager-cache'])) return undefined;
      const v = actionVersion(file, step);
      return v && v.major >= 5 ? { how: 'default' } : undefined;
    }
    case 'actions/setup-python':
    case 'actions/setup-java':
    case 'actions/setup-dotnet':
      return input('cache');
    case 'ruby/setup-ruby':
      return input('bundler-cache');
    case 'pyo3/maturin-action':
      return input('sccache');
    case 'docker/setup-buildx-action':
      return input('cache-binary');
    default:
      return undefined;
  }
}

/** Steps that publish what a job built (a release, a package, an image): zizmor's publisher steps and the common commands. */
export function publishes(step: Step): string | undefined {
  const slug = actionSlug(step);
  if (slug === 'docker/build-push-action') return on(step.with.push) ? 'docker/build-push-action with `push: true`' : undefined;
  // A snapshot build, or one told to skip publishing, publishes nothing.
  if (slug === 'goreleaser/goreleaser-action' && /--snapshot\b|--skip-publish\b|--skip[= ]\S*publish/.test(String(step.with.args ?? ''))) return undefined;
  if (/^(softprops\/action-gh-release|ncipollo\/release-action|svenstaro\/upload-release-action|actions\/create-release|actions\/upload-release-asset|pypa\/gh-action-pypi-publish|rubygems\/release-gem|goreleaser\/goreleaser-action|changesets\/action|js-devtools\/npm-publish|jsr-io\/publish)$/.test(slug)) return slug;
  for (const s of stepScripts(step)) {
    const m = /\b(?:npm|pnpm|yarn(?:\s+npm)?|bun)\s+publish\b|\bcargo(?:\s+\+\S+)?\s+publish\b|\btwine\s+upload\b|\b(?:uv|poetry|hatch|flit|pdm)\s+publish\b|\bgem\s+push\b|\bnuget\s+push\b|\bdocker\s+push\b|\bgh\s+release\s+(?:create|upload)\b|\bgoreleaser\s+release\b/.exec(s);
    if (m && !/--dry-run\b|--snapshot\b|--skip-publish\b/.test(s)) return `\`${m[0]}\``;
  }
  return undefined;
}

/** Why a workflow is a release workflow (its trigger), or undefined: `release`, a tag push, a push to a release branch. */
export function releaseTrigger(wf: Workflow): string | undefined {
  if (wf.triggers.includes('release')) return 'on: release';
  const push = wf.triggerConfig.get('push');
  if (push && typeof push === 'object' && !Array.isArray(push)) {
    const p = push as Record<string, unknown>;
    if (p.tags !== undefined) return 'a push of tags';
    const branches = Array.isArray(p.branches) ? p.branches : typeof p.branches === 'string' ? [p.branches] : [];
    const rel = branches.find((b) => typeof b === 'string' && /release/i.test(b));
    if (rel) return `a push to the release branch \`${String(rel)}\``;
  }
  return undefined;
}

/** Why a job publishes artifacts that a poisoned cache could reach, or undefined. */
export function releaseJob(wf: Workflow, job: Job): string | undefined {
  const trigger = releaseTrigger(wf);
  if (trigger) return `the workflow runs on ${trigger}`;
  for (const s of job.steps) {
    const p = publishes(s);
    if (p) return `the job publishes with ${p}`;
  }
  return undefined;
}

/** The job's effective token permissions (its own, else the workflow's), as a scope → level map; `all` for read-all/write-all. */
export function effectivePermissions(wf: Workflow, job: Job): Record<string, string> | undefined {
  const p = job.permissions !== undefined ? job.permissions : wf.permissions;
  if (p === undefined) return undefined;
  if (p === 'write-all' || p === 'read-all') return { all: p.slice(0, -4) };
  if (p && typeof p === 'object' && !Array.isArray(p)) return Object.fromEntries(Object.entries(p as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  return {};
}

/** True when the job can mint an OIDC token (`id-token: write`, or `write-all`). */
export function hasIdToken(wf: Workflow, job: Job): boolean {
  const p = effectivePermissions(wf, job);
  return !!p && (p['id-token'] === 'write' || p.all === 'write');
}

/** The plain `env:` map of a node (workflow, job or step), or {}. */
export function envOf(wf: Workflow, node: unknown): Record<string, unknown> {
  const m = isMap(node) ? node : undefined;
  const v = m ? plain(wf.doc, pairOf(m, 'env')?.value) : undefined;
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** The `env:` a step sees: the workflow's, the job's and its own. */
export function stepEnv(wf: Workflow, job: Job, step: Step): Record<string, unknown> {
  return { ...envOf(wf, wf.root), ...envOf(wf, job.node), ...envOf(wf, step.node) };
}

/** True when a node is a literal scalar (not an expression), e.g. a hard-coded password. */
export function isLiteral(n: unknown): boolean {
  return isScalar(n) && n.value !== null && n.value !== undefined && String(n.value) !== '' && !String(n.value).includes('${{');
}
