/**
 * k8s/read-only-root-filesystem: containers mount their root filesystem read-only
 * (`readOnlyRootFilesystem: true`) and write only to declared volumes, so that an attacker cannot
 * drop tools or modify the app inside a running container.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { asRecord } from '../../core/source';
import { k8sRange, label, workloadsOf } from '../lib/k8s';

export const rule: FileRule = {
  id: 'k8s/read-only-root-filesystem',
  category: 'containers',
  severity: 'low',
  level: 'production',
  title: 'Container root filesystems are read-only',
  rationale: 'A read-only root filesystem stops an intruder from writing binaries or changing the app, and makes every writable path an explicit volume.',
  related: [
    { tool: 'checkov', id: 'CKV_K8S_22' },
    { tool: 'kube-score', id: 'container-security-context-readonlyrootfilesystem' },
  ],
  scope: 'file',
  kinds: ['k8s'],
  checkFile(file) {
    const findings: RuleFinding[] = [];
    for (const w of workloadsOf(file)) {
      for (const c of w.containers) {
        const sc = asRecord(c.value.securityContext);
        if (sc?.readOnlyRootFilesystem === true) continue;
        findings.push({
          message: `${label(w, c)} can write to its root filesystem; set \`securityContext.readOnlyRootFilesystem: true\` and mount volumes where it must write`,
          range: sc ? k8sRange(file, w, [...c.path, 'securityContext']) : k8sRange(file, w, c.path),
        });
      }
    }
    return findings;
  },
};
