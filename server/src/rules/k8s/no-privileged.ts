/**
 * k8s/no-privileged: no container runs privileged. A privileged container has every capability and
 * the host's devices: escaping it to the node is trivial.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { asRecord } from '../../core/source';
import { k8sRange, label, workloadsOf } from '../lib/k8s';

export const rule: FileRule = {
  id: 'k8s/no-privileged',
  category: 'containers',
  severity: 'critical',
  level: 'mvp',
  title: 'No container runs privileged',
  rationale: 'A privileged container shares the host kernel with all capabilities and devices; compromising it means compromising the node.',
  related: [
    { tool: 'checkov', id: 'CKV_K8S_16' },
    { tool: 'kube-score', id: 'container-security-context-privileged' },
  ],
  scope: 'file',
  guard: true,
  kinds: ['k8s'],
  checkFile(file) {
    const findings: RuleFinding[] = [];
    for (const w of workloadsOf(file)) {
      for (const c of w.containers) {
        if (asRecord(c.value.securityContext)?.privileged !== true) continue;
        findings.push({
          message: `${label(w, c)} runs privileged, with every capability and the host's devices; remove \`privileged: true\` and add only the capabilities it needs`,
          range: k8sRange(file, w, [...c.path, 'securityContext', 'privileged']),
        });
      }
    }
    return findings;
  },
};
