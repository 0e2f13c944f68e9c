/**
 * ci/unpinned-images: the images of `container:` and `services:` are pinned by digest
 * (`image@sha256:...`). An image without a tag, or tagged `latest`, changes under the job at any
 * push (high); a version tag can be re-pushed too (medium), so only a digest runs exactly what was
 * reviewed. Images chosen through a static matrix (`image: ${{ matrix.image }}`) are judged per
 * value; other expressions cannot be judged and are left alone. zizmor's `unpinned-images` reports
 * untagged and `latest` images by default and tag-only images in its pedantic persona.
 */
import type { FileRule, RuleFinding, Severity } from '../../core/types';
import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import { pairOf, plain, workflowOf, type Job, type Workflow } from '../lib/workflow';

/** What is wrong with an image reference, or undefined when it is pinned by digest (or empty). */
export function imageProblem(image: string): { severity: Severity; what: string } | undefined {
  const ref = image.trim();
  if (ref === '' || /@sha256:[0-9a-f]{64}$/i.test(ref)) return undefined;
  const last = ref.split('/').pop() ?? ref;
  const tag = last.includes(':') ? last.slice(last.indexOf(':') + 1) : undefined;
  if (!tag) return { severity: 'high', what: 'has no tag, so every run pulls whatever `latest` is then' };
  if (tag === 'latest') return { severity: 'high', what: 'is tagged `latest`, which moves with every push' };
  return { severity: 'medium', what: `is pinned by the tag \`${tag}\` only, which can be re-pushed` };
}

/** The static values a `${{ matrix.key }}` image can take, or undefined when it is not one. */
function matrixValues(wf: Workflow, job: Job, image: string): string[] | undefined {
  const m = /^\$\{\{\s*matrix\.([\w-]+)\s*\}\}$/.exec(image.trim());
  if (!m || !job.node) return undefined;
  const strategy = plain(wf.doc, pairOf(job.node, 'strategy')?.value) as Record<string, unknown> | undefined;
  const matrix = strategy && typeof strategy === 'object' ? (strategy.matrix as Record<string, unknown> | undefined) : undefined;
  if (!matrix || typeof matrix !== 'object' || Array.isArray(matrix)) return undefined;
  const values: unknown[] = [];
  const direct = matrix[m[1]];
  if (Array.isArray(direct)) values.push(...direct);
  else if (direct !== undefined) return undefined;
  for (const row of Array.isArray(matrix.include) ? matrix.include : []) if (row && typeof row === 'object' && m[1] in row) values.push((row as Record<string, unknown>)[m[1]]);
  return values.every((v) => typeof v === 'string' && !v.includes('${{')) ? (values as string[]) : undefined;
}

/** The image node of a `container:` value or of a service: the scalar itself, or its `image:`. */
export function imageNode(n: unknown): Node | undefined {
  if (isScalar(n)) return n;
  if (isMap(n)) return (pairOf(n as YAMLMap, 'image')?.value as Node | undefined) ?? undefined;
  return undefined;
}

/** Every container image of a job with where it is: its `container:` and each of its `services:`. */
export function jobImages(job: Job): { what: string; node: Node; owner: unknown }[] {
  const out: { what: string; node: Node; owner: unknown }[] = [];
  if (!job.node) return out;
  const container = pairOf(job.node, 'container')?.value;
  const c = imageNode(container);
  if (c) out.push({ what: `the container of job ${job.id}`, node: c, owner: container });
  const services = pairOf(job.node, 'services')?.value;
  if (isMap(services)) {
    for (const p of services.items) {
      const s = imageNode(p.value);
      if (s) out.push({ what: `service ${String((p.key as { value?: unknown })?.value)} of job ${job.id}`, node: s, owner: p.value });
    }
  }
  return out;
}

export const rule: FileRule = {
  id: 'ci/unpinned-images',
  category: 'ci-cd',
  severity: 'medium',
  level: 'production',
  title: 'Job containers and services are pinned by digest',
  rationale: 'A tag can be re-pushed and `latest` moves with every release, so an unpinned container image can change the code a job runs, with its secrets, without any change to the workflow.',
  related: [{ tool: 'zizmor', id: 'unpinned-images' }],
  scope: 'file',
  kinds: ['workflow'],
  examines: (file) => !!workflowOf(file)?.jobs.some((j) => jobImages(j).length > 0),
  examinesWhat: 'a job `container:` or `services:` image',
  checkFile(file) {
    const wf = workflowOf(file);
    if (!wf) return [];
    const findings: RuleFinding[] = [];
    for (const job of wf.jobs) {
      for (const img of jobImages(job)) {
        const value = isScalar(img.node) ? String(img.node.value ?? '') : '';
        const candidates = value.includes('${{') ? matrixValues(wf, job, value) ?? [] : [value];
        for (const c of candidates) {
          const p = imageProblem(c);
          if (!p) continue;
          findings.push({ message: `\`${c}\`, the image of ${img.what}, ${p.what}: pin it by digest (\`image@sha256:...\`, keeping the tag in a comment)`, range: file.yamlRange(img.node), severity: p.severity });
        }
      }
    }
    return findings;
  },
};
