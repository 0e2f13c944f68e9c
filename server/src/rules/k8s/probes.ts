/**
 * k8s/probes: long-running containers declare a readiness and a liveness probe. Without readiness,
 * traffic reaches pods that are still starting; without liveness, a deadlocked process is never
 * restarted. Jobs and CronJobs (which run to completion) and init containers are skipped.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { k8sRange, label, workloadsOf } from '../lib/k8s';

export const rule: FileRule = {
  id: 'k8s/probes',
  category: 'containers',
  severity: 'high',
  level: 'production',
  title: 'Containers have readiness and liveness probes',
  rationale: 'Readiness probes keep traffic away from pods that cannot serve it yet; liveness probes restart a process that hangs instead of leaving it stuck.',
  related: [
    { tool: 'kube-score', id: 'container-probes' },
    { tool: 'checkov', id: 'CKV_K8S_8' },
    { tool: 'checkov', id: 'CKV_K8S_9' },
  ],
  scope: 'file',
  kinds: ['k8s'],
  checkFile(file) {
    const findings: RuleFinding[] = [];
    for (const w of workloadsOf(file)) {
      if (w.kind === 'Job' || w.kind === 'CronJob') continue;
      for (const c of w.containers) {
        if (c.init) continue;
        const missing = ['readinessProbe', 'livenessProbe'].filter((p) => c.value[p] === undefined);
        if (missing.length === 0) continue;
        findings.push({
          message: `${label(w, c)} has no ${missing.join(' or ')}; add ${missing.length > 1 ? 'them' : 'it'} (an HTTP GET on the health endpoint is the usual choice)`,
          range: k8sRange(file, w, c.path),
        });
      }
    }
    return findings;
  },
};
