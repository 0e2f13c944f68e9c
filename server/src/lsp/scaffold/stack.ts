/**
 * What the scaffolder needs to know about a project beyond the engine's facts: the primary stack,
 * the package manager, the port the service listens on, the build and start commands, and the
 * environment variables the code reads. Everything is detected from files; nothing is executed.
 */
import type { Facts } from '../../core/facts';
import { asRecord } from '../../core/source';
import type { Workspace } from '../../core/workspace';

/** The project profile the templates are filled from. */
export interface StackProfile {
  stack: 'node' | 'python' | 'go' | 'generic';
  name: string;
  packageManager: 'npm' | 'yarn' | 'pnpm';
  hasLockfile: boolean;
  /** `npm run build` exists (TypeScript or a bundler). */
  hasBuild: boolean;
  hasTestScript: boolean;
  hasLintScript: boolean;
  /** Entry point for Node projects, such as `server.js` or `dist/server.js`. */
  nodeEntry: string;
  pythonDeps: 'requirements' | 'pyproject' | 'none';
  /** A module or command that starts a Python app (gunicorn/uvicorn target when known). */
  pythonCommand: string[];
  port: number;
  /** The health endpoint found in the code, or `/health`. */
  healthPath: string;
  servesHttp: boolean;
  usesDatabase: boolean;
  hasDockerfile: boolean;
  /** Environment variable names the code reads, sorted. */
  envVars: string[];
  facts: Facts;
}

const ENV_PATTERNS = [
  /process\.env\.([A-Z][A-Z0-9_]{1,60})\b/g,
  /process\.env\[['"]([A-Z][A-Z0-9_]{1,60})['"]\]/g,
  /os\.(?:environ\.get|getenv)\(\s*['"]([A-Z][A-Z0-9_]{1,60})['"]/g,
  /os\.environ\[['"]([A-Z][A-Z0-9_]{1,60})['"]\]/g,
  /os\.(?:Getenv|LookupEnv)\(\s*"([A-Z][A-Z0-9_]{1,60})"/g,
];
const IGNORED_ENV = new Set(['NODE_ENV', 'HOME', 'PATH', 'PWD', 'CI', 'DEBUG', 'TZ', 'LANG', 'USER', 'SHELL', 'TERM']);

/** Detects the profile of a workspace. Reads package.json and at most 300 source files. */
export function detectProfile(ws: Workspace, facts: Facts): StackProfile {
  const stack = facts.stacks.includes('node') ? 'node' : facts.stacks.includes('python') ? 'python' : facts.stacks.includes('go') ? 'go' : 'generic';
  const pkg = asRecord(safeJson(ws.read('package.json')?.text)) ?? {};
  const scripts = asRecord(pkg.scripts) ?? {};
  const packageManager = ws.exists('pnpm-lock.yaml') ? 'pnpm' : ws.exists('yarn.lock') ? 'yarn' : 'npm';
  const hasLockfile = ws.exists('package-lock.json') || ws.exists('pnpm-lock.yaml') || ws.exists('yarn.lock') || ws.exists('npm-shrinkwrap.json');
  const hasBuild = typeof scripts.build === 'string';
  const main = typeof pkg.main === 'string' ? pkg.main.replace(/^\.\//, '') : undefined;
  const start = typeof scripts.start === 'string' ? scripts.start : '';
  const startEntry = /^node\s+([\w./-]+\.c?js)\b/.exec(start)?.[1];
  const nodeEntry = startEntry ?? main ?? (hasBuild ? 'dist/index.js' : ws.exists('server.js') ? 'server.js' : 'index.js');
  const name = typeof pkg.name === 'string' && pkg.name ? pkg.name : ws.root.split(/[\\/]/).filter(Boolean).pop() ?? 'service';

  const envVars = new Set<string>();
  let port: number | undefined;
  let healthPath: string | undefined;
  const sources = ws.pathsOfKind('source').filter((p) => !/(^|\/)(test|tests|__tests__|spec|examples?|fixtures?)\//.test(p)).slice(0, 300);
  for (const p of sources) {
    const text = ws.read(p)?.text;
    if (!text) continue;
    for (const re of ENV_PATTERNS) {
      re.lastIndex = 0;
      for (const m of text.matchAll(re)) if (!IGNORED_ENV.has(m[1]) && envVars.size < 40) envVars.add(m[1]);
    }
    if (port === undefined) {
      const m = /\bPORT\b[^\n]{0,40}?(?:\|\||\?\?|,|or|:=|default=)\s*['"]?(\d{2,5})\b/.exec(text) ?? /\.listen\(\s*(\d{2,5})\b/.exec(text) ?? /ListenAndServe\(\s*"[^"]*:(\d{2,5})"/.exec(text);
      if (m) port = Number(m[1]);
    }
    if (healthPath === undefined) {
      const h = /['"`](\/(?:healthz?|readyz?|livez|health\/(?:live|ready)))['"`]/.exec(text);
      if (h) healthPath = h[1];
    }
  }
  const pythonDeps = ws.exists('requirements.txt') ? 'requirements' : ws.exists('pyproject.toml') ? 'pyproject' : 'none';
  const deps = new Set(facts.dependencies);
  let pythonCommand = ['python', '-m', 'app'];
  if (deps.has('fastapi') || deps.has('uvicorn')) pythonCommand = ['uvicorn', 'app.main:app', '--host', '0.0.0.0', '--port', String(port ?? 8000)];
  else if (deps.has('django')) pythonCommand = ['gunicorn', 'config.wsgi', '--bind', `0.0.0.0:${port ?? 8000}`];
  else if (deps.has('flask') || deps.has('gunicorn')) pythonCommand = ['gunicorn', 'app:app', '--bind', `0.0.0.0:${port ?? 8000}`];
  const defaultPort = stack === 'node' ? 3000 : stack === 'python' ? 8000 : 8080;
  return {
    stack,
    name: name.replace(/^@[^/]+\//, ''),
    packageManager,
    hasLockfile,
    hasBuild,
    hasTestScript: typeof scripts.test === 'string' && !/no test specified/.test(scripts.test as string),
    hasLintScript: typeof scripts.lint === 'string',
    nodeEntry,
    pythonDeps,
    pythonCommand,
    port: port ?? defaultPort,
    healthPath: healthPath ?? '/health',
    servesHttp: facts.servesHttp,
    usesDatabase: facts.usesDatabase,
    hasDockerfile: ws.pathsOfKind('dockerfile').length > 0,
    envVars: [...envVars].sort(),
    facts,
  };
}

function safeJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
