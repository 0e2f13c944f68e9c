/**
 * k8s/replicas: every Deployment and StatefulSet that serves traffic runs at least two replicas,
 * either with `spec.replicas: 2` or more, or through an autoscaler (HPA or KEDA ScaledObject) whose
 * minimum is two or more. One replica means every rollout, node drain or crash is an outage.
 *
 * Workloads scaled to zero and single datastore pods (Postgres, Redis...; see
 * `lib/k8s-availability.ts`) are not examined; a repository without serving workloads is not applicable.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { PRODUCT_KINDS } from '../../core/types';
import { k8sRange, label } from '../lib/k8s';
import { autoscalerOf, ownManifest, scalingObjects, servingWorkloads } from '../lib/k8s-availability';

export const rule: FileRule = {
  id: 'k8s/replicas',
  category: 'containers',
  severity: 'medium',
  projectKinds: PRODUCT_KINDS,
  level: 'production',
  title: 'Serving workloads run at least two replicas',
  rationale: 'With a single replica every rollout, node drain or crash takes the service down; two or more keep it answering while one pod is replaced.',
  related: [
    { tool: 'kube-score', id: 'deployment-replicas' },
    { tool: 'polaris', id: 'deploymentMissingReplicas' },
  ],
  scope: 'file',
  kinds: ['k8s'],
  examines: (file, ctx) => ownManifest(ctx.ws, file.path) && servingWorkloads(file).length > 0,
  examinesWhat: 'Deployment or StatefulSet that serves traffic',
  checkFile(file, ctx) {
    if (!ownManifest(ctx.ws, file.path)) return [];
    const objects = scalingObjects(ctx.ws);
    const findings: RuleFinding[] = [];
    for (const sw of servingWorkloads(file)) {
      const hpa = autoscalerOf(sw, objects);
      if (hpa) {
        if (hpa.minReplicas < 2) findings.push({ message: `${label(sw.w)} is scaled by ${hpa.kind}/${hpa.name} (${hpa.file}) with a minimum of ${hpa.minReplicas} replica; set its minimum to 2 or more`, range: k8sRange(file, sw.w, [...sw.w.base, 'metadata', 'name']) });
        continue;
      }
      const n = sw.replicas ?? 1;
      if (n >= 2) continue;
      findings.push({
        message: `${label(sw.w)} runs ${sw.replicas === undefined ? 'one replica (no `replicas`, so Kubernetes runs 1)' : `${n} replica`}; run at least 2 (\`replicas: 2\`) or scale it with a HorizontalPodAutoscaler whose minReplicas is 2`,
        range: k8sRange(file, sw.w, sw.replicas === undefined ? [...sw.w.base, 'spec'] : [...sw.w.base, 'spec', 'replicas']),
      });
    }
    return findings;
  },
};
