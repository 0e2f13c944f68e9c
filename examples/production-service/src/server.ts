// HTTP entry point: security headers, rate limiting, token authentication, health and readiness probes, metrics, and a
// graceful shutdown on SIGTERM so that rolling deployments drop no request.
import express from 'express';
import helmet from 'helmet';
import rateLimit from 'express-rate-limit';
import pino from 'pino';
import * as Sentry from '@sentry/node';
import client from 'prom-client';
import { Pool } from 'pg';
import { expressjwt } from 'express-jwt';
import { loadConfig } from './config';
import { ordersRouter } from './orders';

const config = loadConfig();
const logger = pino({ level: config.logLevel });
Sentry.init({ dsn: config.sentryDsn, tracesSampleRate: 0.1 });
// Three replicas share the database's 100 connections: 20 each leaves room for migrations and admins.
const pool = new Pool({ connectionString: config.databaseUrl, max: 20, idleTimeoutMillis: 30_000 });

client.collectDefaultMetrics();
const httpDuration = new client.Histogram({ name: 'http_request_duration_seconds', help: 'HTTP latency', labelNames: ['route', 'status'] });

export const app = express();
app.use(helmet({ contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"] } } }));
app.use(rateLimit({ windowMs: 60_000, limit: 300 }));
app.use(express.json({ limit: '100kb' }));
app.use((req, res, next) => {
  const end = httpDuration.startTimer({ route: req.path });
  res.on('finish', () => end({ status: String(res.statusCode) }));
  next();
});

app.get('/healthz', (_req, res) => res.json({ status: 'ok' }));
app.get('/readyz', async (_req, res) => {
  try {
    await pool.query('SELECT 1');
    res.json({ status: 'ready' });
  } catch (err) {
    logger.warn({ err }, 'database not reachable');
    res.status(503).json({ status: 'unavailable' });
  }
});
app.get('/metrics', async (_req, res) => {
  res.set('Content-Type', client.register.contentType);
  res.send(await client.register.metrics());
});
app.use('/orders', expressjwt({ secret: config.jwtSecret, algorithms: ['HS256'] }), ordersRouter(pool, logger));

const server = app.listen(config.port, () => logger.info({ port: config.port }, 'orders-service listening'));

process.on('SIGTERM', () => {
  logger.info('SIGTERM received, draining connections');
  server.close(async () => {
    await pool.end();
    process.exit(0);
  });
});
