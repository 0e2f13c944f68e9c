/**
 * Which checks give evidence for a roadmap item, as data: a table of keyword patterns and the rule
 * ids (or `area/*` globs, or `category:<id>`) they stand for. "Create multi-stage Dockerfile" maps to
 * the multi-stage rule, "Add .env.example" to its rule, "Prometheus + Grafana" to the metrics and
 * dashboard rules. Specific entries win over broad ones; an item that matches nothing stays a
 * manual item, never a guess.
 *
 * Every id and glob here is resolved against the live registry, and a test fails when one names no
 * rule, so the table cannot drift from the catalogue.
 */
import type { CategoryId, FileKind, Rule } from '../core/types';
import type { RoadmapItem } from './parse';

/** One row of the mapping table. */
export interface MappingEntry {
  /** What the entry stands for, in messages ("the Dockerfile"). */
  topic: string;
  /** Tested on the item's lower-cased words. */
  match: RegExp;
  /** The entry does not apply when this also matches ("container scanning" is not the hardened Dockerfile). */
  unless?: RegExp;
  /** Rule ids, `area/*` globs or `category:<id>`. */
  rules: string[];
  /** Broad entries count only when no specific entry matches. */
  broad?: boolean;
  /** Files whose absence alone contradicts an item marked done. */
  requires?: { kinds: FileKind[]; what: string };
}

const DOCKERFILE = { kinds: ['dockerfile'] as FileKind[], what: 'Dockerfile' };

/** The mapping table, most specific first. */
export const MAPPING: MappingEntry[] = [
  // Containers.
  { topic: 'the multi-stage Dockerfile', match: /multi[- ]?stage/, rules: ['docker/multi-stage-build'], requires: DOCKERFILE },
  { topic: 'the non-root container user', match: /non[- ]?root|runs? as root|root user|unprivileged user/, rules: ['docker/non-root-user', 'k8s/run-as-non-root'] },
  { topic: 'the container health check', match: /(docker|container|image|compose).*health ?check|health ?check.*(docker|container|image|compose)|healthcheck instruction/, rules: ['docker/healthcheck', 'compose/healthcheck'] },
  { topic: 'pinned images', match: /(base image|image).*(pin|digest)|pin.*(base )?image/, rules: ['docker/base-image-pinned', 'compose/image-pinned', 'k8s/image-pinned'] },
  { topic: '.dockerignore', match: /\.?dockerignore|docker ignore/, rules: ['dockerignore/*'] },
  { topic: 'the hardened Dockerfile', match: /(harden|secur|best practice|production[- ]grade|production dockerfile|optimi[sz]).*(docker|container)|(docker|container).*(harden|secur|best practice|optimi[sz])/, unless: /scan|trivy|grype/, rules: ['docker/*', 'dockerignore/*'], requires: DOCKERFILE },
  { topic: 'Docker Compose', match: /docker[- ]compose|compose file|compose\.ya?ml/, rules: ['compose/*'] },
  { topic: 'Kubernetes probes', match: /liveness|readiness probes?|k8s probes|kubernetes probes/, rules: ['k8s/probes', 'observability/readiness-endpoint'] },
  { topic: 'resource limits', match: /resource (limits|requests|quotas)|memory limits?|cpu limits?/, rules: ['k8s/resources', 'compose/resource-limits'] },
  { topic: 'restart policies', match: /restart polic|auto-?restart|restart on (crash|failure)/, rules: ['compose/restart-policy'] },
  { topic: 'the Kubernetes manifests', match: /kubernetes|\bk8s\b|\bhelm\b|\bpods?\b/, rules: ['k8s/*'] },
  // CI/CD.
  { topic: 'tests in CI', match: /(\bci\b|ci\/cd|pipeline|workflow|github actions|gitlab|on (every )?(pr|pull request|push)).*\btest|\btest.*(\bci\b|pipeline|workflow|on (every )?(pr|pull request|push))|automated test(s|ing)? on|tests? run(s)? (automatically|on every)/, rules: ['ci/runs-tests'] },
  { topic: 'lint in CI', match: /(\bci\b|pipeline|workflow).*(\blint|type ?check)|(\blint(ing)?|type ?check(ing)?) (in|on) (ci|every)/, rules: ['ci/runs-lint'] },
  { topic: 'the linter', match: /\blint(er|ing)?\b|eslint|ruff|flake8|pylint|golangci|rubocop|static analysis/, rules: ['quality/linter'] },
  { topic: 'the formatter', match: /formatt(ing|er)|prettier|\bblack\b|gofmt|rustfmt/, rules: ['quality/formatter'] },
  { topic: 'strict type checking', match: /type ?check|strict (mode|types|typescript)|typescript strict|mypy/, rules: ['quality/strict-types'] },
  { topic: 'pre-commit hooks', match: /pre-?commit|husky|lint-staged|git hooks/, rules: ['quality/pre-commit'] },
  { topic: 'the pinned Node.js version', match: /\.nvmrc|node(\.js)? version|pin(ned)? node/, rules: ['quality/node-version-pinned'] },
  { topic: '.editorconfig', match: /editorconfig/, rules: ['quality/editorconfig'] },
  { topic: 'the image build in CI', match: /(ci|pipeline|workflow).*(build|push)(ing|s)? (the |a )?(docker |container )?images?\b|image build(s|ing)?|(build|push)(ing|s)? (and push(ing)? )?(the |a )?(docker |container )images?|container registry|build verification/, rules: ['ci/builds-image'] },
  { topic: 'CI quality gates', match: /quality gates?|coverage gate|fail(s)? the build/, rules: ['ci/quality-gates'] },
  { topic: 'protected deployments', match: /approval gates?|protected environment|deploy(ment)?s? (to|in) (staging|production)|(staging|production) deploy/, rules: ['ci/deploy-uses-environment'] },
  { topic: 'pinned actions', match: /pin.*actions?|actions?.*pinned|commit sha/, rules: ['ci/actions-pinned-sha'] },
  { topic: 'CI on pull requests', match: /pull requests?|\bprs?\b/, rules: ['ci/runs-on-pull-request'] },
  { topic: 'the CI pipeline', match: /\bci\b|ci\/cd|continuous integration|pipeline|github actions|gitlab ci|workflows?\b|automated (build|deploy)/, rules: ['ci/workflow-present'], broad: true },
  // Testing.
  { topic: 'the coverage threshold', match: /coverage/, rules: ['testing/coverage-threshold'] },
  { topic: 'end-to-end tests', match: /\be2e\b|end[- ]to[- ]end|playwright|cypress|selenium/, rules: ['testing/e2e'] },
  { topic: 'integration tests', match: /integration test/, rules: ['testing/integration-tests'] },
  { topic: 'load tests', match: /load[- ]test|stress[- ]test|performance test|soak test|\bk6\b|jmeter|locust|artillery|gatling/, rules: ['performance/load-tests'] },
  { topic: 'benchmarks', match: /benchmark/, rules: ['performance/benchmarks'] },
  { topic: 'the test suite', match: /\btests?\b|testing|test suite|unit test|spec(s)?\b/, rules: ['testing/tests-present', 'testing/test-command'], broad: true },
  // Observability.
  { topic: 'metrics', match: /prometheus|metrics?\b|opentelemetry|\botel\b|statsd/, rules: ['observability/metrics'] },
  { topic: 'dashboards', match: /grafana|dashboards?/, rules: ['observability/dashboards'] },
  { topic: 'alerting', match: /alert(s|ing|manager)?\b|pagerduty|opsgenie/, rules: ['observability/alert-rules'] },
  { topic: 'error tracking', match: /sentry|error tracking|rollbar|bugsnag|error aggregation/, rules: ['observability/error-tracking'] },
  { topic: 'structured logging', match: /structured log|json log|log levels|log format|correlation id|request id|logging/, rules: ['observability/structured-logging'] },
  { topic: 'the readiness endpoint', match: /readiness (endpoint|check)|\/ready\b|\/readyz|\/livez/, rules: ['observability/readiness-endpoint'] },
  { topic: 'the health endpoint', match: /health ?(check|endpoint|probe)s?|\/health/, rules: ['observability/health-endpoint'] },
  { topic: 'monitoring', match: /monitor|observab|tracing|telemetry|\bapm\b/, rules: ['category:observability'], broad: true },
  // Operations and documentation.
  { topic: 'the runbook', match: /runbook|playbook|operations guide|operator guide|troubleshoot/, rules: ['ops/runbook'] },
  { topic: 'incident response', match: /incident|escalation|post-?mortem|on-?call/, rules: ['ops/incident-response'] },
  { topic: 'deployment documentation', match: /deploy(ment)? (guide|doc|procedure|instruction)s?|how to deploy/, rules: ['ops/deployment-docs'] },
  { topic: 'service level objectives', match: /\bslos?\b|service level|error budget|uptime target|\bsla\b/, rules: ['ops/slo'] },
  { topic: 'documented configuration', match: /\.env\.example|env example|environment variables? (are )?(documented|documentation|template)|config(uration)? (is )?documented|document (all )?(required )?environment variables/, rules: ['ops/env-config-documented'] },
  { topic: 'the README', match: /readme|setup instructions|getting started/, rules: ['docs/readme'] },
  { topic: 'architecture documentation', match: /architecture (doc|diagram|overview)|system architecture|\badrs?\b/, rules: ['docs/architecture'] },
  { topic: 'API documentation', match: /api doc|openapi|swagger/, rules: ['docs/api'] },
  { topic: 'the changelog', match: /changelog|release notes/, rules: ['docs/changelog'] },
  { topic: 'contribution guidelines', match: /contribut/, rules: ['docs/contributing'] },
  { topic: 'the licence', match: /\blicen[cs]e\b/, rules: ['docs/license'] },
  { topic: 'documentation', match: /document|\bdocs\b|\bguides?\b/, rules: ['category:documentation'], broad: true },
  // Reliability.
  { topic: 'database migrations', match: /migrations?\b|schema changes/, rules: ['reliability/migrations'] },
  { topic: 'backups', match: /backups?\b|back up/, rules: ['reliability/backups'] },
  { topic: 'tested restores', match: /restores?\b|recovery (test|drill)|dr (test|drill)/, rules: ['reliability/restore-tested'] },
  { topic: 'the disaster recovery plan', match: /disaster|\bdr\b|\brto\b|\brpo\b|failover/, rules: ['reliability/disaster-recovery'] },
  { topic: 'rollback', match: /roll ?back|blue[/ -]green|canary|zero[- ]downtime/, unless: /rollback events?/, rules: ['reliability/rollback'] },
  { topic: 'graceful shutdown', match: /graceful|sigterm/, rules: ['reliability/graceful-shutdown'] },
  // Security.
  { topic: 'the .env.example file', match: /\.env\.example|env example|example env/, rules: ['security/env-example', 'security/env-example-no-values'] },
  { topic: '.gitignore', match: /\.gitignore|git ?ignore/, rules: ['security/gitignore-env'] },
  { topic: 'hard-coded secrets', match: /hard-?coded|secrets? (in|out of) (the )?(code|repo|git)|committed (secrets|\.env)|secrets? to env|credentials? (in|out of) (code|git)/, rules: ['security/no-hardcoded-secrets', 'security/no-committed-env', 'security/no-private-keys'] },
  { topic: 'private keys', match: /private keys?/, rules: ['security/no-private-keys'] },
  { topic: 'the lockfile', match: /lock ?files?|package-lock|yarn\.lock|poetry\.lock|pinned dependencies/, rules: ['security/lockfile'] },
  { topic: 'dependency updates', match: /dependabot|renovate|dependency updates|update (the )?dependencies|keep dependencies/, rules: ['security/dependency-updates'] },
  { topic: 'dependency scanning', match: /(dependenc(y|ies)|vulnerabilit(y|ies)|npm audit|snyk|pip-audit|osv|\bcve).*(scan|audit|check)|(scan|audit)(ning)? .*(dependenc|vulnerab)|vulnerability (scan|management)/, rules: ['security/dependency-scanning-ci'] },
  { topic: 'static security analysis', match: /\bsast\b|codeql|semgrep|sonar(qube|cloud)?|static (security|application security) (analysis|testing)/, rules: ['security/sast-ci'] },
  { topic: 'container scanning', match: /(container|image|docker).*(scan|trivy|grype)|trivy|grype/, rules: ['security/container-scanning-ci'] },
  { topic: 'the security policy', match: /security\.md|security policy|vulnerability disclosure|report(ing)? (a )?vulnerabilit/, rules: ['security/policy'] },
  { topic: 'security headers', match: /security headers|helmet|\bhsts\b|x-frame|\bcsp\b|content security policy|unsafe-inline|unsafe-eval/, rules: ['security/http-headers', 'security/csp-no-unsafe'] },
  { topic: 'rate limiting', match: /rate[- ]?limit/, rules: ['security/rate-limiting'] },
  // Broad areas: existence only. Performance, reliability and security work too vague for a finer
  // entry ("connection pooling optimized") stays a manual item rather than a guess.
  { topic: 'the container image', match: /docker ?file|containeri[sz](e|ation)|container image|docker image|docker configuration|\bdocker\b/, unless: /swarm|compose/, rules: ['docker/dockerfile-present'], broad: true, requires: DOCKERFILE },
];

/** Category names as teams write them in scorecards, most specific first. */
export const CATEGORY_LABELS: { match: RegExp; category: CategoryId }[] = [
  { match: /disaster|recovery|\bdr\b|backup|availability|reliab|resilien|failover/i, category: 'reliability' },
  { match: /monitor|observ|logging|metrics|alert|tracing|telemetry/i, category: 'observability' },
  { match: /perform|load|scal|latency|capacity/i, category: 'performance' },
  { match: /runbook|operat|incident|on-?call/i, category: 'operations' },
  { match: /\bdocs?\b|document/i, category: 'documentation' },
  { match: /test|\bqa\b|quality assurance/i, category: 'testing' },
  { match: /secur|auth|secret|vulnerab|compliance/i, category: 'security' },
  { match: /ci\s*\/\s*cd|\bci\b|\bcd\b|pipeline|deploy|build|release|automation/i, category: 'ci-cd' },
  { match: /container|docker|image|infrastructure|\binfra\b|kubernetes|k8s/i, category: 'containers' },
  { match: /code quality|quality|lint|maintainab|static analysis/i, category: 'quality' },
];

/** The category a scorecard label names, or undefined. */
export function categoryOfLabel(label: string): CategoryId | undefined {
  return CATEGORY_LABELS.find((c) => c.match.test(label))?.category;
}

/** The registry view the mapping needs: ids and categories of the known rules. */
export type Registry = ReadonlyMap<string, CategoryId>;

/** Builds the registry view from a rule list. */
export function registryOf(rules: readonly Pick<Rule, 'id' | 'category'>[]): Registry {
  return new Map(rules.map((r) => [r.id, r.category]));
}

/** Expands one reference (id, `area/*`, `category:<id>`) into the rule ids it names in the registry. */
export function expandRef(ref: string, registry: Registry): string[] {
  if (ref.startsWith('category:')) {
    const cat = ref.slice('category:'.length);
    return [...registry].filter(([id, c]) => c === cat && !id.startsWith('roadmap/')).map(([id]) => id);
  }
  if (ref.endsWith('/*')) {
    const prefix = ref.slice(0, -1);
    return [...registry.keys()].filter((id) => id.startsWith(prefix));
  }
  return registry.has(ref) ? [ref] : [];
}

/** What an item maps to. */
export interface ItemMapping {
  rules: string[];
  topics: string[];
  requires?: MappingEntry['requires'];
  /** `refs`: the line names rule ids; `text`/`detail`: matched by the table; `none`: unmapped. */
  via: 'refs' | 'text' | 'detail' | 'manual' | 'none';
}

/** Matches one text against the table: the specific entries that match, else the broad ones. */
export function matchEntries(text: string, table: MappingEntry[] = MAPPING): MappingEntry[] {
  const t = text.toLowerCase();
  const hits = table.filter((e) => e.match.test(t) && !e.unless?.test(t));
  const specific = hits.filter((e) => !e.broad);
  return specific.length > 0 ? specific : hits;
}

/** Maps an item to the rules that give evidence for it. */
export function mapItem(item: RoadmapItem, registry: Registry, table: MappingEntry[] = MAPPING): ItemMapping {
  if (item.manual) return { rules: [], topics: [], via: 'manual' };
  if (item.refs.length > 0) {
    const rules = item.refs.flatMap((r) => expandRef(r, registry));
    if (rules.length > 0) return { rules: [...new Set(rules)], topics: item.refs, via: 'refs' };
  }
  // "❌ No metrics collection" is about metrics collection.
  const subject = item.text.replace(/^(no|not|missing|without|lacks?|lacking)\s+/i, '');
  const resolve = (entries: MappingEntry[]) => [...new Set(entries.flatMap((e) => e.rules.flatMap((r) => expandRef(r, registry))))];
  const own = matchEntries(subject, table).filter((e) => resolve([e]).length > 0);
  const nested = item.detail.trim() ? matchEntries(item.detail, table).filter((e) => !e.broad && resolve([e]).length > 0) : [];
  // "Docker Configuration" with nested "Multi-stage builds", "Health checks" is about those too.
  const entries = own.length > 0 && own.every((e) => e.broad) ? [...own, ...nested] : own.length > 0 ? own : nested;
  if (entries.length === 0) return { rules: [], topics: [], via: 'none' };
  const requires = entries.find((e) => e.requires)?.requires;
  return { rules: resolve(entries), topics: entries.map((e) => e.topic), ...(requires ? { requires } : {}), via: own.length > 0 ? 'text' : 'detail' };
}
