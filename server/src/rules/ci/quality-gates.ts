/**
 * ci/quality-gates: CI enforces at least one quality gate that can fail a build: a coverage threshold
 * (--cov-fail-under, fail_under, --check-coverage, jest coverageThreshold, codecov fail_ci_if_error,
 * a Sonar quality gate) or a dependency vulnerability audit (npm audit, pip-audit, govulncheck, cargo
 * audit, dependency-review-action, trivy, ...). Gates with `continue-on-error` or `|| true` do not count.
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import { outcome } from '../lib/util';
import { findSteps, hitEvidence, otherCiFiles, otherCiHits, type CommandSpec } from '../lib/ci-steps';
import { TEST_SPEC } from './runs-tests';
import { activeWorkflows, mayContinue } from '../lib/workflow';

const COVERAGE: CommandSpec = {
  re: /--coverage-?threshold\b|--coverageThreshold\b|--cov-fail-under\b|\bfail[_-]under\b|--check-coverage\b|--fail-under(?:-lines|-functions|-regions)?\b|--min-coverage\b|\bjacoco(?::check|TestCoverageVerification)\b|\bkoverVerify\b|\bgo-test-coverage\b|\/p:Threshold=|qualitygate\.wait=true/i,
  actions: /^(sonarsource\/sonarqube-quality-gate-action|vladopajic\/go-test-coverage)$/,
};
const AUDIT: CommandSpec = {
  re: /\b(?:npm|pnpm|bun)\s+audit\b|\byarn\s+(?:npm\s+)?audit\b|\bpip-audit\b|\bsafety\s+(?:check|scan)\b|\bgovulncheck\b|\bcargo\s+(?:audit|deny)\b|\bbundle(?:r)?[\s-]audit\b|\bosv-scanner\b|\bsnyk\s+test\b|\btrivy\s+(?:fs|repo|image|rootfs)\b|\bgrype\b|\bdependency-check\b|\bcomposer\s+audit\b|\bmix\s+deps\.audit\b|\baudit-ci\b|\bdotnet\s+list\s+package\s+--vulnerable\b/,
  actions: /^(actions\/dependency-review-action|aquasecurity\/trivy-action|snyk\/actions\/[\w-]+|anchore\/scan-action|google\/osv-scanner-action(\/[\w-]+)*|pypa\/gh-action-pip-audit|golang\/govulncheck-action|rustsec\/audit-check|actions-rs\/audit-check|dependency-check\/dependency-check_action)$/,
};
/** Coverage thresholds kept in configuration files, which count when a workflow runs the tests. */
const CONFIG_GATES: { paths: string[]; re: RegExp }[] = [
  { paths: ['package.json', 'jest.config.js', 'jest.config.ts', 'jest.config.cjs', 'jest.config.mjs', 'jest.config.json'], re: /coverageThreshold/ },
  { paths: ['vitest.config.ts', 'vitest.config.js', 'vitest.config.mts', 'vite.config.ts', 'vite.config.js'], re: /thresholds\s*:/ },
  { paths: ['.nycrc', '.nycrc.json', '.nycrc.yml', '.c8rc', '.c8rc.json'], re: /check-coverage/ },
  { paths: ['.coveragerc', 'setup.cfg', 'tox.ini', 'pyproject.toml', 'pytest.ini'], re: /\bfail_under\b|--cov-fail-under/ },
  { paths: ['.simplecov'], re: /minimum_coverage/ },
  { paths: ['codecov.yml', '.codecov.yml'], re: /\btarget\s*:\s*\d/ },
];

export const rule: WorkspaceRule = {
  id: 'ci/quality-gates',
  category: 'ci-cd',
  severity: 'medium',
  level: 'production',
  title: 'CI enforces a coverage threshold or a dependency audit',
  rationale: 'Coverage thresholds and vulnerability audits only protect a codebase when they can fail the build; a report nobody reads is not a gate.',
  scope: 'workspace',
  requires: ['ci/workflow-present'],
  check({ ws }) {
    const wfs = activeWorkflows(ws);
    if (wfs.length === 0 && otherCiFiles(ws).length === 0) return outcome.fail([{ message: 'no GitHub Actions workflow enforces a quality gate: add CI first (see ci/workflow-present)', file: null }]);
    const enforced = (h: { step: { continueOnError: unknown; run?: string }; job: { continueOnError: unknown } }) =>
      !mayContinue(h.step.continueOnError) && !mayContinue(h.job.continueOnError) && !/\|\|\s*(?:true|exit\s+0)\b/.test(h.step.run ?? '');
    const coverage = findSteps(ws, wfs, COVERAGE);
    const audits = findSteps(ws, wfs, AUDIT);
    const codecov = wfs.flatMap((wf) => wf.jobs.flatMap((job) => job.steps.filter((s) => /^codecov\/codecov-action$/i.test((s.uses ?? '').split('@')[0]) && String(s.with.fail_ci_if_error) === 'true').map((step) => ({ wf, job, step, what: 'codecov with fail_ci_if_error', line: wf.file.yamlRange(step.node).start.line }))));
    const gates = [...coverage, ...codecov, ...audits].filter(enforced);
    const evidence: Evidence[] = [...hitEvidence(gates, 'quality gate'), ...otherCiHits(ws, COVERAGE, 'coverage gate', 3), ...otherCiHits(ws, AUDIT, 'dependency audit', 3)];
    const tested = findSteps(ws, wfs, TEST_SPEC).length > 0 || otherCiHits(ws, TEST_SPEC, '', 1).length > 0;
    for (const g of tested ? CONFIG_GATES : []) {
      for (const p of g.paths) {
        const f = ws.exists(p) ? ws.read(p) : undefined;
        const m = f && g.re.exec(f.text);
        if (m && f) evidence.push({ message: `coverage threshold in ${p}, enforced by the CI test run`, file: p, line: f.positionAt(m.index).line + 1 });
      }
    }
    const lax = [...coverage, ...codecov, ...audits].filter((h) => !enforced(h));
    if (evidence.length > 0) return outcome.pass(evidence.slice(0, 8));
    const note = lax.length > 0 ? ` (${lax[0].what} in ${lax[0].wf.file.path} is not enforced: it may fail without failing the build)` : '';
    return outcome.fail([{
      message: `no CI step enforces a coverage threshold or a dependency audit${note}: add e.g. \`npm audit --audit-level=high\`, \`pip-audit\`, \`govulncheck ./...\` or \`pytest --cov-fail-under=80\``,
      file: null,
    }], hitEvidence(lax, 'not enforced'));
  },
};
