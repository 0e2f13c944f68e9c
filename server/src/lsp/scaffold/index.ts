/**
 * The scaffolder: the files a production repository needs, each adapted to the detected stack. It
 * lists candidates (with whether a file is already there and whether a finding asks for it) and
 * renders the chosen ones. Every file is built by the same rule-side builder as the quick fix of the
 * rule that asks for it, so the command and the quick fix always write the same file. Every file an
 * open finding's "Create…" fix would write is offered too, so the command never offers less than the
 * light bulb. A file is recommended only when an open finding asks for it and its category is on in
 * the manifest (or in the starter manifest the same run writes). It is pure: the server turns the
 * result into a workspace edit that creates files only where none exists, and the client opens them.
 */
import type { Facts } from '../../core/facts';
import type { CategoryId, Report, ScaffoldId } from '../../core/types';
import { parseManifest } from '../../manifest/load';
import { SourceFile } from '../../core/source';
import type { Manifest } from '../../manifest/schema';
import { allRules } from '../../rules';
import type { Workspace } from '../../core/workspace';
import { starterManifest } from '../../manifest/starter';
import { scaffoldStack, scaffoldWorkflow } from '../../rules/lib/ci-scaffold';
import { dockerignoreContent, scaffoldDockerfile } from '../../rules/lib/container-scaffold';
import { projectName } from '../../rules/lib/evidence';
import { runbookScaffold } from '../../rules/ops/runbook';
import { scaffold as disasterRecoveryScaffold } from '../../rules/reliability/disaster-recovery';
import { dependabotConfig } from '../../rules/security/dependency-updates';
import { EXAMPLE_HEADER, exampleLines } from '../../rules/security/env-example';
import { envReads } from '../../rules/lib/env-vars';
import { gitignoreFor } from '../../rules/security/gitignore-env';
import { SECURITY_TEMPLATE } from '../../rules/security/policy';
import { ecosystems } from '../../rules/lib/stacks';
import type { ScaffoldCandidate } from '../../shared/protocol';
import { DEFAULT_MANIFEST_NAME, MANIFEST_NAMES } from '../../core/manifest-names';

/**
 * One file the scaffolder can create. The rules whose findings it answers name it themselves
 * (`RuleMeta.scaffold`), so a template never names a rule.
 */
export interface Template {
  id: ScaffoldId | 'manifest';
  path: string;
  title: string;
  description: string;
  /** Files that already meet the same need (then the template is not recommended). */
  present(ws: Workspace): boolean;
  /**
   * The content, or undefined when the template does not fit the project. `created` holds the files
   * rendered before this one in the same run (the list is ordered so that the Dockerfile comes first).
   */
  render(ws: Workspace, facts: Facts, created: ReadonlyMap<string, string>): string | undefined;
}

const anyOf = (ws: Workspace, globs: string[]) => ws.glob(globs).length > 0;

/** Every template, in the order the picker lists them. */
export const TEMPLATES: readonly Template[] = [
  {
    id: 'manifest',
    path: DEFAULT_MANIFEST_NAME,
    title: DEFAULT_MANIFEST_NAME,
    description: 'The manifest: target level, category targets, rule overrides and waivers',
    present: (ws) => anyOf(ws, [...MANIFEST_NAMES]),
    render: (ws, facts) => starterManifest(projectName(ws), facts),
  },
  {
    id: 'dockerfile',
    path: 'Dockerfile',
    title: 'Dockerfile',
    description: 'Multi-stage build, pinned base image, non-root user, health check',
    present: (ws) => ws.pathsOfKind('dockerfile').length > 0,
    render: (ws, facts) => scaffoldDockerfile(ws, facts)?.content,
  },
  {
    id: 'dockerignore',
    path: '.dockerignore',
    title: '.dockerignore',
    description: 'Keeps secrets, .git and local dependencies out of the build context',
    present: (ws) => ws.exists('.dockerignore'),
    render: (ws, facts) => (ws.pathsOfKind('dockerfile').length > 0 || scaffoldDockerfile(ws, facts) !== undefined ? dockerignoreContent(facts.stacks) : undefined),
  },
  {
    id: 'gitignore',
    path: '.gitignore',
    title: '.gitignore',
    description: 'Ignores dependencies, build output and .env files',
    present: (ws) => ws.exists('.gitignore'),
    render: (_ws, facts) => gitignoreFor(facts),
  },
  {
    id: 'env-example',
    path: '.env.example',
    title: '.env.example',
    description: 'Documents the environment variables the code reads, without values',
    present: (ws) => anyOf(ws, ['.env.example', '.env.sample', '.env.template', '.env.dist']),
    render: (ws) => {
      const reads = envReads(ws);
      return reads.length > 0 ? EXAMPLE_HEADER + exampleLines(reads) : undefined;
    },
  },
  {
    id: 'runbook',
    path: 'docs/RUNBOOK.md',
    title: 'docs/RUNBOOK.md',
    description: 'Deployment, health checks, rollback, troubleshooting, incident response, escalation',
    present: (ws) => anyOf(ws, ['**/runbook*.md', '**/RUNBOOK*.md', '**/runbooks/**/*.md']),
    render: (ws) => runbookScaffold(projectName(ws)),
  },
  {
    id: 'disaster-recovery',
    path: 'docs/DISASTER_RECOVERY.md',
    title: 'docs/DISASTER_RECOVERY.md',
    description: 'RPO/RTO objectives, backups, restore procedure, failover, drills',
    present: (ws) => anyOf(ws, ['**/*disaster*recovery*.md', '**/DR.md', '**/dr.md', '**/backup*.md']),
    render: (ws) => disasterRecoveryScaffold(projectName(ws)),
  },
  {
    id: 'security-policy',
    path: 'SECURITY.md',
    title: 'SECURITY.md',
    description: 'How to report a vulnerability, supported versions, disclosure policy',
    present: (ws) => anyOf(ws, ['SECURITY.md', '.github/SECURITY.md', 'docs/SECURITY.md']),
    render: () => SECURITY_TEMPLATE,
  },
  {
    id: 'ci',
    path: '.github/workflows/ci.yml',
    title: '.github/workflows/ci.yml',
    description: 'Build and test on every pull request, least-privilege token, pinned actions',
    present: (ws) => ws.pathsOfKind('workflow').length > 0,
    render: (ws, facts, created) => {
      const stack = scaffoldStack(facts);
      if (!stack) return undefined;
      return created.has('Dockerfile') ? scaffoldWorkflow(ws, facts, stack, 'Dockerfile') : scaffoldWorkflow(ws, facts, stack);
    },
  },
  {
    id: 'dependabot',
    path: '.github/dependabot.yml',
    title: '.github/dependabot.yml',
    description: 'Weekly dependency, action and base-image updates',
    present: (ws) => anyOf(ws, ['.github/dependabot.yml', '.github/dependabot.yaml', 'renovate.json', 'renovate.json5', '.github/renovate.json', '.renovaterc', '.renovaterc.json']),
    render: (ws, _facts, created) => {
      const ecos = ecosystems(ws);
      if (created.has('Dockerfile') && !ecos.has('docker')) ecos.set('docker', ['/']);
      return dependabotConfig(ecos);
    },
  },
];

const scaffoldOf = new Map(allRules.filter((r) => r.scaffold).map((r) => [r.id, r.scaffold]));

/** The ids of the rules whose findings a template answers. */
export const SCAFFOLDED_RULE_IDS: readonly string[] = [...scaffoldOf.keys()];

/** True when a template answers the findings of a rule: the rule names it as its scaffold. */
export function answers(t: Template, ruleId: string): boolean {
  return scaffoldOf.get(ruleId) === t.id;
}

/** The categories of the rules whose findings a template answers. */
function categoriesOf(t: Template): Set<CategoryId> {
  return new Set(allRules.filter((r) => r.scaffold === t.id).map((r) => r.category));
}

/**
 * The categories turned off for the plan: by the manifest in force, or, when the folder has none, by
 * the starter manifest that scaffolding `manifest` writes (it turns off what cannot apply).
 */
function disabledCategories(ws: Workspace, facts: Facts, manifest: Manifest | undefined): Set<string> {
  const m = manifest ?? (TEMPLATES[0].present(ws) ? undefined : parseManifest(new SourceFile('readiness.yaml', starterManifest(projectName(ws), facts), 'manifest')).manifest);
  return new Set(Object.entries(m?.categories ?? {}).filter(([, c]) => c?.enabled === false).map(([id]) => id));
}

/** The files that open findings' own fixes create, which no template covers: path → [fix title, content, rule id]. */
function fixCreations(ws: Workspace, report: Report | null): Map<string, { title: string; content: string; ruleId: string; category: CategoryId }> {
  const out = new Map<string, { title: string; content: string; ruleId: string; category: CategoryId }>();
  const templated = new Set(TEMPLATES.map((t) => t.path));
  for (const f of report?.findings ?? []) {
    if (f.waived || !f.fix) continue;
    for (const ch of f.fix.changes) {
      if (ch.kind !== 'create' || templated.has(ch.file) || out.has(ch.file) || ws.exists(ch.file)) continue;
      out.set(ch.file, { title: f.fix.title, content: ch.content, ruleId: f.ruleId, category: f.category });
    }
  }
  return out;
}

/** The candidates for a workspace: which files can be created and which a finding asks for. */
export function scaffoldPlan(ws: Workspace, facts: Facts, report: Report | null, manifest?: Manifest): ScaffoldCandidate[] {
  const openRules = new Set((report?.findings ?? []).filter((f) => !f.waived).map((f) => f.ruleId));
  const off = disabledCategories(ws, facts, manifest);
  const out: ScaffoldCandidate[] = [];
  const rendered = new Map<string, string>();
  for (const t of TEMPLATES) {
    const content = t.render(ws, facts, rendered);
    if (content === undefined) continue;
    const exists = ws.exists(t.path);
    if (!exists) rendered.set(t.path, content);
    const cats = categoriesOf(t);
    const turnedOff = cats.size > 0 && [...cats].every((c) => off.has(c));
    const asked = [...openRules].some((id) => answers(t, id));
    const wanted = t.id === 'manifest' ? !t.present(ws) : report ? asked : !t.present(ws);
    out.push({
      id: t.id,
      path: t.path,
      title: t.title,
      description: turnedOff ? `${t.description} (its category is turned off in the manifest)` : t.description,
      exists,
      recommended: !exists && wanted && !turnedOff,
    });
  }
  for (const [file, c] of fixCreations(ws, report)) {
    out.push({ id: `file:${file}`, path: file, title: file, description: `${c.title} (${c.ruleId})`, exists: false, recommended: !off.has(c.category) });
  }
  return out;
}

/**
 * Renders the chosen candidates that fit and whose file does not exist yet: path → content. Ids are
 * template ids, or `file:<path>` for a file an open finding's fix creates (taken from `report`).
 */
export function scaffoldFiles(ws: Workspace, facts: Facts, ids: string[], report: Report | null = null): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of TEMPLATES) {
    if (!ids.includes(t.id) || ws.exists(t.path)) continue;
    const content = t.render(ws, facts, out);
    if (content !== undefined) out.set(t.path, content);
  }
  const fromFixes = fixCreations(ws, report);
  for (const id of ids) {
    if (!id.startsWith('file:')) continue;
    const c = fromFixes.get(id.slice(5));
    if (c && !out.has(id.slice(5))) out.set(id.slice(5), c.content);
  }
  return out;
}

/** The template that answers findings of a rule, when its file is missing. */
export function templateForRule(ws: Workspace, ruleId: string): Template | undefined {
  return TEMPLATES.find((t) => answers(t, ruleId) && !ws.exists(t.path) && !t.present(ws));
}
