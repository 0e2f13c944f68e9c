/**
 * docs/readme: the repository has a README with real content. Its sections (install, run, test) are
 * judged by docs/readme-sections, so that a project documented elsewhere is not held below prototype.
 */
import type { WorkspaceRule } from '../../core/types';
import { markdownView } from '../../core/markdown';
import { createFileFix, findDoc } from '../lib/util';

/** Candidate README paths, most usual first. */
export const README_PATHS = ['README.md', 'README.markdown', 'README.rst', 'README.txt', 'README', 'readme.md', 'docs/README.md'];
const MIN_WORDS = 40;

export const rule: WorkspaceRule = {
  id: 'docs/readme',
  category: 'documentation',
  severity: 'high',
  level: 'prototype',
  title: 'README describes the project',
  rationale: 'The README is the first thing a new engineer or an on-call responder reads; a missing or one-line README means every hand-over starts from zero.',
  roadmap: [{ topic: 'the README', match: /readme|setup instructions|getting started/, rank: 450 }],
  fixable: true,
  scope: 'workspace',
  check({ ws }) {
    const file = findDoc(ws, README_PATHS);
    if (!file) {
      const name = ws.root.split(/[\\/]/).pop() || 'Project';
      return {
        status: 'fail',
        findings: [{
          message: 'no README: add one that says what the project does and how to install, run and test it',
          file: null,
          fix: createFileFix('Create README.md', 'README.md', `# ${name}\n\nWhat this service does, who uses it and where it runs, in one paragraph.\n\n## Install\n\nList the prerequisites and the command that installs the dependencies.\n\n## Run\n\nThe command that starts the service locally, and the environment variables it needs (see .env.example).\n\n## Test\n\nThe command that runs the test suite, and how to read its coverage report.\n`),
        }],
      };
    }
    const words = file.path.endsWith('.md') || file.path.endsWith('.markdown') ? markdownView(file).words : (file.text.match(/\w+/g) ?? []).length;
    if (words >= MIN_WORDS) return { status: 'pass', findings: [], evidence: [{ message: `${words} words`, file: file.path, line: 1 }] };
    return {
      status: 'partial',
      score: 0.3,
      evidence: [{ message: `${words} words`, file: file.path, line: 1 }],
      findings: [{ message: `${file.path} has only ${words} word(s); say what the project does and how to install, run and test it`, file: file.path, range: file.lineRange(0) }],
    };
  },
};
