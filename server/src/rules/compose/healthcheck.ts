/**
 * compose/healthcheck: long-running compose services have a healthcheck, in the compose file or in the
 * Dockerfile they build, so that `depends_on: condition: service_healthy` and operators can tell a
 * started container from a ready one.
 *
 * A service counts as long-running when it publishes or exposes ports, builds an image, is a known
 * server image (databases, caches, brokers) or others depend on it; one-shot jobs are skipped and
 * `healthcheck: disable: true` is a deliberate choice. For well-known images the fix inserts their
 * standard check.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { dependsOn, healthcheckOf, insertIntoService, oneShotServices, serviceRange, servicesOf } from '../lib/compose';
import { parseImageRef } from '../lib/images';

/** Standard health commands of well-known images. */
const KNOWN: { pattern: RegExp; test: string }[] = [
  { pattern: /(^|\/)(postgres|postgis|timescaledb[\w-]*)$/, test: '["CMD-SHELL", "pg_isready -U $${POSTGRES_USER:-postgres}"]' },
  { pattern: /(^|\/)mysql$/, test: '["CMD", "mysqladmin", "ping", "-h", "127.0.0.1"]' },
  { pattern: /(^|\/)mariadb$/, test: '["CMD", "healthcheck.sh", "--connect", "--innodb_initialized"]' },
  { pattern: /(^|\/)redis(-stack)?$/, test: '["CMD", "redis-cli", "ping"]' },
  { pattern: /(^|\/)valkey$/, test: '["CMD", "valkey-cli", "ping"]' },
  { pattern: /(^|\/)mongo$/, test: '["CMD", "mongosh", "--quiet", "--eval", "db.adminCommand(\'ping\')"]' },
  { pattern: /(^|\/)rabbitmq$/, test: '["CMD", "rabbitmq-diagnostics", "-q", "ping"]' },
];
const SERVER_IMAGE = /(^|\/)(postgres|postgis|mysql|mariadb|redis|valkey|mongo|rabbitmq|elasticsearch|opensearch|kafka|zookeeper|nats|minio|keycloak|nginx|httpd|traefik|caddy|memcached|cassandra|clickhouse[\w-]*)$/;

export const rule: FileRule = {
  id: 'compose/healthcheck',
  category: 'containers',
  severity: 'medium',
  level: 'mvp',
  title: 'Compose services define healthchecks',
  rationale: 'Without a healthcheck compose only knows that a container started, not that it is ready; dependants start too early and a hung service is never noticed.',
  related: [{ tool: 'checkov', id: 'CKV_DOCKER_2' }],
  fixable: true,
  scope: 'file',
  kinds: ['compose'],
  checkFile(file, ctx) {
    const services = servicesOf(file);
    const oneShot = oneShotServices(services);
    const dependedOn = new Set(services.flatMap((s) => dependsOn(s).map((d) => d.name)));
    const findings: RuleFinding[] = [];
    for (const svc of services) {
      if (oneShot.has(svc.name) || healthcheckOf(ctx.ws, file, svc) !== undefined) continue;
      const image = typeof svc.value.image === 'string' ? parseImageRef(svc.value.image).name.toLowerCase() : '';
      const longRunning = svc.value.ports !== undefined || svc.value.expose !== undefined || svc.value.build !== undefined || dependedOn.has(svc.name) || SERVER_IMAGE.test(image);
      if (!longRunning) continue;
      const known = svc.value.build === undefined ? KNOWN.find((k) => k.pattern.test(image)) : undefined;
      const fix = known && insertIntoService(file, svc.name, `Add the standard ${image.split('/').pop()} healthcheck`, ['healthcheck:', `  test: ${known.test}`, '  interval: 10s', '  timeout: 5s', '  retries: 5', '  start_period: 10s']);
      findings.push({
        message: `service \`${svc.name}\` has no healthcheck, so compose cannot tell when it is ready; add a \`healthcheck\` (or a HEALTHCHECK in its Dockerfile)`,
        range: serviceRange(file, svc.name),
        ...(fix ? { fix } : {}),
      });
    }
    return findings;
  },
};
