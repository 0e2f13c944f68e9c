// Reads configuration from the environment once, at start-up, validates it against a schema, and
// fails fast when it is incomplete or malformed.
import { z } from 'zod';

const Env = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  DATABASE_URL: z.string().url({ message: 'DATABASE_URL is required' }),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters'),
  SENTRY_DSN: z.string().url().optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

export interface Config {
  port: number;
  databaseUrl: string;
  jwtSecret: string;
  sentryDsn: string | undefined;
  logLevel: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = Env.parse(env);
  return { port: e.PORT, databaseUrl: e.DATABASE_URL, jwtSecret: e.JWT_SECRET, sentryDsn: e.SENTRY_DSN, logLevel: e.LOG_LEVEL };
}
