/**
 * docs/readme: the repository has a README that tells a newcomer how to install, run and test it.
 */
import type { WorkspaceRule } from '../../core/types';
import { createFileFix, findDoc, gradeDocument } from '../util';

const SECTIONS = [
  { name: 'install', pattern: /install|setup|set up|getting started|quick ?start|prerequisites/i },
  { name: 'run', pattern: /\b(run|running|usage|start|deploy|how to use)\b/i },
  { name: 'test', pattern: /\btest(s|ing)?\b/i },
];

export const rule: WorkspaceRule = {
  id: 'docs/readme',
  category: 'documentation',
  severity: 'high',
  level: 'prototype',
  title: 'README explains install, run and test',
  rationale: 'The README is the first thing a new engineer or an on-call responder reads; without install, run and test instructions every hand-over starts from zero.',
  fixable: true,
  scope: 'workspace',
  check({ ws }) {
    const file = findDoc(ws, ['README.md', 'README.markdown', 'README', 'readme.md', 'docs/README.md']);
    if (!file) {
      const name = ws.root.split(/[\\/]/).pop() || 'Project';
      return {
        status: 'fail',
        findings: [{
          message: 'no README: add one with Install, Run and Test sections',
          file: null,
          fix: createFileFix('Create README.md', 'README.md', `# ${name}\n\nWhat this service does, in one paragraph.\n\n## Install\n\nList the prerequisites and the command that installs the dependencies.\n\n## Run\n\nThe command that starts the service locally, and the environment variables it needs (see .env.example).\n\n## Test\n\nThe command that runs the test suite, and how to read its coverage report.\n`),
        }],
      };
    }
    return gradeDocument(file, SECTIONS, 'the README', 5);
  },
};
