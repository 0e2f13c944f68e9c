/**
 * k8s/no-privilege-escalation: containers set `allowPrivilegeEscalation: false`, so that setuid
 * binaries and file capabilities cannot raise a process above the privileges it started with. The
 * field exists on the container's securityContext only; the default is to allow escalation.
 *
 * The fix sets the field (in the existing securityContext, or in a new one).
 */
import { isScalar } from 'yaml';
import type { Fix, FileRule, RuleFinding } from '../../core/types';
import { asRecord } from '../../core/source';
import { replaceFix } from '../lib/util';
import { k8sRange, label, workloadsOf } from '../lib/k8s';
import { insertIntoBlockMap } from '../lib/yaml-edit';

export const rule: FileRule = {
  id: 'k8s/no-privilege-escalation',
  category: 'containers',
  severity: 'medium',
  level: 'production',
  title: 'Containers cannot escalate privileges',
  rationale: 'Unless disallowed, a process can gain privileges through setuid binaries; `allowPrivilegeEscalation: false` closes that path.',
  related: [{ tool: 'checkov', id: 'CKV_K8S_20' }],
  fixable: true,
  scope: 'file',
  kinds: ['k8s'],
  checkFile(file) {
    const findings: RuleFinding[] = [];
    for (const w of workloadsOf(file)) {
      for (const c of w.containers) {
        const sc = asRecord(c.value.securityContext);
        if (sc?.allowPrivilegeEscalation === false) continue;
        const title = 'Set allowPrivilegeEscalation: false';
        let fix: Fix | undefined;
        const current = file.yamlNode([...c.path, 'securityContext', 'allowPrivilegeEscalation'], w.docIndex);
        if (isScalar(current) && current.range) fix = replaceFix(title, file, file.rangeOf(current.range[0], current.range[1]), 'false');
        else if (sc) fix = insertIntoBlockMap(file, file.yamlNode([...c.path, 'securityContext'], w.docIndex), title, ['allowPrivilegeEscalation: false']);
        else if (c.value.securityContext === undefined) fix = insertIntoBlockMap(file, file.yamlNode(c.path, w.docIndex), title, ['securityContext:', '  allowPrivilegeEscalation: false']);
        findings.push({
          message: `${label(w, c)} does not set \`securityContext.allowPrivilegeEscalation: false\`; add it`,
          range: sc ? k8sRange(file, w, [...c.path, 'securityContext']) : k8sRange(file, w, c.path),
          ...(fix ? { fix } : {}),
        });
      }
    }
    return findings;
  },
};
