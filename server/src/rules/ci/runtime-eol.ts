/**
 * ci/runtime-eol: CI does not build or test on runtimes and runner images past their end of life:
 * `node-version` of actions/setup-node, `python-version` of actions/setup-python, `go-version` of
 * actions/setup-go (each also through `${{ matrix.x }}`, judged per matrix value where it is written),
 * `runs-on: ubuntu-XX.04`, and job `container:`/`services:` images (`node:18`, `python:3.8-slim`,
 * `debian:buster`). Dates come from the offline table in rules/lib/data/eol.json (endoflife.date's
 * form, with the day it was taken). An EOL version next to supported ones in a matrix is a
 * compatibility test and is reported at low severity; CI that runs only on EOL versions is medium.
 * A workflow that names no runtime version, versioned runner or image has nothing to examine. A job whose
 * every command works in a helper tree other than tests (`working-directory: docs` of a documentation site)
 * builds that helper, not the product: its runtime versions are not judged.
 */
import { joinPath } from '../lib/builds';
import { roleMap } from '../../core/roles';
import type { FileRule, RuleFinding, Severity } from '../../core/types';
import type { SourceFile } from '../../core/source';
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { actionSlug, pairOf, workflowOf, type Job } from '../lib/workflow';
import { day, imageEol, versionEol, type EolHit, type Product } from '../lib/eol';
import { jobImages } from './unpinned-images';

const SETUP: Record<string, { input: string; product: Product }> = {
  'actions/setup-node': { input: 'node-version', product: 'nodejs' },
  'actions/setup-python': { input: 'python-version', product: 'python' },
  'actions/setup-go': { input: 'go-version', product: 'go' },
};

/** The text of a scalar as written (so that `3.10` stays 3.10, not the number 3.1). */
function raw(file: SourceFile, n: Node): string {
  const r = n.range;
  const text = r ? file.text.slice(r[0], r[1]) : String((n as { value?: unknown }).value ?? '');
  return text.trim().replace(/^(['"])(.*)\1$/s, '$2');
}

/** The scalar nodes a value stands for: itself, the items of a list, or the matrix values of `${{ matrix.key }}`. */
function valuesOf(file: SourceFile, job: Job, n: unknown): Node[] {
  if (isSeq(n)) return n.items.filter((i): i is Node => isScalar(i));
  if (!isScalar(n)) return [];
  const m = /^\$\{\{\s*matrix\.([\w-]+)\s*\}\}$/.exec(raw(file, n));
  if (!m) return [n];
  const strategy = job.node ? pairOf(job.node, 'strategy')?.value : undefined;
  const matrix = isMap(strategy) ? pairOf(strategy as YAMLMap, 'matrix')?.value : undefined;
  if (!isMap(matrix)) return [];
  const out: Node[] = [];
  const direct = pairOf(matrix, m[1])?.value;
  if (isSeq(direct)) out.push(...direct.items.filter((i): i is Node => isScalar(i)));
  else if (isScalar(direct)) out.push(direct);
  const include = pairOf(matrix, 'include')?.value;
  if (isSeq(include)) for (const row of include.items) if (isMap(row)) { const v = pairOf(row, m[1])?.value; if (isScalar(v)) out.push(v); }
  return out;
}

function message(h: EolHit, where: string): string {
  return `${where}: ${h.label} reached its end of life on ${day(h.eol)} and gets no security fixes`;
}

export const rule: FileRule = {
  id: 'ci/runtime-eol',
  category: 'ci-cd',
  severity: 'medium',
  level: 'production',
  title: 'CI runs on supported runtimes',
  rationale: 'A runtime or runner image past its end of life gets no security fixes; building and testing on it means shipping for, or with, a platform nobody patches.',
  scope: 'file',
  kinds: ['workflow'],
  examines: (file) => !!workflowOf(file)?.jobs.some((job) =>
    job.steps.some((s) => !!SETUP[actionSlug(s)] && s.with[SETUP[actionSlug(s)].input] !== undefined)
    || /\bubuntu-\d+\.\d+\b/.test(JSON.stringify(job.runsOn ?? ''))
    || jobImages(job).length > 0),
  examinesWhat: 'a runtime version (setup-node/python/go), a versioned `ubuntu-XX.04` runner or a job image',
  checkFile(file, ctx) {
    const wf = workflowOf(file);
    if (!wf) return [];
    const findings: RuleFinding[] = [];
    const seen = new Set<number>();
    const report = (n: Node, h: EolHit | undefined, where: string, severity: Severity) => {
      const at = n.range?.[0] ?? -1;
      if (!h || seen.has(at)) return;
      seen.add(at);
      findings.push({ message: message(h, where), range: file.yamlRange(n), severity });
    };
    const roles = roleMap(ctx.ws.unfiltered, ctx.manifest);
    for (const job of wf.jobs) {
      // A job whose every command works in a helper tree (a docs site) runs that helper, not the product.
      const runs = job.steps.filter((st) => st.run !== undefined);
      const helperJob = runs.length > 0 && runs.every((st) => {
        const dir = joinPath('', st.workingDirectory ?? job.workingDirectory ?? '') ?? '';
        const role = roles.roleOf(`${dir}/package.json`);
        // A test harness still tests the product on that runtime; a docs site or an example does not.
        return dir !== '' && !dir.includes('${{') && role !== 'product' && role !== 'test';
      });
      for (const step of job.steps) {
        const setup = SETUP[actionSlug(step)];
        if (!setup || !isMap(step.withNode) || helperJob) continue;
        const nodes = valuesOf(file, job, pairOf(step.withNode, setup.input)?.value);
        const hits = nodes.map((n) => ({ n, h: versionEol(setup.product, raw(file, n), ctx.now) }));
        const allEol = hits.length > 0 && hits.every((x) => x.h);
        for (const x of hits) report(x.n, x.h, `\`${setup.input}: ${raw(file, x.n)}\` (${actionSlug(step)})`, allEol ? 'medium' : 'low');
      }
      const runsOn = job.node ? pairOf(job.node, 'runs-on')?.value : undefined;
      for (const n of valuesOf(file, job, runsOn)) {
        const label = raw(file, n);
        const m = /^ubuntu-(\d+\.\d+)$/.exec(label);
        if (m) report(n, versionEol('ubuntu', m[1], ctx.now), `\`runs-on: ${label}\``, 'medium');
      }
      for (const img of jobImages(job)) {
        for (const n of valuesOf(file, job, img.node)) {
          for (const h of imageEol(raw(file, n), ctx.now)) report(n, h, `\`${raw(file, n)}\`, the image of ${img.what}`, 'medium');
        }
      }
    }
    return findings;
  },
};
