/**
 * docs/architecture: an architecture document (ARCHITECTURE.md, docs/architecture*.md, docs/design*.md
 * or an ADR folder) gives a bird's-eye view: the components, how data flows between them and what
 * they depend on. Judged on content: at least two sections and 100 words; a stub earns partial
 * credit, and so does prose that names no concrete component (path, command, diagram, link). The fix
 * creates ARCHITECTURE.md with the expected sections and prompts marked TODO, which count as unfilled.
 */
import type { WorkspaceRule } from '../../core/types';
import { markdownView } from '../../core/markdown';
import { createFileFix, findDoc, outcome } from '../lib/util';
import { projectName } from '../lib/evidence';

const MIN_WORDS = 100;

function scaffold(name: string): string {
  return `# Architecture of ${name}

## Overview

TODO: describe in one paragraph what ${name} does, who calls it and what it calls. Name the entry points
(HTTP server, workers, scheduled jobs) and the one or two ideas a newcomer must understand before
changing anything. Link the main diagram here once it exists.

## Components

TODO: list each folder or deployable unit with one paragraph on its responsibility, what it owns, and
which other components it may call. Say which components are stateless and which hold state, so that
readers know what can be scaled out and what needs care during deployments.

## Data flow

TODO: walk through the main request or job from the edge to the database and back: which component
receives it, where it is validated, where it is stored, and which queues or external services are
involved. Note where data is cached and how long it may be stale.

## Dependencies

TODO: list the databases, queues, caches and third-party services the system needs, with the versions
in use, who owns each one, and what happens to the service when each dependency is slow or down.

## Invariants

TODO: write down the rules that must always hold, such as "the API never writes to the reporting
database" or "every table change goes through a migration", so reviewers can enforce them.
`;
}

export const rule: WorkspaceRule = {
  id: 'docs/architecture',
  category: 'documentation',
  severity: 'medium',
  level: 'production',
  title: 'An architecture document describes the components and data flow',
  rationale: 'New engineers and incident responders need a map of the system; without one, knowledge lives in a few heads and every change risks breaking an unwritten invariant.',
  roadmap: [{ topic: 'architecture documentation', match: /architecture (doc|diagram|overview)|system architecture|\badrs?\b/, rank: 460 }],
  fixable: true,
  scope: 'workspace',
  applies(facts) {
    return facts.stacks.length > 0 || facts.isService || 'no code to describe';
  },
  check({ ws }) {
    const doc = findDoc(ws, ['ARCHITECTURE.md', 'docs/ARCHITECTURE.md', 'docs/architecture.md', 'docs/architecture/README.md', 'docs/architecture/index.md', 'DESIGN.md', 'docs/DESIGN.md', 'docs/design.md'], /(?:^|\/)(?:docs?\/)?(?:architecture|system[-_]design|design[-_]?docs?|adrs?|decisions)[^/]*(?:\/[^/]+)?\.md$/i);
    if (!doc) {
      return outcome.fail([{
        message: 'no architecture document: add ARCHITECTURE.md with an overview, the components, the data flow, the dependencies and the invariants',
        file: null,
        fix: createFileFix('Create ARCHITECTURE.md', 'ARCHITECTURE.md', scaffold(projectName(ws))),
      }]);
    }
    const view = markdownView(doc);
    const sections = view.sections.filter((s) => s.level >= 2 && s.words > 0).length;
    const evidence = [{ message: `${doc.path}: ${view.words} words, ${sections} section(s)`, file: doc.path, line: 1 }];
    const hasDiagram = view.codeBlocks.some((b) => /mermaid|plantuml|dot|ascii/i.test(b.info)) || /!\[[^\]]*\]\([^)]+\)/.test(doc.text);
    if (hasDiagram) evidence.push({ message: 'includes a diagram', file: doc.path, line: 1 });
    // Concrete content: the paths of the components, commands, a diagram, links; prompts marked TODO are not content.
    const concrete = view.concrete > 0 || hasDiagram;
    if (view.words >= MIN_WORDS && (sections >= 2 || view.words >= 2 * MIN_WORDS) && concrete && view.todos === 0) return outcome.pass(evidence);
    const why = view.todos > 0 && view.words < MIN_WORDS ? `still has ${view.todos} TODO paragraph(s) to fill in` : view.words >= MIN_WORDS && !concrete ? `names no concrete component (no path, command, diagram or link)` : `is a stub (${view.words} words, ${sections} section(s))`;
    return outcome.partial(concrete ? Math.max(0.1, Math.min(0.5, view.words / (2 * MIN_WORDS))) : 0.1, [{
      message: `${doc.path} ${why}${view.todos > 0 && view.words >= MIN_WORDS ? ` and ${view.todos} TODO paragraph(s)` : ''}: describe the components, the data flow and the dependencies in at least ${MIN_WORDS} words, naming the folders and services`,
      file: doc.path,
      range: doc.lineRange(0),
    }], evidence);
  },
};
