/**
 * k8s/run-as-non-root: containers run as a non-root user, enforced by the kubelet with
 * `runAsNonRoot: true` (or a non-zero `runAsUser`) in the container's or the pod's securityContext.
 * A USER in the Dockerfile is not enough: the manifest is what the cluster enforces.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { k8sRange, label, securityField, workloadsOf } from '../lib/k8s';

export const rule: FileRule = {
  id: 'k8s/run-as-non-root',
  category: 'containers',
  severity: 'high',
  level: 'mvp',
  title: 'Pods must run as a non-root user',
  rationale: 'A process running as root in a container is one kernel bug away from root on the node; runAsNonRoot makes the kubelet refuse to start such containers.',
  related: [
    { tool: 'checkov', id: 'CKV_K8S_23' },
    { tool: 'kube-score', id: 'container-security-context-user-group-id' },
  ],
  scope: 'file',
  kinds: ['k8s'],
  checkFile(file) {
    const findings: RuleFinding[] = [];
    for (const w of workloadsOf(file)) {
      for (const c of w.containers) {
        const nonRoot = securityField(w, c, 'runAsNonRoot');
        const user = securityField(w, c, 'runAsUser');
        if (nonRoot === true && user !== 0) continue;
        if (nonRoot !== false && typeof user === 'number' && user > 0) continue;
        const explicit = nonRoot === false || user === 0;
        findings.push({
          message: explicit
            ? `${label(w, c)} is allowed to run as root (${nonRoot === false ? '`runAsNonRoot: false`' : '`runAsUser: 0`'}); set \`runAsNonRoot: true\` and a non-zero \`runAsUser\``
            : `${label(w, c)} may run as root; set \`securityContext.runAsNonRoot: true\` on the pod or the container`,
          range: k8sRange(file, w, c.path),
        });
      }
    }
    return findings;
  },
};
