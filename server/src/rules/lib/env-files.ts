/**
 * Shared knowledge about dotenv files: which names are documentation (`.env.example`), how to read
 * their `KEY=value` lines with exact ranges, and which values are placeholders rather than secrets.
 */
import type { SourceFile } from '../../core/source';
import type { Range } from '../../core/types';
import type { Workspace } from '../../core/workspace';
import { productSources, scanPaths } from './evidence';
import { TODO_PARAGRAPH } from '../../core/markdown';

/** Names of env files that document variables rather than hold them. */
export const EXAMPLE_ENV = /(^|\/)(\.env\.(example|sample|template|tpl|dist|defaults|schema)|(example|sample|template)\.env|\.env\.[\w.-]*\.(example|sample|template))$/i;

/** Candidate names of the example file, in order of preference. */
export const EXAMPLE_NAMES = ['.env.example', '.env.sample', '.env.template', '.env.dist', 'example.env'];

/** One `KEY=value` line of a dotenv file. */
export interface EnvEntry {
  key: string;
  value: string;
  /** Zero-based line. */
  line: number;
  /** True when the line is commented out (`# KEY=`), which still documents the key. */
  commented: boolean;
  keyRange: Range;
  /** Range of the value without quotes; empty at the end of the line when there is no value. */
  valueRange: Range;
}

const LINE = /^(\s*)(#\s*)?(export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*[=:]\s?(.*)$/;

/** Parses the `KEY=value` lines of a dotenv file. */
export function envEntries(file: SourceFile): EnvEntry[] {
  const out: EnvEntry[] = [];
  file.lines.forEach((text, line) => {
    if (text.length > 10000) return;
    const m = LINE.exec(text);
    if (!m) return;
    const commented = Boolean(m[2]);
    // A commented line is documentation only when it looks like an assignment (no spaces in the key part).
    if (commented && !/=/.test(text)) return;
    const keyStart = m[1].length + (m[2]?.length ?? 0) + (m[3]?.length ?? 0);
    let raw = m[5];
    let vStart = text.length - raw.length;
    // Strip an inline comment from unquoted values and surrounding quotes from quoted ones.
    const q = raw[0];
    if (q === '"' || q === "'" || q === '`') {
      const close = raw.indexOf(q, 1);
      raw = close > 0 ? raw.slice(1, close) : raw.slice(1);
      vStart += 1;
    } else {
      const hash = raw.search(/\s#/);
      if (hash >= 0) raw = raw.slice(0, hash);
      raw = raw.trimEnd();
    }
    out.push({
      key: m[4],
      value: raw,
      line,
      commented,
      keyRange: { start: { line, character: keyStart }, end: { line, character: keyStart + m[4].length } },
      valueRange: { start: { line, character: vStart }, end: { line, character: vStart + raw.length } },
    });
  });
  return out;
}

/** Values that are obviously placeholders, not secrets. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (/^(<.*>|\[.*\]|\{\{.*\}\}|\$\{.*\}|\$[A-Z_]+|%[A-Z_]+%)$/.test(v)) return true;
  if (/^(x+|\*+|\.+|-+|_+|0+|changeme|change[-_]?me|todo|tbd|none|null|nil|undefined|false|true|secret|password|example|sample|test|dummy|placeholder|replace[-_]?me)$/i.test(v)) return true;
  return /\byour|\bmy[-_]|changeme|change[-_]me|replace[-_]?(me|with|this)|placeholder|example|<[^>]*>|xxx/i.test(v);
}

/** Key names that usually hold credentials. */
export const SECRET_KEY_NAME = /(SECRET|TOKEN|PASSWORD|PASSWD|PWD|PRIVATE|CREDENTIAL|API_?KEY|ACCESS_?KEY|AUTH|SIGNING|ENCRYPTION|_KEY$|^KEY$|DSN|DATABASE_URL|_URI$|CONNECTION_STRING)/i;

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/**
 * True for values that look like real credentials: a known token prefix, a password inside a URL
 * that is not a development default, or a long random-looking string.
 */
export function looksLikeSecret(value: string): boolean {
  const v = value.trim();
  if (isPlaceholder(v)) return false;
  if (/^(gh[pousr]_|github_pat_|xox[a-z]-|sk-|sk_live_|rk_live_|SG\.|AKIA|ASIA|npm_|glpat-|shp(?:at|ca|pa|ss)_|lin_api_|AIza)[\w./+=-]{10,}/.test(v)) return true;
  if (/-----BEGIN [A-Z ]*PRIVATE KEY/.test(v)) return true;
  const url = /^[a-z][\w+.-]*:\/\/([^:/@\s]+):([^@\s]+)@/i.exec(v);
  if (url) return url[2] !== url[1] && !DEV_PASSWORDS.test(url[2]) && url[2].length >= 8 && !isPlaceholder(url[2]);
  if (v.length < 20 || /\s/.test(v) || /^(https?|postgres(ql)?|mysql|mongodb(\+srv)?|redis|amqp):\/\//i.test(v)) return false;
  if (!/[0-9]/.test(v) || !/[A-Za-z]/.test(v)) return false;
  if (/^[a-f0-9-]+$/i.test(v)) return v.replace(/-/g, '').length >= 32 && entropy(v) >= 3.3;
  return entropy(v) >= 3.7;
}

/** Passwords that local development setups use on purpose. */
export const DEV_PASSWORDS = /^(postgres|mysql|mongo|mongodb|redis|root|admin|password|pass|secret|example|changeme|dev|devpass(word)?|local|localdev|test|testing|guest|rabbitmq|minio|minioadmin|docker)$/i;

/** Any dotenv file by its name: `.env`, `.env.local`, `.env.example`, `app.env`, `example.env`. */
const ENV_FILE_NAME = /(^|\/)(\.env(\.[\w.-]+)?|[\w.-]+\.env)$/i;
/** Libraries and frameworks that load `.env` files by themselves (pydantic-settings only with `env_file=`, found in code). */
const ENV_LOADERS = /^(dotenv|dotenv-[\w-]+|@dotenvx\/dotenvx|dotenv-flow|python-dotenv|django-environ|environs|github\.com\/joho\/godotenv|dotenvy|dotenv-rails|dotenv-java|io\.github\.cdimascio:dotenv-java|vite|next|nuxt|react-scripts|@angular-devkit\/build-angular|astro|@sveltejs\/kit)$/;
/** A `.env` (or direnv `.envrc`) file named in a compose file, a Dockerfile, a script or a document. */
const ENV_MENTION = /(?:^|[\s`'"(=/:])\.env(?:rc|\.[\w-]+)?(?=$|[\s`'"),:;])|\benv_file\s*:|--env-file\b/m;
/** Code that loads an env file (a dotenv call or an `env_file` setting), not a `.env` string in a table of file types. */
const ENV_LOAD_CALL = /\bload_dotenv\(|\bdotenv\.config\(|\brequire\(\s*['"]dotenv(?:\/config)?['"]|\bimport\s+['"]dotenv\/config['"]|\bfrom\s+['"]dotenv['"]|^\s*from\s+dotenv\s+import\b|^\s*import\s+dotenv\b|\bgodotenv\.(?:Load|Overload|Read)\(|\bdotenvy::|\bdotenv::dotenv\b|\bDotenv\.(?:load|configure)\b|\benv_file\s*=\s*[(['"]/m;

/** Where env files are used, and whether a front-end build tool is the only user (see `FRONTEND_ENV_LOADERS`). */
export interface EnvFileUse {
  message: string;
  file?: string;
  line?: number;
  frontendOnly?: true;
}

/**
 * Front-end build tools that load `.env`, `.env.[mode]` (committed, public: the values are bundled into the
 * client) and `.env.local`, `.env.[mode].local` (ignored, local overrides and secrets) by convention.
 */
const FRONTEND_ENV_LOADERS = /^(vite|next|nuxt|react-scripts|@angular-devkit\/build-angular|astro|@sveltejs\/kit)$/;

/**
 * Where the repository uses environment files (a dotenv file of any name, a library or framework
 * that loads them, a compose `env_file:`, code that loads one, a `.env` named in its scripts, compose
 * files, Dockerfiles or documents), or undefined when nothing in it reads, creates or documents one.
 */
export function envFileUse(ws: Workspace, dependencies: readonly string[]): EnvFileUse | undefined {
  // Not memoised: the answer depends on file contents, which the editor changes without changing the file list.
  const named = ws.files.find((p) => ENV_FILE_NAME.test(p) && !/(^|\/)node_modules\//.test(p));
  if (named) return { message: `env file ${named}`, file: named };
  const loader = dependencies.find((d) => ENV_LOADERS.test(d) && !FRONTEND_ENV_LOADERS.test(d)) ?? dependencies.find((d) => ENV_LOADERS.test(d));
  if (loader && !FRONTEND_ENV_LOADERS.test(loader)) return { message: `${loader} loads .env files` };
  const found = envFileMention(ws);
  if (found) return found;
  // Only a front-end build tool reads env files: its convention commits `.env` and `.env.[mode]`
  // (public values bundled into the client) and keeps local secrets in `.env.local`/`.env.*.local`.
  if (loader) return { message: `${loader} loads .env files`, frontendOnly: true };
  return undefined;
}

/** A `.env` named in compose files, Dockerfiles, scripts, code that loads one, or the team's documents. */
function envFileMention(ws: Workspace): EnvFileUse | undefined {
  const configs = [...ws.pathsOfKind('compose'), ...ws.pathsOfKind('dockerfile'), ...ws.files.filter((p) => /(^|\/)(Makefile|justfile|Taskfile\.ya?ml)$|\.(sh|bash|ps1)$/.test(p))];
  const hit = scanPaths(ws, configs, ENV_MENTION, 1, ['env'])[0] ?? scanPaths(ws, productSources(ws), ENV_LOAD_CALL, 1, ['env'])[0];
  if (hit) return { message: `.env file used: ${hit.text}`, file: hit.file, line: hit.line };
  // Documents count by what the team wrote: a paragraph still marked TODO (a scaffold's prompt) does not.
  for (const p of ws.pathsOfKind('markdown')) {
    const f = ws.read(p);
    if (!f || !f.text.includes('env')) continue;
    const i = f.lines.findIndex((l, n) => ENV_MENTION.test(l) && !TODO_PARAGRAPH.test(paragraphStart(f.lines, n)));
    if (i >= 0) return { message: `.env file used: ${f.lines[i].trim().slice(0, 120)}`, file: p, line: i + 1 };
  }
  return undefined;
}

/** The first line of the paragraph that holds line `n` (lines up to the previous blank line). */
function paragraphStart(lines: string[], n: number): string {
  let i = n;
  while (i > 0 && lines[i - 1].trim() !== '') i--;
  return lines[i];
}
