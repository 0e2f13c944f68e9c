/**
 * k8s/image-pinned: every container image names a tag other than `latest`, or a digest. A moving tag
 * means that a node pulling the image tomorrow runs different code from the node that pulled it today,
 * and that a rollback does not roll back.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { unpinnedReason } from '../lib/images';
import { k8sRange, label, workloadsOf } from '../lib/k8s';

export const rule: FileRule = {
  id: 'k8s/image-pinned',
  category: 'containers',
  severity: 'high',
  level: 'mvp',
  title: 'Container images are pinned to a version',
  rationale: 'With `latest` or no tag, pods of one Deployment can run different code, and rolling back the manifest does not roll back the software.',
  related: [
    { tool: 'checkov', id: 'CKV_K8S_14' },
    { tool: 'checkov', id: 'CKV_K8S_43' },
    { tool: 'kube-score', id: 'container-image-tag' },
  ],
  scope: 'file',
  kinds: ['k8s'],
  checkFile(file) {
    const findings: RuleFinding[] = [];
    for (const w of workloadsOf(file)) {
      for (const c of w.containers) {
        const image = c.value.image;
        if (typeof image !== 'string') {
          findings.push({ message: `${label(w, c)} names no image`, range: k8sRange(file, w, c.path) });
          continue;
        }
        const reason = unpinnedReason(image);
        if (reason) findings.push({ message: `${label(w, c)}: ${reason}; pin a version tag or digest`, range: k8sRange(file, w, [...c.path, 'image'], false) });
      }
    }
    return findings;
  },
};
