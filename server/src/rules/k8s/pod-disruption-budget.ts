/**
 * k8s/pod-disruption-budget: every serving workload that runs two or more replicas is selected by a
 * PodDisruptionBudget that still lets one pod go (`maxUnavailable: 0` or a `minAvailable` equal to
 * the replicas blocks every node drain). Without a budget, a drain or a cluster upgrade may evict all
 * replicas at once.
 *
 * Single-replica workloads are not examined here (k8s/replicas asks them to scale first), nor are
 * datastore pods; a repository without multi-replica serving workloads is not applicable.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { PRODUCT_KINDS } from '../../core/types';
import { asRecord } from '../../core/source';
import { k8sRange, label } from '../lib/k8s';
import { budgetsOf, hasReplicatedWorkload, minimumReplicas, ownManifest, scalingObjects, servingWorkloads } from '../lib/k8s-availability';

export const rule: FileRule = {
  id: 'k8s/pod-disruption-budget',
  category: 'containers',
  severity: 'medium',
  projectKinds: PRODUCT_KINDS,
  level: 'production',
  title: 'Replicated workloads have a PodDisruptionBudget',
  rationale: 'A node drain or cluster upgrade evicts pods without regard for the service; a disruption budget keeps enough replicas running while the nodes are replaced.',
  roadmap: [{ topic: 'disruption budgets', match: /disruption budgets?|\bpdbs?\b/, rank: 810 }],
  related: [
    { tool: 'kube-score', id: 'deployment-has-poddisruptionbudget' },
    { tool: 'kube-score', id: 'statefulset-has-poddisruptionbudget' },
    { tool: 'polaris', id: 'missingPodDisruptionBudget' },
    { tool: 'polaris', id: 'pdbDisruptionsIsZero' },
  ],
  scope: 'file',
  kinds: ['k8s'],
  examines: (file, ctx) => hasReplicatedWorkload(ctx.ws, file),
  examinesWhat: 'workload with two or more replicas',
  checkFile(file, ctx) {
    if (!ownManifest(ctx.ws, file.path)) return [];
    const objects = scalingObjects(ctx.ws);
    const findings: RuleFinding[] = [];
    for (const sw of servingWorkloads(file)) {
      const replicas = minimumReplicas(sw, objects);
      if (replicas < 2) continue;
      const budgets = budgetsOf(sw, objects);
      const range = k8sRange(file, sw.w, [...sw.w.base, 'metadata', 'name']);
      if (budgets.length === 0) {
        findings.push({ message: `no PodDisruptionBudget selects the pods of ${label(sw.w)}; add one with \`maxUnavailable: 1\` and a selector matching its pod labels`, range });
        continue;
      }
      for (const b of budgets) {
        const spec = asRecord(b.value.spec) ?? {};
        const blocks = spec.maxUnavailable === 0 || spec.maxUnavailable === '0%' || spec.minAvailable === '100%' || (typeof spec.minAvailable === 'number' && spec.minAvailable >= replicas);
        if (blocks) findings.push({ message: `PodDisruptionBudget/${String(asRecord(b.value.metadata)?.name ?? '')} (${b.file.path}) never lets a pod of ${label(sw.w)} go (${spec.maxUnavailable !== undefined ? `maxUnavailable: ${String(spec.maxUnavailable)}` : `minAvailable: ${String(spec.minAvailable)} of ${replicas}`}), so node drains hang; allow one disruption`, range });
      }
    }
    return findings;
  },
};
