/**
 * ci/container-credentials: the registry credentials of job `container:` and `services:` images are
 * never written into the workflow. A password in the YAML is readable by everyone who can read the
 * repository, stays in its history, and is not masked in logs; it belongs in a secret
 * (`password: ${{ secrets.REGISTRY_PASSWORD }}`). zizmor `hardcoded-container-credentials`,
 * actionlint `credentials`.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { isMap, type YAMLMap } from 'yaml';
import { pairOf, workflowOf } from '../lib/workflow';
import { isLiteral } from '../lib/workflow-release';
import { jobImages } from './unpinned-images';

export const rule: FileRule = {
  id: 'ci/container-credentials',
  category: 'ci-cd',
  severity: 'high',
  level: 'mvp',
  title: 'Container registry passwords are not hard-coded',
  rationale: 'A registry password written in a workflow is readable by anyone who can read the repository and stays in its history after it is changed.',
  related: [{ tool: 'zizmor', id: 'hardcoded-container-credentials' }, { tool: 'actionlint', id: 'credentials' }],
  scope: 'file',
  kinds: ['workflow'],
  examines: (file) => !!workflowOf(file)?.jobs.some((j) => jobImages(j).some((i) => isMap(i.owner) && !!pairOf(i.owner as YAMLMap, 'credentials'))),
  examinesWhat: 'registry `credentials:` of a job container or service',
  checkFile(file) {
    const wf = workflowOf(file);
    if (!wf) return [];
    const findings: RuleFinding[] = [];
    for (const job of wf.jobs) {
      for (const img of jobImages(job)) {
        if (!isMap(img.owner)) continue;
        const creds = pairOf(img.owner as YAMLMap, 'credentials')?.value;
        if (!isMap(creds)) continue;
        const password = pairOf(creds, 'password')?.value;
        if (!isLiteral(password)) continue;
        findings.push({ message: `the registry password of ${img.what} is written in the workflow: store it as a secret and use \`password: \${{ secrets.REGISTRY_PASSWORD }}\``, range: file.yamlRange(password) });
      }
    }
    return findings;
  },
};
