/**
 * docs/contributing: a contributing guide tells a new engineer how to set up a development
 * environment, run the tests and get a change merged. CONTRIBUTING.md (root, docs/ or .github/) is
 * graded on its setup and pull request sections and must say how to run the tests (in a section or
 * as a test command anywhere); a substantial "Contributing"/"Development" section of the README also
 * passes. The fix creates CONTRIBUTING.md with setup, tests and pull request sections.
 */
import type { WorkspaceRule } from '../../core/types';
import type { SourceFile } from '../../core/source';
import type { Workspace } from '../../core/workspace';
import { PRODUCT_KINDS } from '../../core/types';
import { createFileFix, findDoc, gradeDocument, outcome } from '../lib/util';
import { firstHit, sectionEvidence, sectionsTitled } from '../lib/evidence';

const SECTIONS = [
  { name: 'development setup', pattern: /setup|set up|setting up|getting started|development|local|environment|prerequisites|install/i },
  { name: 'pull requests', pattern: /pull request|merge request|\bPRs?\b|submit|review|changes|workflow|commit|contribute code|code contributions?/i },
];
/** How to run the tests: the command, in its own section or inside the workflow steps (a heading or prose that says "run the tests" is not the command). */
const TESTS = /\b(?:npm|yarn|pnpm|bun)\s+(?:run\s+)?test\b|\b(?:pytest|tox|nox|go test|cargo test|mvn (?:test|verify)|gradle(?:w)? (?:test|check)|dotnet test|make test|bundle exec rspec|rake test|bin\/rails test)\b|\b(?:python3? -m (?:pytest|unittest)|(?:python3? )?(?:\.\/)?manage\.py test\b|\.\/gradlew (?:test|check)|\.\/mvnw (?:test|verify)|just test|task test|make check)\b/im;

const SCAFFOLD = `# Contributing

Thank you for helping. This guide explains how to get a working environment, how to check a change,
and how changes are reviewed and merged.

## Development setup

TODO: list the tools and versions needed (language runtime, package manager, Docker), the command that
installs dependencies, how to create the local configuration from .env.example, and how to start the
service and its dependencies locally.

## Tests

TODO: give the single command that runs the whole test suite, how to run one test file, and which checks
(linters, type checks, formatting) must pass before a change is pushed. Mention how to update test
fixtures or snapshots.

## Pull requests

TODO: keep changes small and focused, describe what changed and why, link the issue, and add tests for new
behaviour. At least one maintainer reviews every pull request; CI must be green before merging.
`;

/** A development guide beside the contributing guide: DEVELOP.md and the like, or the README's development section. */
function companionOf(ws: Workspace, guide: string): { file: SourceFile; what: string; line: number } | undefined {
  for (const p of ['DEVELOP.md', 'DEVELOPMENT.md', 'docs/DEVELOP.md', 'docs/DEVELOPMENT.md', 'docs/development.md', 'HACKING.md']) {
    const f = p !== guide && ws.exists(p) ? ws.read(p) : undefined;
    if (f && f.text.split(/\s+/).length >= 40) return { file: f, what: p, line: 1 };
  }
  const readme = ws.findFile(['README.md', 'readme.md', 'README.markdown']);
  const section = readme ? sectionsTitled(ws, [readme], /development|developing|hacking|from source|setting up/i)[0] : undefined;
  if (section && section.section.words >= 40) return { file: section.file, what: `${section.file.path} "${section.section.title}"`, line: section.section.line + 1 };
  return undefined;
}

export const rule: WorkspaceRule = {
  id: 'docs/contributing',
  category: 'documentation',
  severity: 'low',
  projectKinds: PRODUCT_KINDS,
  level: 'production',
  title: 'A contributing guide explains setup, tests and the review process',
  rationale: 'Onboarding and outside contributions stall when the setup, the checks a change must pass and the review process live only in people\'s heads.',
  roadmap: [{ topic: 'contribution guidelines', match: /contribut/, rank: 490 }],
  fixable: true,
  scope: 'workspace',
  check({ ws }) {
    const doc = findDoc(ws, ['CONTRIBUTING.md', '.github/CONTRIBUTING.md', 'docs/CONTRIBUTING.md', 'CONTRIBUTING', 'docs/contributing.md', 'DEVELOPMENT.md', 'docs/DEVELOPMENT.md', 'HACKING.md']);
    if (doc) {
      const graded = gradeDocument(doc, SECTIONS, 'the contributing guide', 10);
      // The guide may leave the setup and the test command to a development guide or to the README's
      // development section (DEVELOP.md, "Setting Up for Development"): together they are the guide.
      const companion = companionOf(ws, doc.path);
      const missing = ((graded.findings[0]?.data?.missing as string[]) ?? []).filter((m) => !(m === 'development setup' && companion));
      const tests = firstHit(doc, TESTS) ?? (companion ? firstHit(companion.file, TESTS) : undefined);
      if (companion && graded.status !== 'pass') {
        const evidence = [...(graded.evidence ?? []), { message: `development guide: ${companion.what}`, file: companion.file.path, line: companion.line }, ...(tests ? [{ message: `how to run the tests: ${tests.text.slice(0, 60)}`, file: tests.file, line: tests.line }] : [])];
        if (missing.length === 0 && tests) return outcome.pass(evidence);
        const gaps = [...missing, ...(tests ? [] : ['how to run the tests'])];
        return outcome.partial((SECTIONS.length - missing.length) / SECTIONS.length * (tests ? 1 : 2 / 3), [{ message: `the contributing guide ${doc.path} (with ${companion.what}) does not cover ${gaps.join(', ')}`, file: doc.path, range: doc.lineRange(0) }], evidence);
      }
      if (tests) graded.evidence = [...(graded.evidence ?? []), { message: `how to run the tests: ${tests.text.slice(0, 60)}`, file: doc.path, line: tests.line }];
      if (tests || graded.status === 'fail') return graded;
      const message = `the contributing guide ${doc.path} does not say how to run the tests: add the command and the checks a change must pass`;
      if (graded.status === 'pass') return outcome.partial(2 / 3, [{ message, file: doc.path, range: doc.lineRange(0) }], graded.evidence);
      return { ...graded, score: (graded.score ?? 0) * (2 / 3), findings: graded.findings.map((f) => ({ ...f, message: `${f.message}; it also does not say how to run the tests` })) };
    }
    const readme = ws.findFile(['README.md', 'readme.md', 'README.markdown']);
    const inReadme = readme ? sectionsTitled(ws, [readme], /contribut|development|developing|hacking/i)[0] : undefined;
    if (inReadme && inReadme.section.words >= 40) return outcome.pass([sectionEvidence(inReadme)]);
    const fix = createFileFix('Create CONTRIBUTING.md', 'CONTRIBUTING.md', SCAFFOLD);
    if (inReadme) {
      return outcome.partial(0.4, [{
        message: `the README's "${inReadme.section.title}" section is thin (${inReadme.section.words} words): write a CONTRIBUTING.md with development setup, tests and pull requests`,
        file: inReadme.file.path,
        range: inReadme.file.lineRange(inReadme.section.line),
        fix,
      }], [sectionEvidence(inReadme)]);
    }
    return outcome.fail([{ message: 'no contributing guide: add CONTRIBUTING.md with development setup, tests and pull request sections', file: null, fix }]);
  },
};
