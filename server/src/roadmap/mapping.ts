/**
 * Which checks give evidence for a roadmap item, as data: keyword patterns and the rule ids they
 * stand for. "Create multi-stage Dockerfile" maps to the multi-stage rule, "Add .env.example" to its
 * rules, "Prometheus + Grafana" to the metrics and dashboard rules. Specific entries win over broad
 * ones; an item that matches nothing stays a manual item, never a guess.
 *
 * A phrase that stands for one rule is declared by that rule (`RuleMeta.roadmap`), so that a rule's
 * identity lives in its own file. This module holds only what no single rule can own: the phrases
 * that stand for several rules (`CROSS_RULE`: "pinned images" is the Dockerfile's, the compose file's
 * and the Kubernetes manifests' pinning), an `area/*` glob or a whole `category:<id>`. `mappingTable`
 * merges both by rank, the order of precedence of the one table the mapping had before the phrases
 * moved into the rules.
 *
 * Every id and glob here is resolved against the live registry, and a test fails when one names no
 * rule, so the table cannot drift from the catalogue.
 */
import type { CategoryId, RoadmapPhrase, Rule, RuleMeta } from '../core/types';
import type { RoadmapItem } from './items';

/** One row of the mapping table: a phrase and the rules it stands for. */
export interface MappingEntry extends RoadmapPhrase {
  /** Rule ids, `area/*` globs or `category:<id>`. */
  rules: string[];
}

/**
 * The phrases that stand for more than one rule: several rules (the Dockerfile's, the compose file's
 * and the Kubernetes manifests' image pinning), an `area/*` glob or a `category:<id>`. They stay here
 * because no one rule owns them; every other phrase is declared by its rule. Ranks interleave with
 * the rules' own phrases (see `RoadmapPhrase.rank`).
 */
export const CROSS_RULE: readonly MappingEntry[] = [
  // Containers.
  { topic: 'the non-root container user', match: /non[- ]?root|runs? as root|root user|unprivileged user/, rules: ['docker/non-root-user', 'k8s/run-as-non-root'], rank: 20 },
  { topic: 'the container health check', match: /(docker|container|image|compose).*health ?check|health ?check.*(docker|container|image|compose)|healthcheck instruction/, rules: ['docker/healthcheck', 'compose/healthcheck'], rank: 30 },
  { topic: 'pinned images', match: /(base image|image).*(pin|digest)|pin.*(base )?image/, rules: ['docker/base-image-pinned', 'compose/image-pinned', 'k8s/image-pinned'], rank: 40 },
  { topic: '.dockerignore', match: /\.?dockerignore|docker ignore/, rules: ['dockerignore/*'], rank: 50 },
  { topic: 'the hardened Dockerfile', match: /(harden|secur|best practice|production[- ]grade|production dockerfile|optimi[sz]).*(docker|container)|(docker|container).*(harden|secur|best practice|optimi[sz])/, unless: /scan|trivy|grype/, rules: ['docker/*', 'dockerignore/*'], requires: { kinds: ['dockerfile'], what: 'Dockerfile' }, rank: 60 },
  { topic: 'Docker Compose', match: /docker[- ]compose|compose file|compose\.ya?ml/, rules: ['compose/*'], rank: 70 },
  { topic: 'Kubernetes probes', match: /liveness|readiness probes?|k8s probes|kubernetes probes/, rules: ['k8s/probes', 'observability/readiness-endpoint'], rank: 80 },
  { topic: 'resource limits', match: /resource (limits|requests|quotas)|memory limits?|cpu limits?/, rules: ['k8s/resources', 'compose/resource-limits'], rank: 90 },
  { topic: 'the Kubernetes manifests', match: /kubernetes|\bk8s\b|\bhelm\b|\bpods?\b/, rules: ['k8s/probes', 'k8s/resources', 'k8s/run-as-non-root', 'k8s/image-pinned', 'k8s/no-privileged', 'k8s/no-privilege-escalation', 'k8s/read-only-root-filesystem'], rank: 110 },
  // Testing.
  { topic: 'the test suite', match: /\btests?\b|testing|test suite|unit test|spec(s)?\b/, rules: ['testing/tests-present', 'testing/test-command'], broad: true, rank: 310 },
  // Observability.
  { topic: 'monitoring', match: /monitor|observab|tracing|telemetry|\bapm\b/, rules: ['category:observability'], broad: true, rank: 390 },
  // Operations and documentation.
  { topic: 'documentation', match: /document|\bdocs\b|\bguides?\b/, rules: ['category:documentation'], broad: true, rank: 510 },
  // Security.
  { topic: 'the .env.example file', match: /\.env\.example|env example|example env/, rules: ['security/env-example', 'security/env-example-no-values'], rank: 580 },
  { topic: 'hard-coded secrets', match: /hard-?coded|secrets? (in|out of) (the )?(code|repo|git)|committed (secrets|\.env)|secrets? to env|credentials? (in|out of) (code|git)/, rules: ['security/no-hardcoded-secrets', 'security/no-committed-env', 'security/no-private-keys'], rank: 600 },
  { topic: 'security headers', match: /security headers|helmet|\bhsts\b|x-frame|\bcsp\b|content security policy|unsafe-inline|unsafe-eval/, rules: ['security/http-headers', 'security/csp-no-unsafe'], rank: 680 },
  // The seeds' whole checklist (transport, availability, secrets, configuration, ownership).
  { topic: 'HTTPS', match: /\bhttps\b|(ssl|tls)(\/(ssl|tls))? (termination|enforced|everywhere|only|certificates?)|\b(ssl|tls) not enforced|encryption in transit|transport (security|encryption)|redirect (http )?to https|http ?(→|->|to) ?https|cert-manager|let'?s ?encrypt/, unless: /database|\bdb\b|connection encryption|postgres|mysql/, rules: ['security/https-enforced', 'k8s/ingress-tls'], rank: 740 },
  { topic: 'replicas', match: /multi[- ]instance|multiple (instances|replicas|api containers)|horizontal(ly)? scal|scal(e|ing) out|single instance|service replication|load distribution|replicas\b/, unless: /database|\bdb\b|read replicas|postgres/, rules: ['k8s/replicas', 'k8s/autoscaling'], rank: 780 },
  { topic: 'high availability', match: /high[- ]availability|\bha\b|redundan|no single point of failure|zero[- ]downtime|self[- ]healing/, unless: /database|\bdb\b/, rules: ['k8s/replicas', 'k8s/pod-disruption-budget', 'k8s/spread'], rank: 790 },
  { topic: 'the secret store', match: /secrets? (management|manager|store)|\bvault\b|sealed[- ]secrets|external[- ]secrets|\bsops\b|(kubernetes|docker) secrets|(should )?use secrets\b|configmaps?\/secrets|credentials in environment/, rules: ['k8s/no-plain-secrets', 'compose/no-literal-secrets', 'security/no-hardcoded-secrets'], rank: 840 },
  { topic: 'default credentials', match: /default (credentials|passwords?|keys?|accounts?|admin)|(rotate|change) default/, rules: ['compose/no-default-credentials', 'k8s/helm-no-default-credentials', 'security/no-hardcoded-secrets'], rank: 850 },
  { topic: 'configuration from the environment', match: /config(uration)? (via|through|from) (the )?environment|environment[- ]based config|12[- ]factor|twelve[- ]factor/, rules: ['ops/config-validated', 'ops/env-config-documented'], rank: 890 },
  { topic: 'escalation contacts', match: /escalation|on-?call|contact (information|list|details)|who to (call|page|contact)|communication plan/, rules: ['ops/escalation-contact', 'ops/incident-response'], rank: 940 },
  { topic: 'security scanning', match: /security scan(s|ning)?\b/, unless: /dependenc|container|image|\bsast\b|codeql|secret/, rules: ['security/dependency-scanning-ci', 'security/sast-ci', 'security/container-scanning-ci'], rank: 990 },
  { topic: 'resource sizing', match: /resource sizing|sizing guidelines|right-?siz/, rules: ['k8s/resources', 'compose/resource-limits'], rank: 1010 },
  { topic: 'security hardening', match: /security hardening|\bhardening\b/, unless: /docker|container|image/, rules: ['category:security'], broad: true, rank: 1030 },
  { topic: 'operations', match: /operational (maturity|readiness|excellence)/, rules: ['category:operations'], broad: true, rank: 1040 },
];

const tables = new WeakMap<readonly Pick<RuleMeta, 'id' | 'roadmap'>[], MappingEntry[]>();

/**
 * The mapping table of a catalogue: the phrases its rules declare, each standing for its rule, and
 * the cross-rule phrases, in rank order (computed once per catalogue). Performance, reliability and
 * security work too vague for a phrase ("connection pooling optimized") stays a manual item rather
 * than a guess.
 */
export function mappingTable(rules: readonly Pick<RuleMeta, 'id' | 'roadmap'>[]): MappingEntry[] {
  let table = tables.get(rules);
  if (!table) {
    const own = rules.flatMap((r) => (r.roadmap ?? []).map((p): MappingEntry => ({ ...p, rules: [r.id] })));
    table = [...CROSS_RULE, ...own].sort((a, b) => a.rank - b.rank);
    tables.set(rules, table);
  }
  return table;
}

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
export function matchEntries(text: string, table: readonly MappingEntry[]): MappingEntry[] {
  const t = text.toLowerCase();
  const hits = table.filter((e) => e.match.test(t) && !e.unless?.test(t));
  const specific = hits.filter((e) => !e.broad);
  return specific.length > 0 ? specific : hits;
}

/**
 * Maps an item to the rules that give evidence for it: `registry` holds the rules whose results count
 * (those that ran), `table` the phrases of the whole catalogue (`mappingTable`).
 */
export function mapItem(item: RoadmapItem, registry: Registry, table: readonly MappingEntry[]): ItemMapping {
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
