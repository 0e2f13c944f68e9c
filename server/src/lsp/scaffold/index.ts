/**
 * The scaffolder: the files a production repository needs, each adapted to the detected stack. It
 * lists candidates (with whether a file is already there and whether a finding asks for it) and
 * renders the chosen ones. It is pure: the server turns the result into a workspace edit that creates
 * files only where none exists, and the client opens them for review.
 */
import type { Facts } from '../../core/facts';
import type { Report } from '../../core/types';
import type { Workspace } from '../../core/workspace';
import type { ScaffoldCandidate } from '../../shared/protocol';
import { dockerfile, dockerignore } from './docker';
import { disasterRecovery, runbook, securityPolicy } from './docs';
import { envExample, gitignore } from './git';
import { ciWorkflow, dependabot } from './github';
import { manifestTemplate } from './manifest';
import { detectProfile, type StackProfile } from './stack';

/** One file the scaffolder can create. */
export interface Template {
  id: string;
  path: string;
  title: string;
  description: string;
  /** Rule ids whose findings this file answers (matched on the id). */
  answers: RegExp;
  /** Files that already meet the same need (then the template is not recommended). */
  present(ws: Workspace): boolean;
  /** The content, or undefined when the template does not fit the project. */
  render(p: StackProfile, ws: Workspace): string | undefined;
}

const anyOf = (ws: Workspace, globs: string[]) => ws.glob(globs).length > 0;

/** Every template, in the order the picker lists them. */
export const TEMPLATES: readonly Template[] = [
  {
    id: 'manifest',
    path: 'readiness.yaml',
    title: 'readiness.yaml',
    description: 'The manifest: target level, category targets, rule overrides and waivers',
    answers: /(?!)/,
    present: (ws) => anyOf(ws, ['readiness.yaml', 'readiness.yml', '.readiness.yaml', '.readiness.yml']),
    render: (p) => manifestTemplate(p),
  },
  {
    id: 'dockerfile',
    path: 'Dockerfile',
    title: 'Dockerfile',
    description: 'Multi-stage build, pinned base image, non-root user, health check',
    answers: /^docker\/dockerfile-present$/,
    present: (ws) => ws.pathsOfKind('dockerfile').length > 0,
    render: (p) => dockerfile(p),
  },
  {
    id: 'dockerignore',
    path: '.dockerignore',
    title: '.dockerignore',
    description: 'Keeps secrets, .git and local dependencies out of the build context',
    answers: /^dockerignore\//,
    present: (ws) => ws.exists('.dockerignore'),
    render: (p, ws) => (ws.pathsOfKind('dockerfile').length > 0 || p.stack !== 'generic' ? dockerignore(p) : undefined),
  },
  {
    id: 'gitignore',
    path: '.gitignore',
    title: '.gitignore',
    description: 'Ignores dependencies, build output and .env files',
    answers: /gitignore|env-committed|dotenv-ignored/,
    present: (ws) => ws.exists('.gitignore'),
    render: (p) => gitignore(p),
  },
  {
    id: 'env-example',
    path: '.env.example',
    title: '.env.example',
    description: 'Documents the environment variables the code reads, without values',
    answers: /^ops\/env-config-documented$|env-example/,
    present: (ws) => anyOf(ws, ['.env.example', '.env.sample', '.env.template', '.env.dist']),
    render: (p) => envExample(p),
  },
  {
    id: 'runbook',
    path: 'docs/RUNBOOK.md',
    title: 'docs/RUNBOOK.md',
    description: 'Deployment, health checks, rollback, troubleshooting, incident response, escalation',
    answers: /^ops\/(runbook|incident-response)$/,
    present: (ws) => anyOf(ws, ['**/runbook*.md', '**/RUNBOOK*.md', '**/runbooks/**/*.md']),
    render: (p) => runbook(p),
  },
  {
    id: 'disaster-recovery',
    path: 'docs/DISASTER_RECOVERY.md',
    title: 'docs/DISASTER_RECOVERY.md',
    description: 'RPO/RTO objectives, backups, restore procedure, failover, drills',
    answers: /^reliability\/(disaster-recovery|backups)$/,
    present: (ws) => anyOf(ws, ['**/*disaster*recovery*.md', '**/DR.md', '**/dr.md', '**/backup*.md']),
    render: (p) => disasterRecovery(p),
  },
  {
    id: 'security-policy',
    path: 'SECURITY.md',
    title: 'SECURITY.md',
    description: 'How to report a vulnerability, supported versions, disclosure policy',
    answers: /security-policy|security\/policy|security-md/,
    present: (ws) => anyOf(ws, ['SECURITY.md', '.github/SECURITY.md', 'docs/SECURITY.md']),
    render: (p) => securityPolicy(p),
  },
  {
    id: 'ci',
    path: '.github/workflows/ci.yml',
    title: '.github/workflows/ci.yml',
    description: 'Build and test on every pull request, least-privilege token, pinned actions',
    answers: /^ci\/workflow-present$/,
    present: (ws) => ws.pathsOfKind('workflow').length > 0,
    render: (p, ws) => ciWorkflow(p, ws.pathsOfKind('dockerfile')[0] ?? (dockerfile(p) !== undefined ? 'Dockerfile' : undefined)),
  },
  {
    id: 'dependabot',
    path: '.github/dependabot.yml',
    title: '.github/dependabot.yml',
    description: 'Weekly dependency, action and base-image updates',
    answers: /dependabot|dependency-update|renovate/,
    present: (ws) => anyOf(ws, ['.github/dependabot.yml', '.github/dependabot.yaml', 'renovate.json', 'renovate.json5', '.github/renovate.json', '.renovaterc', '.renovaterc.json']),
    render: (p, ws) => dependabot(p, ws.pathsOfKind('dockerfile').length > 0 || p.stack !== 'generic'),
  },
];

/** The candidates for a workspace: which files can be created and which a finding asks for. */
export function scaffoldPlan(ws: Workspace, facts: Facts, report: Report | null): ScaffoldCandidate[] {
  const profile = detectProfile(ws, facts);
  const openRules = new Set((report?.findings ?? []).filter((f) => !f.waived).map((f) => f.ruleId));
  const out: ScaffoldCandidate[] = [];
  for (const t of TEMPLATES) {
    if (t.render(profile, ws) === undefined) continue;
    const exists = ws.exists(t.path);
    const asked = [...openRules].some((id) => t.answers.test(id));
    out.push({ id: t.id, path: t.path, title: t.title, description: t.description, exists, recommended: !exists && (asked || !t.present(ws)) });
  }
  return out;
}

/** Renders the chosen templates that fit and whose file does not exist yet: path → content. */
export function scaffoldFiles(ws: Workspace, facts: Facts, ids: string[]): Map<string, string> {
  const profile = detectProfile(ws, facts);
  const out = new Map<string, string>();
  for (const t of TEMPLATES) {
    if (!ids.includes(t.id) || ws.exists(t.path)) continue;
    const content = t.render(profile, ws);
    if (content !== undefined) out.set(t.path, content);
  }
  return out;
}

/** The template that answers findings of a rule, when its file is missing. */
export function templateForRule(ws: Workspace, ruleId: string): Template | undefined {
  return TEMPLATES.find((t) => t.answers.test(ruleId) && !ws.exists(t.path) && !t.present(ws));
}
