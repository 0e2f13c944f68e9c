/**
 * observability/readiness-endpoint: liveness and readiness are separate endpoints, so that an
 * orchestrator can stop routing traffic to an instance whose dependencies are down (readiness)
 * without restarting it (liveness). One generic `/health`, or only a deployment probe (a HEALTHCHECK
 * or compose healthcheck that contacts the service), earns half the credit. A service that waits for nothing
 * (no database, no cache, queue, cloud or HTTP client, no outbound call in its code) is ready when it is
 * live: the check is not applicable to it.
 */
import type { Workspace } from '../../core/workspace';
import type { Evidence, WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { outcome } from '../lib/util';
import { pathsMatching, productSources, scanPaths } from '../lib/evidence';
import { deploymentProbe, HEALTH, LIVE, READY, opsRoutes } from '../lib/routes';

/** Framework switches that expose both probes (Spring Boot Actuator probes, MicroProfile Health). */
const PROBES_CONFIG = /probes\.enabled\s*[=:]\s*true|probes:\s*\n\s*enabled:\s*true|@Readiness\b|@Liveness\b|readinessState|livenessState/;

/** Client libraries of the things a service waits for: caches, queues, search, cloud services, other HTTP services, container engines. */
const CLIENT_DEPS = /^(?:redis|ioredis|kafkajs|amqplib|pika|celery|kombu|nats|boto3|botocore|aws-sdk|@aws-sdk\/[\w-]+|google-cloud-[\w-]+|@google-cloud\/[\w-]+|azure-[\w-]+|@azure\/[\w-]+|elasticsearch|@elastic\/elasticsearch|requests|httpx|aiohttp|axios|got|node-fetch|undici|reqwest|hyper|ureq|rdkafka|lapin|docker|dockerode|kubernetes|@kubernetes\/client-node|github\.com\/(?:redis\/go-redis|go-redis\/redis|segmentio\/kafka-go|ibm\/sarama|shopify\/sarama|rabbitmq\/amqp091-go|streadway\/amqp|nats-io\/nats\.go|aws\/aws-sdk-go(?:-v2)?|docker\/docker|moby\/moby|elastic\/go-elasticsearch|hashicorp\/consul\/api|go-resty\/resty)|go\.etcd\.io\/etcd\/client|k8s\.io\/client-go|cloud\.google\.com\/go)$/i;
/** Code that calls out over the network by itself (Go's standard library). */
const OUTBOUND_CODE = /\bhttp\.(?:Get|Post|Head|NewRequest(?:WithContext)?)\(|\bhttp\.Client\s*\{|\bnet\.Dial(?:Timeout|TCP|UDP)?\(|\btls\.Dial\(|\bgrpc\.(?:Dial|NewClient)\(/;

/** Whether the service waits for anything before it can serve: a database, a client library, or outbound calls in its code. */
function dependsOnSomething(ws: Workspace, facts: { usesDatabase: boolean; dependencies: string[] }): boolean {
  if (facts.usesDatabase || facts.dependencies.some((d) => CLIENT_DEPS.test(d))) return true;
  return scanPaths(ws, productSources(ws).filter((p) => p.endsWith('.go')), OUTBOUND_CODE, 1).length > 0;
}

export const rule: WorkspaceRule = {
  id: 'observability/readiness-endpoint',
  category: 'observability',
  severity: 'low',
  level: 'production',
  title: 'Readiness and liveness are separate endpoints',
  rationale: 'A single health check either restarts instances whose database is briefly down or keeps routing traffic to instances that cannot serve; Kubernetes separates the two questions.',
  roadmap: [{ topic: 'the readiness endpoint', match: /readiness (endpoint|check)|\/ready\b|\/readyz|\/livez/, rank: 370 }],
  related: [{ tool: 'kube-score', id: 'pod-probes' }, { tool: 'checkov', id: 'CKV_K8S_9' }],
  scope: 'workspace',
  projectKinds: SERVICE_KINDS,
  applies(facts, { ws }) {
    if (!facts.servesHttp) return 'the project does not serve HTTP';
    // Readiness is about what the service waits for: with nothing to wait for, it is ready when it is live.
    return dependsOnSomething(ws, facts) || 'the service depends on nothing it would wait for (no database, cache, queue, cloud or outbound client): it is ready when it is live, which observability/health-endpoint covers';
  },
  check({ ws }) {
    const routes = opsRoutes(ws).filter((r) => HEALTH.test(r.path));
    const ready = routes.find((r) => READY.test(r.path));
    const live = routes.find((r) => !READY.test(r.path) && LIVE.test(r.path));
    const evidence: Evidence[] = [];
    if (ready) evidence.push({ message: `readiness route ${ready.path}`, file: ready.file, line: ready.line });
    if (live) evidence.push({ message: `liveness route ${live.path}`, file: live.file, line: live.line });
    if (ready && live) return outcome.pass(evidence);
    const config = scanPaths(ws, pathsMatching(ws, /(?:^|\/)(?:application[\w-]*\.(?:ya?ml|properties)|[\w/-]+\.(?:java|kt))$/), PROBES_CONFIG)[0];
    if (config) {
      evidence.push({ message: `framework readiness and liveness probes: ${config.text}`, file: config.file, line: config.line });
      return outcome.pass(evidence);
    }
    const one = ready ?? live;
    if (one) {
      return outcome.partial(0.5, [{
        message: `only one health endpoint (${one.path}); add a separate ${ready ? 'liveness endpoint (`/livez`) that only checks the process' : 'readiness endpoint (`/readyz`) that also checks dependencies such as the database'}`,
        file: one.file,
        range: one.range,
      }], evidence);
    }
    // The deployment probing the service (a HEALTHCHECK, a compose healthcheck) is one health check.
    const probe = deploymentProbe(ws);
    if (probe) {
      return outcome.partial(0.5, [{
        message: `only one health check (${probe.file}:${probe.line} \`${probe.text}\`); add a separate readiness endpoint (\`/readyz\`) that also checks dependencies such as the database, and a liveness endpoint (\`/livez\`) that only checks the process`,
        file: probe.file,
        range: probe.range,
      }], [{ message: `the deployment probes the service: ${probe.text}`, file: probe.file, line: probe.line }]);
    }
    return outcome.fail([{ message: 'no liveness or readiness endpoints: add `/livez` (the process is up) and `/readyz` (dependencies are reachable) and wire them to the orchestrator\'s probes', file: null }]);
  },
};
