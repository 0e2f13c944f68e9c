/**
 * ci/cache-poisoning: jobs that publish what they build (a release, a tag push, a push to a release
 * branch, or a publishing step) do not restore a dependency or build cache. Anyone with a token of
 * the repository, including a pull request's workflow, can write cache entries that a later release
 * restores, so a cache in a release job can put attacker-controlled files into the published
 * artifacts (zizmor's `cache-poisoning`, from Adnan Khan's "The Monsters in Your Build Cache").
 * Caches that an action restores by default count, as do caches an input turns on; an explicit
 * opt-out (`cache: false`, `lookup-only: true`...) is respected.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { actionSlug, workflowOf } from '../lib/workflow';
import { cacheUse, releaseJob } from '../lib/workflow-release';

export const rule: FileRule = {
  id: 'ci/cache-poisoning',
  category: 'ci-cd',
  severity: 'high',
  level: 'production',
  title: 'Release jobs do not restore caches',
  rationale: 'Any workflow of the repository can write cache entries; a release job that restores one can ship files an attacker planted in the cache.',
  related: [{ tool: 'zizmor', id: 'cache-poisoning' }],
  scope: 'file',
  kinds: ['workflow'],
  examines: (file) => { const wf = workflowOf(file); return !!wf && wf.jobs.some((j) => releaseJob(wf, j)); },
  examinesWhat: 'a job that publishes artifacts (release trigger, tag push or publishing step)',
  checkFile(file) {
    const wf = workflowOf(file);
    if (!wf) return [];
    const findings: RuleFinding[] = [];
    for (const job of wf.jobs) {
      const why = releaseJob(wf, job);
      if (!why) continue;
      for (const step of job.steps) {
        const use = cacheUse(file, step);
        if (!use) continue;
        const slug = actionSlug(step);
        const how = use.how === 'default' ? 'restores a cache by default' : use.how === 'maybe' ? `may restore a cache (\`${use.input}\` is an expression)` : `restores a cache (\`${use.input}\` turns it on)`;
        const fix = use.how === 'default' ? 'remove it from the release job, or turn its cache off' : `remove \`${use.input}\` here`;
        findings.push({
          message: `${slug} ${how} in a job that publishes artifacts (${why}): a cache entry written by any workflow of the repository could end up in the release; ${fix}`,
          range: file.yamlRange(step.usesNode),
        });
      }
    }
    return findings;
  },
};
