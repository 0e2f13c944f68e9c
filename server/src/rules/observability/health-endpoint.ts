/**
 * observability/health-endpoint: an HTTP service registers a health route (`/health`, `/healthz`,
 * `/livez`, `/readyz`, `/ready`, `/status`...) or uses a framework health module (Spring Boot
 * Actuator, ASP.NET `MapHealthChecks`, Rails `rails/health`, django-health-check, terminus, gRPC
 * health), under any conventional name (`/-/healthy`, `/api/health`, Django `path("status/")`...) or
 * through a health-named constant (`HandleFunc(HealthzPath, ...)`); a deployment that probes the
 * service (a HEALTHCHECK running curl or a health script, a compose healthcheck that curls it) shows
 * one too. Load balancers, orchestrators and uptime checks all need one.
 * Evidence is file:line.
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { outcome } from '../lib/util';
import { depsMatching, productSources, scanPaths } from '../lib/evidence';
import { deploymentProbe, HEALTH, opsRoutes } from '../lib/routes';

const MODULE_DEPS = /^(?:spring-boot-starter-actuator|quarkus-smallrye-health|micronaut-management|@godaddy\/terminus|lightship|@nestjs\/terminus|django-health-check|flask-healthz|fastapi-health|health-check|express-healthcheck|@fastify\/under-pressure|microsoft\.extensions\.diagnostics\.healthchecks|aspnetcore\.healthchecks\.\S+|github\.com\/heptiolabs\/healthcheck|github\.com\/alexliesenfeld\/health|grpc-health-check|grpcio-health-checking|okcomputer)$/;
const CODE = /rails\/health#show|health_check\.urls|MapHealthChecks\(|UseHealthChecks\(|grpc\.health\.v1|grpc_health|health\.NewServer\(|HealthServicer|createTerminus\(|HealthCheckService|TerminusModule|tonic_health|\bhealthCheck\s*:\s*\{/;

export const rule: WorkspaceRule = {
  id: 'observability/health-endpoint',
  category: 'observability',
  severity: 'high',
  level: 'mvp',
  title: 'The service exposes a health endpoint',
  rationale: 'Load balancers, Kubernetes probes and uptime monitors decide whether to route traffic or restart a process from a health endpoint; without one a hung process keeps receiving requests.',
  roadmap: [{ topic: 'the health endpoint', match: /health ?(check|endpoint|probe)s?|\/health/, rank: 380 }],
  related: [{ tool: 'checkov', id: 'CKV_K8S_8' }],
  scope: 'workspace',
  projectKinds: SERVICE_KINDS,
  applies(facts) {
    return facts.servesHttp || 'the project does not serve HTTP';
  },
  check({ ws, facts }) {
    const evidence: Evidence[] = [];
    for (const r of opsRoutes(ws).filter((x) => HEALTH.test(x.path)).slice(0, 5)) evidence.push({ message: `health route ${r.path}`, file: r.file, line: r.line });
    for (const h of scanPaths(ws, productSources(ws), CODE, 3, ['ealth', 'erminus'])) evidence.push({ message: `health check module: ${h.text}`, file: h.file, line: h.line });
    const deps = depsMatching(facts, MODULE_DEPS);
    if (deps.length) evidence.push({ message: `health check dependency: ${deps.join(', ')}` });
    if (evidence.length) return outcome.pass(evidence);
    // The deployment probing the service over HTTP is a health endpoint too, whatever its path: a
    // HEALTHCHECK of a shipped image, a compose healthcheck or a Kubernetes httpGet probe.
    const probe = deploymentProbe(ws);
    if (probe) return outcome.pass([{ message: `the deployment probes the service: ${probe.text}`, file: probe.file, line: probe.line }]);
    return outcome.fail([{
      message: 'the service registers no health endpoint: add `GET /healthz` that returns 200 when the process can serve requests, and point the load balancer or Kubernetes probes at it',
      file: null,
    }]);
  },
};
