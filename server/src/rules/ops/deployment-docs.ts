/**
 * ops/deployment-docs: how to deploy is written down: a DEPLOYMENT.md (or docs/deploy*.md,
 * RELEASING.md) with real content, or a deployment section in the README, the runbook or the docs.
 * Credit needs concrete steps (commands, numbers, owners, links); a thin or template document earns
 * little. The fix creates docs/DEPLOYMENT.md with prompts marked TODO, which count as unfilled.
 */
import type { WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { markdownView } from '../../core/markdown';
import { createFileFix, isTemplatePath, outcome } from '../lib/util';
import { baseName, markdownPaths, projectDocs, sectionEvidence, sectionFilled, sectionsTitled } from '../lib/evidence';

const DOC = /^(?:deploy(?:ment|ing)?|releasing|release[-_](?:process|guide|procedure)|shipping|going[-_]live)[\w-]*\.md$/i;
const SECTION = /deploy|releas(?:e|ing)|rollout|going live|(?:to|in|into|for) production|production (?:setup|install|use)|self-?host|shipping/i;
const MIN_DOC_WORDS = 60;
const MIN_SECTION_WORDS = 25;

const SCAFFOLD = `# Deployment

How a change reaches production, and how to check that it worked.

## Environments

TODO: list the environments (development, staging, production), where each runs, how configuration and
secrets reach each of them, and who may deploy to which environment.

## Deploying

TODO: give the exact pipeline or command that deploys a release, what it builds and where it pushes the
image, the approvals it needs, and how long a deployment normally takes.

## Verifying

TODO: after a deployment, check the health endpoint, the error rate and latency dashboards, and the logs
for new errors; say how long to watch before the deployment counts as done.

## Rolling back

TODO: explain how to redeploy the previous release, how database migrations are kept backward compatible,
and whom to tell when a rollback happens.
`;

export const rule: WorkspaceRule = {
  id: 'ops/deployment-docs',
  category: 'operations',
  severity: 'medium',
  level: 'mvp',
  title: 'Deployment is documented step by step',
  rationale: 'When deployment lives in one person\'s head, releases stop when that person is away, and a failed release cannot be repeated or reverted with confidence.',
  roadmap: [{ topic: 'deployment documentation', match: /deploy(ment)? (guide|doc|procedure|instruction)s?|how to deploy/, rank: 420 }],
  fixable: true,
  scope: 'workspace',
  projectKinds: SERVICE_KINDS,
  applies(facts) {
    return facts.isService || 'not a long-running service';
  },
  check({ ws }) {
    const docs = markdownPaths(ws).filter((p) => (DOC.test(baseName(p)) || /(?:^|\/)docs?\/deploy(?:ment)?\//i.test(p)) && !isTemplatePath(p));
    let thin: { path: string; words: number; why: string } | undefined;
    for (const p of docs) {
      const f = ws.read(p);
      if (!f) continue;
      const view = markdownView(f);
      const words = view.words;
      // A deployment document earns credit for concrete steps (commands, numbers, owners), not for prose.
      if (words >= MIN_DOC_WORDS && view.concrete > 0 && view.todos === 0) return outcome.pass([{ message: `${p}: ${words} words with concrete steps`, file: p, line: 1 }]);
      const why = view.todos > 0 ? `still has ${view.todos} TODO paragraph(s) to fill in` : words >= MIN_DOC_WORDS ? 'has no concrete step (no command, number, owner or link)' : `is a stub (${words} words)`;
      if (!thin || words > thin.words) thin = { path: p, words, why };
    }
    const sections = sectionsTitled(ws, projectDocs(ws), SECTION);
    const filled = sections.find((d) => sectionFilled(d.section, MIN_SECTION_WORDS).filled);
    if (filled) return outcome.pass([sectionEvidence(filled)]);
    const best = sections[0];
    const fix = ws.exists('docs/DEPLOYMENT.md') ? undefined : createFileFix('Create docs/DEPLOYMENT.md', 'docs/DEPLOYMENT.md', SCAFFOLD);
    if (thin) {
      const f = ws.read(thin.path)!;
      return outcome.partial(0.1, [{ message: `${thin.path} ${thin.why}: describe the environments, the deploy command, how to verify a release and how to roll it back`, file: thin.path, range: f.lineRange(0) }]);
    }
    if (best) {
      return outcome.partial(0.1, [{
        message: `the section ${sectionFilled(best.section, MIN_SECTION_WORDS).why} in ${best.file.path}: say exactly how to deploy, verify and roll back`,
        file: best.file.path,
        range: best.file.lineRange(best.section.line),
        ...(fix ? { fix } : {}),
      }], [sectionEvidence(best)]);
    }
    return outcome.fail([{ message: 'deployment is not documented: add docs/DEPLOYMENT.md (or a Deployment section in the README) with the environments, the deploy command, verification and rollback', file: null, ...(fix ? { fix } : {}) }]);
  },
};
