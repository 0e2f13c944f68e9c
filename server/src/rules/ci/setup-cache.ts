/**
 * ci/setup-cache: setup-node, setup-python, setup-java, setup-go and setup-ruby steps enable their
 * built-in dependency cache (`cache:` / `bundler-cache:`, or the default of setup-node v5+ and
 * setup-go v4+), or the job caches with actions/cache, so that every run does not download the whole
 * dependency tree again. Two cases are never asked to cache, because there the advice would be a
 * vulnerability (cache poisoning, see ci/cache-poisoning): jobs that publish artifacts (release
 * triggers, tag pushes, publishing steps), and steps whose author turned the cache off explicitly
 * (`cache: false`, `package-manager-cache: false`). A setup step is only judged when the repository
 * has the dependency file its cache keys on (a lock file, go.sum, requirements, pom.xml, Gemfile.lock):
 * without one there is nothing to cache (and setup-node fails the job), so a workflow with no such
 * step examines nothing and earns nothing. The fix adds `cache:` for setup-node and setup-python when
 * the lock or requirements file the cache keys on exists.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import type { Workspace } from '../../core/workspace';
import type { SourceFile } from '../../core/source';
import { actionSlug, keyColumn, workflowOf, type Job, type Step } from '../lib/workflow';
import { insertLinesAfter, isBlock } from '../lib/yaml-edit';
import { actionVersion, cacheUse, releaseJob } from '../lib/workflow-release';
import { pathMemo } from '../lib/evidence';

const INPUT: Record<string, string> = { 'actions/setup-node': 'cache', 'actions/setup-python': 'cache', 'actions/setup-java': 'cache', 'actions/setup-go': 'cache', 'ruby/setup-ruby': 'bundler-cache' };

/** The dependency files each setup action's cache keys on: without one there is nothing to cache. */
const DEPENDENCY_FILES: Record<string, RegExp> = {
  'actions/setup-node': /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml)$/,
  'actions/setup-python': /(^|\/)(requirements[^/]*\.txt|Pipfile\.lock|poetry\.lock|pyproject\.toml)$/,
  'actions/setup-java': /(^|\/)(pom\.xml|build\.gradle(\.kts)?|build\.sbt)$/,
  'actions/setup-go': /(^|\/)go\.sum$/,
  'ruby/setup-ruby': /(^|\/)Gemfile\.lock$/,
};

/** True when the repository holds a dependency file the setup action's cache keys on (one walk of the paths per audit, not one per step). */
function hasDependencyFile(ws: Workspace, slug: string): boolean {
  return pathMemo(ws, `ci/setup-cache:deps:${slug}`, () => ws.files.some((p) => DEPENDENCY_FILES[slug].test(p)));
}

/** The `cache:` value to add for a step, when the workspace has the file the cache keys on. */
function cacheValue(ws: Workspace, slug: string): string | undefined {
  if (slug === 'actions/setup-node') return ws.exists('package-lock.json') ? 'npm' : ws.exists('yarn.lock') ? 'yarn' : ws.exists('pnpm-lock.yaml') ? 'pnpm' : undefined;
  if (slug === 'actions/setup-python') return ws.exists('requirements.txt') ? 'pip' : undefined;
  return undefined;
}

/** True when the step's author turned its cache off on purpose. */
function optedOut(step: Step, slug: string): boolean {
  const off = (v: unknown) => v === false || (typeof v === 'string' && /^(false|no|off)$/i.test(v.trim()));
  return off(step.with[INPUT[slug]]) || (slug === 'actions/setup-node' && off(step.with['package-manager-cache']));
}

/** True when the job caches with actions/cache (or its restore half). */
function cachesWithAction(job: Job): boolean {
  return job.steps.some((s) => /^actions\/cache(\/restore)?$/.test(actionSlug(s)));
}

/**
 * The jobs and setup steps of a workflow this rule judges: jobs that do not publish, and in them the
 * setup steps not opted out whose dependency file exists in the repository. A job that caches with
 * actions/cache is judged as a whole.
 */
function judged(file: SourceFile, ws: Workspace): { job: Job; steps: Step[] }[] {
  const wf = workflowOf(file);
  if (!wf) return [];
  const out: { job: Job; steps: Step[] }[] = [];
  for (const job of wf.jobs) {
    if (releaseJob(wf, job)) continue;
    const steps = job.steps.filter((step) => {
      const slug = actionSlug(step);
      return !!INPUT[slug] && !optedOut(step, slug) && hasDependencyFile(ws, slug);
    });
    if (steps.length > 0 || cachesWithAction(job)) out.push({ job, steps });
  }
  return out;
}

/**
 * Whether setup-node's automatic cache (v5+, no `cache` input) restores anything: v5 caches when the
 * package.json in the step's working directory (or the root) names its package manager (`packageManager`
 * or `devEngines.packageManager`), v6 and later only when that is npm.
 */
function nodeAutoCache(ws: Workspace, file: SourceFile, step: Step): boolean {
  const dir = typeof step.with['cache-dependency-path'] === 'string' ? String(step.with['cache-dependency-path']).replace(/[^/]*$/, '') : '';
  const pkg = ws.read(`${dir}package.json`) ?? ws.read('package.json');
  const json = pkg?.json.ok ? (pkg.json.value as { packageManager?: unknown; devEngines?: { packageManager?: unknown } } | null) : null;
  // `packageManager: "npm@10.9.2"`, or npm's `devEngines.packageManager: { name: "npm" }` (one or a list).
  const dev = json?.devEngines?.packageManager;
  const first = Array.isArray(dev) ? dev[0] : dev;
  const devName = first && typeof first === 'object' ? (first as { name?: unknown }).name : undefined;
  const name = typeof json?.packageManager === 'string' ? json.packageManager.replace(/@.*$/, '') : typeof devName === 'string' ? devName : undefined;
  if (!name) return false;
  const major = actionVersion(file, step)?.major;
  return major !== undefined && major >= 6 ? name === 'npm' : /^(?:npm|yarn|pnpm)$/.test(name);
}

export const rule: FileRule = {
  id: 'ci/setup-cache',
  category: 'ci-cd',
  severity: 'low',
  level: 'production',
  title: 'CI caches dependencies',
  rationale: 'Downloading every dependency on every run makes CI slow and flaky; the setup actions cache them keyed on the lock file with one input.',
  fixable: true,
  scope: 'file',
  kinds: ['workflow'],
  examines: (file, ctx) => judged(file, ctx.ws).length > 0,
  examinesWhat: 'a setup-node/python/java/go or setup-ruby step (or actions/cache) in a job that does not publish, with the dependency file its cache keys on',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    // Jobs that publish are left out by `judged`: a cache there is a cache-poisoning risk.
    for (const { job, steps } of judged(file, ctx.ws)) {
      if (cachesWithAction(job)) continue;
      for (const step of steps) {
        const slug = actionSlug(step);
        const use = cacheUse(file, step);
        // setup-node v5+ caches by itself only when package.json names its package manager (`packageManager`;
        // from v6, npm only): without it, the default restores nothing.
        if (use && !(slug === 'actions/setup-node' && use.how === 'default' && !nodeAutoCache(ctx.ws, file, step))) continue;
        const value = cacheValue(ctx.ws, slug);
        const w = step.withNode;
        let fix;
        const col = keyColumn(file, w);
        if (value && col !== undefined && isBlock(w) && step.with.cache === undefined) {
          fix = insertLinesAfter(`Enable the ${value} cache of ${slug}`, file, w, col, [`cache: ${value}`]);
        }
        findings.push({
          message: `${slug} runs without its dependency cache: set \`${INPUT[slug]}: ${value ?? (slug === 'ruby/setup-ruby' || slug === 'actions/setup-go' ? 'true' : '<package manager>')}\` (or cache with actions/cache)`,
          range: file.yamlRange(step.usesNode),
          ...(fix ? { fix } : {}),
        });
      }
    }
    return findings;
  },
};
