/**
 * k8s/spread: the replicas of a serving workload are spread over nodes or zones, with
 * `topologySpreadConstraints` or a pod anti-affinity on `kubernetes.io/hostname` or
 * `topology.kubernetes.io/zone`. Otherwise the scheduler may put every replica on one node, and that
 * node's failure is an outage despite the replicas. Only workloads with two or more replicas are
 * examined.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { PRODUCT_KINDS } from '../../core/types';
import { asArray, asRecord } from '../../core/source';
import { k8sRange, label } from '../lib/k8s';
import { hasReplicatedWorkload, minimumReplicas, ownManifest, scalingObjects, servingWorkloads, type ServingWorkload } from '../lib/k8s-availability';

const TOPOLOGY = /^(?:kubernetes\.io\/hostname|topology\.kubernetes\.io\/(?:zone|region)|failure-domain\.beta\.kubernetes\.io\/zone)$/;

/** True when the pod spec spreads the workload's replicas over nodes or zones. */
function spreads(sw: ServingWorkload): boolean {
  const spec = sw.w.podSpec;
  if (asArray(spec.topologySpreadConstraints).some((c) => TOPOLOGY.test(String(asRecord(c)?.topologyKey ?? '')))) return true;
  const anti = asRecord(asRecord(spec.affinity)?.podAntiAffinity);
  if (!anti) return false;
  const terms = [
    ...asArray(anti.requiredDuringSchedulingIgnoredDuringExecution),
    ...asArray(anti.preferredDuringSchedulingIgnoredDuringExecution).map((p) => asRecord(p)?.podAffinityTerm),
  ];
  return terms.some((t) => TOPOLOGY.test(String(asRecord(t)?.topologyKey ?? '')));
}

export const rule: FileRule = {
  id: 'k8s/spread',
  category: 'containers',
  severity: 'low',
  projectKinds: PRODUCT_KINDS,
  level: 'production',
  title: 'Replicas are spread over nodes or zones',
  rationale: 'Replicas that share one node fail together; a topology spread constraint or a pod anti-affinity keeps one node or zone failure from taking every replica down.',
  roadmap: [{ topic: 'topology spread', match: /anti-?affinity|topology spread|spread (across|over) (nodes|zones)|multi-?zone|availability zones/, rank: 820 }],
  related: [
    { tool: 'kube-score', id: 'deployment-has-host-podantiaffinity' },
    { tool: 'kube-score', id: 'statefulset-has-host-podantiaffinity' },
    { tool: 'polaris', id: 'topologySpreadConstraint' },
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
      if (minimumReplicas(sw, objects) < 2 || spreads(sw)) continue;
      findings.push({ message: `nothing keeps the replicas of ${label(sw.w)} apart; add \`topologySpreadConstraints\` on \`kubernetes.io/hostname\` (or \`topology.kubernetes.io/zone\`) or a preferred pod anti-affinity`, range: k8sRange(file, sw.w, [...sw.w.podSpecPath]) });
    }
    return findings;
  },
};
