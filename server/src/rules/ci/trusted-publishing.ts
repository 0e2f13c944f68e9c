/**
 * ci/trusted-publishing: packages are published to PyPI, npm, RubyGems, crates.io and NuGet with
 * Trusted Publishing (a short-lived OIDC token the registry trusts for this repository and
 * workflow), not with a long-lived API token stored as a secret. A stolen token publishes anything
 * until someone revokes it; a trusted-publishing token lives minutes and only for this workflow.
 * Findings (zizmor's `use-trusted-publishing`): a publishing action given a token (`password:`,
 * `api-token:`, `setup-trusted-publisher: false`, setup-node `always-auth`), and a publish command
 * (`npm publish`, `twine upload`, `cargo publish`, `gem push`, `nuget push`...) in a job that either
 * passes a registry token or cannot mint an OIDC token (no `id-token: write`).
 */
import type { FileRule, RuleFinding } from '../../core/types';
import type { Node } from 'yaml';
import { actionSlug, pairOf, rangeInNode, stepScripts, workflowOf } from '../lib/workflow';
import { hasIdToken, stepEnv } from '../lib/workflow-release';
import { isMap } from 'yaml';

interface Command { re: RegExp; registry: string; token: RegExp }

/** Publish commands, the registry they publish to, and the environment variables that carry its token. */
const COMMANDS: Command[] = [
  { re: /\b(?:npm|pnpm|bun|yarn\s+npm)\s+publish\b[^\n;&|]*/, registry: 'npm', token: /^(NODE_AUTH_TOKEN|NPM_TOKEN|NPM_AUTH_TOKEN|YARN_NPM_AUTH_TOKEN|BUN_AUTH_TOKEN)$/ },
  { re: /\bcargo(?:\s+\+\S+)?(?:\s+(?:\\|`)?\s*)+publish\b/, registry: 'crates.io', token: /^CARGO_REGISTRY_TOKEN$/ },
  { re: /\btwine\s+upload\b|\b(?:uv|poetry|hatch|flit|pdm)\s+publish\b/, registry: 'PyPI', token: /^(TWINE_PASSWORD|UV_PUBLISH_TOKEN|UV_PUBLISH_PASSWORD|POETRY_PYPI_TOKEN_PYPI|HATCH_INDEX_AUTH|FLIT_PASSWORD|PDM_PUBLISH_PASSWORD)$/ },
  { re: /\bgem\s+push\b/, registry: 'RubyGems', token: /^(GEM_HOST_API_KEY|RUBYGEMS_API_KEY)$/ },
  { re: /\b(?:dotnet\s+)?nuget\s+push\b/, registry: 'NuGet', token: /^(NUGET_API_KEY|NUGET_AUTH_TOKEN)$/ },
];

/** Action inputs that hand a publishing action a long-lived credential. */
const ACTION_TOKENS: Record<string, { input: string; registry: string; when?: (v: unknown) => boolean }[]> = {
  'pypa/gh-action-pypi-publish': [{ input: 'password', registry: 'PyPI' }],
  'rubygems/release-gem': [{ input: 'setup-trusted-publisher', registry: 'RubyGems', when: (v) => v === false || String(v) === 'false' }],
  'rubygems/configure-rubygems-credentials': [{ input: 'api-token', registry: 'RubyGems' }],
  'actions/setup-node': [{ input: 'always-auth', registry: 'npm', when: (v) => v === true || String(v) === 'true' }],
};

export const rule: FileRule = {
  id: 'ci/trusted-publishing',
  category: 'ci-cd',
  severity: 'medium',
  level: 'production',
  title: 'Packages are published with Trusted Publishing, not long-lived tokens',
  rationale: 'A registry token stored as a secret publishes anything until it is revoked; Trusted Publishing gives each run a token that lives minutes and only works for this repository\'s workflow.',
  related: [{ tool: 'zizmor', id: 'use-trusted-publishing' }],
  scope: 'file',
  kinds: ['workflow'],
  examines: (file) => { const wf = workflowOf(file); return !!wf && wf.jobs.some((j) => j.steps.some((s) => (!!ACTION_TOKENS[actionSlug(s)] && (actionSlug(s) !== 'actions/setup-node' || String(s.with['always-auth']) === 'true')) || (s.run !== undefined && COMMANDS.some((c) => { const m = c.re.exec(s.run!); return !!m && !/--dry-run\b/.test(m[0]); })))); },
  examinesWhat: 'a step that publishes a package (npm, PyPI, RubyGems, crates.io, NuGet)',
  checkFile(file) {
    const wf = workflowOf(file);
    if (!wf) return [];
    const findings: RuleFinding[] = [];
    for (const job of wf.jobs) {
      const oidc = hasIdToken(wf, job);
      for (const step of job.steps) {
        const slug = actionSlug(step);
        for (const t of ACTION_TOKENS[slug] ?? []) {
          const v = step.with[t.input];
          if (v === undefined || (t.when && !t.when(v))) continue;
          const node = isMap(step.withNode) ? (pairOf(step.withNode, t.input)?.key as Node | undefined) : undefined;
          findings.push({ message: `${slug} publishes to ${t.registry} with a manually configured credential (\`${t.input}\`): configure a Trusted Publisher for this workflow on ${t.registry}, grant \`id-token: write\` and drop the token`, range: file.yamlRange(node ?? step.usesNode) });
        }
        if (step.run === undefined) continue;
        let env: Record<string, unknown> | undefined;
        for (const script of stepScripts(step)) {
          for (const c of COMMANDS) {
            const m = c.re.exec(script);
            if (!m || /--dry-run\b/.test(m[0])) continue;
            const stepEnvs = (env ??= stepEnv(wf, job, step));
            const tokenVar = Object.keys(stepEnvs).find((k) => c.token.test(k) && /\$\{\{\s*secrets\./.test(String(stepEnvs[k])));
            const inline = /--token\b|--api-key\b|\s-k\s|__token__|-p\s+\$|--password\b/.test(script);
            if (oidc && !tokenVar && !inline) continue;
            const why = tokenVar ? `with the long-lived token in \`${tokenVar}\`` : inline ? 'with a token passed on the command line' : 'in a job without `id-token: write`, so only a long-lived token can authenticate it';
            findings.push({ message: `\`${m[0].trim().replace(/\s+/g, ' ').slice(0, 60)}\` publishes to ${c.registry} ${why}: configure a Trusted Publisher for this workflow on ${c.registry}, grant \`id-token: write\` and drop the token`, range: rangeInNode(file, step.runNode, m[0].split('\n')[0].trimEnd()) });
          }
        }
      }
    }
    return findings;
  },
};
