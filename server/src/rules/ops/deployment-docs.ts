/**
 * ops/deployment-docs: how to deploy is written down: a DEPLOYMENT.md (or docs/deploy*.md,
 * RELEASING.md) with real content, or a deployment section in the README, the runbook or the docs (not a
 * security release process or release notes). Software its users deploy themselves documents its deployment
 * as instructions to run what it publishes: a quick start, running or install section whose commands run
 * a published image, install a chart, a release binary or a package counts.
 * Credit needs concrete steps (commands, numbers, owners, links); a thin or template document earns
 * little. The fix creates docs/DEPLOYMENT.md with prompts marked TODO, which count as unfilled.
 */
import type { Workspace } from '../../core/workspace';
import type { Evidence, WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { markdownView } from '../../core/markdown';
import { createFileFix, isTemplatePath, outcome } from '../lib/util';
import { baseName, markdownPaths, projectDocs, sectionEvidence, sectionFilled, sectionsTitled, sectionText } from '../lib/evidence';

const DOC = /^(?:deploy(?:ment|ing)?|releasing|release[-_](?:process|guide|procedure)|shipping|going[-_]live)[\w-]*\.md$/i;
const SECTION = /deploy|releas(?:e|ing)|rollout|going live|(?:to|in|into|for) production|production (?:setup|install|use)|self-?host|shipping/i;
/** Sections about something else that a deploy or release word appears in: a security fix process, release notes. */
const NOT_DEPLOYMENT = /security|vulnerab|release[- ](?:notes|highlights)|what'?s new|changelog/i;
/** Sections where users are told how to run what the project publishes. */
const RUN_SECTION = /\b(?:quick[- ]?start|getting started|running\b|run(?:ning)? (?:it|this|the)\b|how to (?:run|install|use)\b|install(?:ation|ing)?\b|usage\b|(?:using )?(?:the )?docker(?: image)?\b|systemd\b)/i;
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

/** `docker run` options that take a value as the next word. */
const DOCKER_VALUE_FLAGS = /^(?:-[vpewulh]|--(?:volume|publish|env|env-file|name|mount|network|net|workdir|user|entrypoint|restart|label|platform|hostname|add-host|cap-add|cap-drop|device|dns|expose|health-cmd|log-driver|log-opt|memory|cpus|pull|runtime|security-opt|tmpfs|ulimit|volumes-from|ip|link|stop-signal|stop-timeout|gpus))$/;

/** The image a `docker run` (or `podman run`) command runs, or undefined. */
export function imageOfRun(command: string): string | undefined {
  const m = /\b(?:docker|podman)\s+(?:container\s+)?run\s+(.*)$/.exec(command);
  if (!m) return undefined;
  // Inline code in prose ends the command: "Run `docker run -p 3000:3000 owner/app` and open ...".
  const words = m[1].split('`')[0].trim().split(/\s+/);
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w.startsWith('-')) {
      if (!w.includes('=') && DOCKER_VALUE_FLAGS.test(w)) i++;
      continue;
    }
    return w;
  }
  return undefined;
}

/**
 * Commands that run or install what a project publishes: a published image (`docker run owner/image`,
 * a registry host), a chart (`helm install`), a release binary or package (`brew`, `cargo install`,
 * `go install`, `pip install`, `npm install -g`, a download from the releases page).
 */
function publishedCommand(line: string): string | undefined {
  const image = imageOfRun(line);
  if (image && /^[\w.-]+(?::\d+)?\/[\w./-]+(?::[\w.-]+|@sha256:[a-f0-9]+)?$/i.test(image)) return `runs the published image ${image}`;
  const m = /\bhelm\s+(?:upgrade\s+--install|install)\b|\bbrew\s+install\b|\bcargo\s+(?:b?install)\b|\bgo\s+install\s+\S+@|\bsnap\s+install\b/.exec(line);
  return m ? `\`${m[0]}\`` : undefined;
}

/**
 * A README or docs section on running, installing or a quick start whose commands run or install what the
 * project publishes: for software its users deploy themselves, that is the deployment documentation.
 */
function publishedRunInstructions(ws: Workspace): Evidence | undefined {
  // Users' documents, not the contributors' (whose install sections set up development tools).
  const docs = projectDocs(ws).filter((p) => !/contribut|develop|hacking|building|maintain/i.test(p));
  // The title opens with the words (sectionsTitled's pre-filter cannot take an anchored pattern).
  for (const d of sectionsTitled(ws, docs, RUN_SECTION).filter((x) => RUN_SECTION.exec(x.section.title)?.index === 0)) {
    // Shell continuation lines are one command.
    const text = sectionText(d).replace(/\\\r?\n[ \t]*/g, ' ');
    for (const line of text.split('\n')) {
      const what = publishedCommand(line.replace(/^\s*\$\s*/, ''));
      if (what) return { message: `section "${d.section.title}" tells users how to run what the project publishes (${what})`, file: d.file.path, line: d.section.line + 1 };
    }
  }
  return undefined;
}

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
    const sections = sectionsTitled(ws, projectDocs(ws).filter((p) => !/(?:^|\/)SECURITY[^/]*$/i.test(p)), SECTION).filter((d) => !NOT_DEPLOYMENT.test(d.section.title));
    const filled = sections.find((d) => sectionFilled(d.section, MIN_SECTION_WORDS).filled);
    if (filled) return outcome.pass([sectionEvidence(filled)]);
    // A deployment section that sends the reader to the deployment documentation kept elsewhere (a site, a
    // deployment repository) documents deployment: the steps are written down, just not in this repository.
    for (const d of sections) {
      if (!/deploy/i.test(d.section.title) || d.section.todos > 0) continue;
      const link = /https?:\/\/[^\s)>\]]+/.exec(sectionText(d));
      if (link) return outcome.pass([sectionEvidence(d, `section "${d.section.title}" points to the deployment documentation at ${link[0]}`)]);
    }
    // Software its users deploy themselves documents deployment as the instructions to run what it publishes.
    const run = publishedRunInstructions(ws);
    if (run) return outcome.pass([run]);
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
