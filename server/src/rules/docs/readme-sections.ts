/**
 * docs/readme-sections: the README tells a newcomer how to install, run and test the project, each
 * under its own heading with real instructions.
 */
import type { WorkspaceRule } from '../../core/types';
import { findDoc, gradeDocument } from '../lib/util';
import { README_PATHS } from './readme';

const SECTIONS = [
  { name: 'install', pattern: /install|setup|set up|getting started|quick ?start|prerequisites|requirements|build/i },
  { name: 'run', pattern: /\b(run|running|usage|start|deploy|how to use|configuration)\b/i },
  { name: 'test', pattern: /\btest(s|ing)?\b|development|contributing/i },
];

export const rule: WorkspaceRule = {
  id: 'docs/readme-sections',
  category: 'documentation',
  severity: 'medium',
  level: 'mvp',
  title: 'README explains install, run and test',
  rationale: 'Install, run and test instructions in the README let a new engineer or a responder get the service going without asking anyone.',
  scope: 'workspace',
  check({ ws }) {
    const file = findDoc(ws, README_PATHS);
    if (!file) return { status: 'not-applicable', findings: [], reason: 'no README (see docs/readme)' };
    return gradeDocument(file, SECTIONS, 'the README', 5);
  },
};
