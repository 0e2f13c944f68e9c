/**
 * ci/setup-cache: setup-node, setup-python, setup-java and setup-ruby steps enable their built-in
 * dependency cache (`cache:` / `bundler-cache:`, or setup-node v5+'s default), or the job caches with
 * actions/cache, so that every run does not download the whole dependency tree again. Two cases are
 * never asked to cache, because there the advice would be a vulnerability (cache poisoning, see
 * ci/cache-poisoning): jobs that publish artifacts (release triggers, tag pushes, publishing steps),
 * and steps whose author turned the cache off explicitly (`cache: false`, `package-manager-cache:
 * false`). The fix adds `cache:` for setup-node and setup-python when the lock or requirements file
 * the cache keys on exists. setup-node cannot cache without a lock file (it fails the job), so a
 * repository without one is told by security/lockfile, not here.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import type { Workspace } from '../../core/workspace';
import { actionSlug, insertLinesAfter, isBlock, keyColumn, workflowOf, type Step } from '../lib/workflow';
import { cacheUse, releaseJob } from '../lib/workflow-release';

const INPUT: Record<string, string> = { 'actions/setup-node': 'cache', 'actions/setup-python': 'cache', 'actions/setup-java': 'cache', 'ruby/setup-ruby': 'bundler-cache' };

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
  checkFile(file, ctx) {
    const wf = workflowOf(file);
    if (!wf) return [];
    const findings: RuleFinding[] = [];
    for (const job of wf.jobs) {
      if (job.steps.some((s) => /^actions\/cache(\/restore)?$/.test(actionSlug(s)))) continue;
      // A cache in a job that publishes is a cache-poisoning risk: never ask for one there.
      if (releaseJob(wf, job)) continue;
      for (const step of job.steps) {
        const slug = actionSlug(step);
        if (!INPUT[slug] || cacheUse(file, step) || optedOut(step, slug)) continue;
        const value = cacheValue(ctx.ws, slug);
        if (slug === 'actions/setup-node' && !value && !ctx.ws.files.some((p) => /(^|\/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml)$/.test(p))) continue;
        const w = step.withNode;
        let fix;
        const col = keyColumn(file, w);
        if (value && col !== undefined && isBlock(w) && step.with.cache === undefined) {
          fix = insertLinesAfter(`Enable the ${value} cache of ${slug}`, file, w, col, [`cache: ${value}`]);
        }
        findings.push({
          message: `${slug} runs without its dependency cache: set \`${INPUT[slug]}: ${value ?? (slug === 'ruby/setup-ruby' ? 'true' : '<package manager>')}\` (or cache with actions/cache)`,
          range: file.yamlRange(step.usesNode),
          ...(fix ? { fix } : {}),
        });
      }
    }
    return findings;
  },
};
