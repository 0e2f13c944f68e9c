// Reads configuration from the environment once, at start-up, and fails fast when it is incomplete.
export interface Config {
  port: number;
  databaseUrl: string;
  sentryDsn: string | undefined;
  logLevel: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is required');
  return {
    port: Number(env.PORT ?? 8080),
    databaseUrl,
    sentryDsn: env.SENTRY_DSN,
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
