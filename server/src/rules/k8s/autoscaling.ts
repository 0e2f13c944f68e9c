/**
 * k8s/autoscaling: every serving Deployment is scaled by a HorizontalPodAutoscaler (or a KEDA
 * ScaledObject), so that capacity follows the load instead of a number chosen once. StatefulSets are
 * not asked (they rarely scale on load); datastore pods and workloads scaled to zero are not examined.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { PRODUCT_KINDS } from '../../core/types';
import { k8sRange, label } from '../lib/k8s';
import { autoscalerOf, ownManifest, scalingObjects, servingWorkloads } from '../lib/k8s-availability';

export const rule: FileRule = {
  id: 'k8s/autoscaling',
  category: 'containers',
  severity: 'low',
  projectKinds: PRODUCT_KINDS,
  level: 'production',
  title: 'Serving Deployments are scaled by an autoscaler',
  rationale: 'A fixed replica count is either wasted at night or too small at the peak; a HorizontalPodAutoscaler adds pods when the load rises and the seeds list HPA among the Kubernetes requirements.',
  roadmap: [{ topic: 'autoscaling', match: /auto-?scal|\bhpa\b|horizontal pod autoscal/, rank: 800 }],
  scope: 'file',
  kinds: ['k8s'],
  examines: (file, ctx) => ownManifest(ctx.ws, file.path) && servingWorkloads(file).some((sw) => sw.w.kind === 'Deployment'),
  examinesWhat: 'Deployment that serves traffic',
  checkFile(file, ctx) {
    if (!ownManifest(ctx.ws, file.path)) return [];
    const objects = scalingObjects(ctx.ws);
    const findings: RuleFinding[] = [];
    for (const sw of servingWorkloads(file)) {
      if (sw.w.kind !== 'Deployment' || autoscalerOf(sw, objects)) continue;
      findings.push({ message: `no HorizontalPodAutoscaler targets ${label(sw.w)}; add one (autoscaling/v2, minReplicas 2, a CPU or request-rate target) so capacity follows the load`, range: k8sRange(file, sw.w, [...sw.w.base, 'metadata', 'name']) });
    }
    return findings;
  },
};
