/**
 * k8s/resources: every container requests CPU and memory and limits its memory. Requests let the
 * scheduler place pods where they fit; a memory limit keeps one leaking container from evicting its
 * neighbours. A CPU limit is not required: it causes throttling and many teams deliberately omit it.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { asRecord } from '../../core/source';
import { k8sRange, label, workloadsOf } from '../lib/k8s';

export const rule: FileRule = {
  id: 'k8s/resources',
  category: 'containers',
  severity: 'medium',
  level: 'production',
  title: 'Containers set resource requests and a memory limit',
  rationale: 'Without requests the scheduler overcommits nodes, and without a memory limit one leaking container can get its neighbours evicted.',
  related: [
    { tool: 'kube-score', id: 'container-resources' },
    { tool: 'checkov', id: 'CKV_K8S_10' },
    { tool: 'checkov', id: 'CKV_K8S_12' },
    { tool: 'checkov', id: 'CKV_K8S_13' },
  ],
  scope: 'file',
  kinds: ['k8s'],
  checkFile(file) {
    const findings: RuleFinding[] = [];
    for (const w of workloadsOf(file)) {
      for (const c of w.containers) {
        const res = asRecord(c.value.resources);
        const requests = asRecord(res?.requests);
        const limits = asRecord(res?.limits);
        const missing: string[] = [];
        if (requests?.cpu === undefined) missing.push('requests.cpu');
        if (requests?.memory === undefined && limits?.memory === undefined) missing.push('requests.memory');
        if (limits?.memory === undefined) missing.push('limits.memory');
        if (missing.length === 0) continue;
        findings.push({
          message: `${label(w, c)} does not set ${missing.map((m) => `\`resources.${m}\``).join(', ')}; set them to what the container needs`,
          range: res ? k8sRange(file, w, [...c.path, 'resources']) : k8sRange(file, w, c.path),
        });
      }
    }
    return findings;
  },
};
