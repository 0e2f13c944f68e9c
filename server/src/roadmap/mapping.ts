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
import type { RoadmapItem } from './items';

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
  { topic: 'the Kubernetes manifests', match: /kubernetes|\bk8s\b|\bhelm\b|\bpods?\b/, rules: ['k8s/probes', 'k8s/resources', 'k8s/run-as-non-root', 'k8s/image-pinned', 'k8s/no-privileged', 'k8s/no-privilege-escalation', 'k8s/read-only-root-filesystem'] },
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
  // The seeds' whole checklist (authentication, transport, input, availability, configuration,
  // data, ownership): one entry per check, matched on the words teams use for it.
  { topic: 'authentication', match: /authenticat|\blog ?in\b|login page|\bjwt\b|oauth|\bsso\b|single sign[- ]on|api[- ]keys?\b|\bsign[- ]?in\b|unauthori[sz]ed access|\bauth\b/, unless: /workflow|github actions|\bci\b|registry/, rules: ['security/authentication'] },
  { topic: 'authorization', match: /authori[sz]ation|\brbac\b|role[- ]based|user roles|roles?\/permissions|\bpermissions?\b|access control|admin users/, unless: /workflow|github actions|\bci\b|token permissions|file permissions/, rules: ['security/authorization'] },
  { topic: 'session cookies', match: /session (management|cookies?|handling|security|fixation|timeouts?)|\bhttponly\b|secure cookies?|cookie (flags|security|settings)/, rules: ['security/session-cookies'] },
  { topic: 'TLS certificate verification', match: /certificate (verification|validation)|verify=false|rejectunauthorized|insecureskipverify|(tls|ssl) verification/, rules: ['security/tls-verification'] },
  { topic: 'HTTPS', match: /\bhttps\b|(ssl|tls)(\/(ssl|tls))? (termination|enforced|everywhere|only|certificates?)|\b(ssl|tls) not enforced|encryption in transit|transport (security|encryption)|redirect (http )?to https|http ?(→|->|to) ?https|cert-manager|let'?s ?encrypt/, unless: /database|\bdb\b|connection encryption|postgres|mysql/, rules: ['security/https-enforced', 'k8s/ingress-tls'] },
  { topic: 'CORS', match: /\bcors\b|cross[- ]origin/, rules: ['security/cors-credentials'] },
  { topic: 'input validation', match: /input validation|validat(e|es|ing|ion) (of )?(all )?(user )?(input|requests?|payloads?|bod(y|ies)|parameters)|request validation|(?:input|data|request|validation) (?:and )?sanitiz|sanitiz(?:e|ation) (?:of )?(?:user )?(?:input|requests?|data)|schema validation|sql injection|\bxss\b|injection attempts|output encoding/, rules: ['security/input-validation'] },
  { topic: 'request size limits', match: /request (body )?size|payload size|body (size )?limits?|upload (size )?limits?|max(imum)? (request|body|upload) size/, rules: ['security/request-size-limit'] },
  { topic: 'replicas', match: /multi[- ]instance|multiple (instances|replicas|api containers)|horizontal(ly)? scal|scal(e|ing) out|single instance|service replication|load distribution|replicas\b/, unless: /database|\bdb\b|read replicas|postgres/, rules: ['k8s/replicas', 'k8s/autoscaling'] },
  { topic: 'high availability', match: /high[- ]availability|\bha\b|redundan|no single point of failure|zero[- ]downtime|self[- ]healing/, unless: /database|\bdb\b/, rules: ['k8s/replicas', 'k8s/pod-disruption-budget', 'k8s/spread'] },
  { topic: 'autoscaling', match: /auto-?scal|\bhpa\b|horizontal pod autoscal/, rules: ['k8s/autoscaling'] },
  { topic: 'disruption budgets', match: /disruption budgets?|\bpdbs?\b/, rules: ['k8s/pod-disruption-budget'] },
  { topic: 'topology spread', match: /anti-?affinity|topology spread|spread (across|over) (nodes|zones)|multi-?zone|availability zones/, rules: ['k8s/spread'] },
  { topic: 'ingress TLS', match: /\bingress\b/, rules: ['k8s/ingress-tls'] },
  { topic: 'the secret store', match: /secrets? (management|manager|store)|\bvault\b|sealed[- ]secrets|external[- ]secrets|\bsops\b|(kubernetes|docker) secrets|(should )?use secrets\b|configmaps?\/secrets|credentials in environment/, rules: ['k8s/no-plain-secrets', 'compose/no-literal-secrets', 'security/no-hardcoded-secrets'] },
  { topic: 'default credentials', match: /default (credentials|passwords?|keys?|accounts?|admin)|(rotate|change) default/, rules: ['compose/no-default-credentials', 'k8s/helm-no-default-credentials', 'security/no-hardcoded-secrets'] },
  { topic: 'database connection pooling', match: /connection pool/, rules: ['reliability/db-connection-pool'] },
  { topic: 'outbound timeouts', match: /\btimeouts?\b/, unless: /\bquery\b|database|\bdb\b|\btests?\b|session|idle/, rules: ['reliability/outbound-timeouts'] },
  { topic: 'configuration validation', match: /config(uration)? validation|validat(e|es|ing|ion) (the )?config|config(uration)? (is )?validated|fail fast/, rules: ['ops/config-validated'] },
  { topic: 'configuration from the environment', match: /config(uration)? (via|through|from) (the )?environment|environment[- ]based config|12[- ]factor|twelve[- ]factor/, rules: ['ops/config-validated', 'ops/env-config-documented'] },
  { topic: 'log rotation', match: /log (rotation|retention)|rotat(e|ing) logs|logrotate/, rules: ['observability/log-rotation'] },
  { topic: 'data retention', match: /retention|purg(e|es|ing)\b|archiv(al|e|ing)\b|\bttl\b|time[- ]to[- ]live|lifecycle (polic|rule)|grows? indefinitely|automated cleanup|old data/, unless: /\blogs?\b|backups?|metrics/, rules: ['reliability/data-retention'] },
  { topic: 'personal data', match: /\bpii\b|personal (data|information)|\bgdpr\b|privacy|data protection|\bccpa\b/, unless: /consent|audit log/, rules: ['security/personal-data-documented'] },
  { topic: 'code ownership', match: /codeowners|code ?owners|(service|code|team) ownership|\bownership\b/, rules: ['ops/codeowners'] },
  { topic: 'escalation contacts', match: /escalation|on-?call|contact (information|list|details)|who to (call|page|contact)|communication plan/, rules: ['ops/escalation-contact', 'ops/incident-response'] },
  { topic: 'SLIs and KPIs', match: /\bslis?\b|\bkpis?\b|service level indicators?|success metrics|uptime\b|\d{2}\.\d+%\+? uptime/, rules: ['ops/slo'] },
  { topic: 'application metrics', match: /(request|error) rates?|\blatency\b|response times?|throughput|resource usage|query performance|job duration/, unless: /under load|load test|optimi[sz]|reduc|improv/, rules: ['observability/metrics'] },
  { topic: 'the staging environment', match: /staging environment|no staging|staging deployments?/, rules: ['ci/deploy-uses-environment'] },
  { topic: 'release management', match: /release management|version tagging|semantic versioning|\bsemver\b|release process/, rules: ['docs/changelog'] },
  { topic: 'security scanning', match: /security scan(s|ning)?\b/, unless: /dependenc|container|image|\bsast\b|codeql|secret/, rules: ['security/dependency-scanning-ci', 'security/sast-ci', 'security/container-scanning-ci'] },
  { topic: 'capacity under load', match: /baseline performance|capacity limits|under load|bottleneck|stress testing|scalability testing|maximum capacity/, rules: ['performance/load-tests'] },
  { topic: 'resource sizing', match: /resource sizing|sizing guidelines|right-?siz/, rules: ['k8s/resources', 'compose/resource-limits'] },
  { topic: 'database integration tests', match: /not fully tested|tested against (postgres|mysql|the (real )?database)|database integration/, rules: ['testing/integration-tests'] },
  { topic: 'security hardening', match: /security hardening|\bhardening\b/, unless: /docker|container|image/, rules: ['category:security'], broad: true },
  { topic: 'operations', match: /operational (maturity|readiness|excellence)/, rules: ['category:operations'], broad: true },
  // Broad areas: existence only. Performance, reliability and security work too vague for a finer
  // entry ("connection pooling optimized") stays a manual item rather than a guess.
  { topic: 'the container image', match: /docker ?file|containeri[sz](e|ation)|container image|docker image|docker configuration|\bdocker\b/, unless: /swarm|compose/, rules: ['docker/dockerfile-present'], broad: true, requires: DOCKERFILE },
];

/**
 * Items that no program can verify from a repository, each with the reason the roadmap rules give
 * ("no program can verify it: …"). They count only when no check matches the item or the lines
 * under it, so they never hide a check; a plain item no entry explains stays unmapped.
 */
export const MANUAL: { topic: string; match: RegExp; reason: string }[] = [
  { topic: 'a planning step', match: /^(?:review and prioriti[sz]e|create (?:github )?issues|complete phase|completed:|start\b|identify\b|gaps identified|branch analy[sz]ed)|\bphase \d|\bweek \d|\bmilestones?\b|\bthis checklist\b/, reason: 'it is a step in planning the roadmap itself, not a property of the software' },
  { topic: 'a decision to consider', match: /^consider\b|\(if needed\)|\(optional\)|- optional\b/, reason: 'it is an option to weigh, not work whose result a program can check' },
  { topic: 'an audit or review', match: /\baudits?\b|penetration test|\bpen[- ]?tests?\b|security review|sign-?off|go\/no-go|\buat\b|user acceptance|compliance|\bsoc ?2\b|iso ?27001|governance/, reason: 'an audit, review or sign-off is done by people and recorded outside the repository' },
  { topic: 'cost', match: /\bcosts?\b|budget\b/, reason: 'cost is measured on the bill, not in the repository' },
  { topic: 'performance tuning', match: /optimi[sz](e|es|ed|ing|ation)\b|\bcach(e|es|ing)\b|indexes\b|query (optimization|analysis)|\bslow\b|bundle size|code splitting|lazy loading|\bcompression\b|pagination|parallel processing|\bprofiling\b|memory usage/, reason: 'performance is judged by measurements under load (performance/load-tests runs them), not by reading the code' },
  { topic: 'retries and fallbacks', match: /\bretr(y|ies)\b|circuit[- ]breakers?|\bbackoff\b|fallback mechanisms?|graceful degradation/, reason: 'whether a call may be retried depends on its idempotency and the caller\'s time budget; a check for retry libraries was wrong on most real services and was not shipped' },
  { topic: 'secret rotation', match: /rotat(e|ion|ing)\b[^.]{0,30}\b(secrets?|keys?|credentials?|passwords?)|(secrets?|keys?|credentials?) rotation/, reason: 'rotation is a recurring operation; the repository shows where secrets live, not when they were last rotated' },
  { topic: 'infrastructure outside the repository', match: /managed database|\brds\b|cloud sql|\b(ecs|aks|gke|eks)\b|cloud[- ]specific|multi-?region|geographic distribution|service mesh|\bistio\b|docker swarm|swarm stack|overlay network|load balanc(er|ing)|volume management|persistent volumes?|database replication|streaming replication|read replicas|redis integration|database scaling|state synchronization|vertical scaling/, reason: 'the infrastructure (cloud services, database topology, orchestrator, balancers) is provisioned outside this repository, which cannot show it' },
  { topic: 'a database engine', match: /\bsqlite\b|\bpostgresql\b|\btimescaledb\b|\bmysql\b|\bmariadb\b|\bmongodb\b/, reason: 'which database engine the service runs on is a design choice; whether it works is shown by the tests, not by a readiness check' },
  { topic: 'running environments', match: /services? deployed|cluster operational|dependencies configured|running in production|deployed to (staging|production)/, reason: 'the state of a running environment lives in the cluster, not in the repository' },
  { topic: 'a fixed defect', match: /^fixed\b|\bbug ?fix(es|ed)?\b|threading issue/, reason: 'a fixed defect stays fixed through its regression test, which no readiness check can identify' },
  { topic: 'a product feature', match: /multi-?tenan|graphql|websockets?|real-?time|\bstreaming\b|api versioning|feature flags?|analytics|reporting\b|machine learning|\bml-based\b|predictions?\b|data export|export capabilit|\bscada\b|\btee\b|hardware-rooted|post-quantum|dilithium|clustering|event system|core functionality|api endpoints|database models|error handling|user interactions|state management|consent|user management|password polic|advanced features|integrate implemented services|custom dashboard/, reason: 'it is a product feature or design choice; whether it is built and works is judged by its tests and by people, not by a readiness check' },
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
  /** `refs`: the line names rule ids; `text`/`detail`: matched by the table; `manual`: tracked by hand; `none`: unmapped. */
  via: 'refs' | 'text' | 'detail' | 'manual' | 'none';
  /** For items no program can verify (the MANUAL table): why, in a phrase. */
  reason?: string;
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
  if (entries.length === 0) {
    // Nothing checks it: say why when no program can, else leave it unmapped (never a guess).
    const manual = MANUAL.find((m) => m.match.test(subject.toLowerCase())) ?? (item.detail.trim() ? MANUAL.find((m) => m.match.test(item.detail.toLowerCase())) : undefined);
    return manual ? { rules: [], topics: [manual.topic], via: 'manual', reason: manual.reason } : { rules: [], topics: [], via: 'none' };
  }
  const requires = entries.find((e) => e.requires)?.requires;
  return { rules: resolve(entries), topics: entries.map((e) => e.topic), ...(requires ? { requires } : {}), via: own.length > 0 ? 'text' : 'detail' };
}
