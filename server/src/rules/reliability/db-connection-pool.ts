/**
 * reliability/db-connection-pool: the service reaches its database through a connection pool whose
 * size is configured. Evidence: pool settings in the file that opens the connections, or in the
 * configuration (SQLAlchemy `pool_size`,
 * Django `CONN_MAX_AGE` or the `pool` option, Go `SetMaxOpenConns`, pgxpool `pool_max_conns`, pg
 * `Pool({ max })`, mysql2 `connectionLimit`, knex/Sequelize `pool`, MongoDB `maxPoolSize`, Prisma
 * `connection_limit`, HikariCP `maximum-pool-size`, sqlx `max_connections`).
 *
 * Without them: a client that pools with a bounded default (SQLAlchemy 5+10, pg 10, Hikari 10,
 * MongoDB 100, Prisma, Tortoise) earns half the credit, since nobody sized it for the database's
 * `max_connections`; one that opens a connection per request or has no bound (Django without
 * `CONN_MAX_AGE`, `psycopg.connect`, pg `Client`, Go `sql.Open` without `SetMaxOpenConns`) fails.
 * SQLite is embedded and needs no pool; a project whose code opens no server database is not
 * applicable.
 *
 * Configurable is not configured: a pool setting whose value is zero or none (`CONN_MAX_AGE: 0`), read
 * from the environment with such a default or none (`envint("DB_CONN_MAX_AGE", "0")`,
 * `os.getenv("POOL_SIZE")`), or set only inside a branch taken when a variable is present
 * (`if (size := get_int_from_env("POOL")) is not None:`) sizes nothing in a default deployment.
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { findPractices, practiceEvidence, type Practice } from '../lib/code-evidence';
import { productSources } from '../lib/evidence';
import { outcome } from '../lib/util';

/** How a database client is opened, and what happens without pool settings. */
const CLIENTS: { name: string; re: RegExp; without: 'bounded' | 'unbounded'; what: string }[] = [
  { name: 'SQLAlchemy engine', re: /\bcreate_(?:async_)?engine\(/, without: 'bounded', what: 'SQLAlchemy pools 5 connections (+10 overflow) by default' },
  { name: 'Tortoise ORM', re: /\bregister_tortoise\(|\bTortoise\.init\(/, without: 'bounded', what: 'Tortoise pools with its driver defaults' },
  { name: 'direct psycopg/asyncpg/PyMySQL connection', re: /\b(?:psycopg2?|asyncpg|pymysql|MySQLdb|mysql\.connector)\.connect\(/, without: 'unbounded', what: 'a direct connection per call is not pooled' },
  { name: 'pg Pool', re: /\bnew\s+(?:pg\.)?Pool\(/, without: 'bounded', what: 'pg pools 10 connections by default' },
  { name: 'pg Client', re: /\bnew\s+(?:pg\.)?Client\(\s*\{?[^)]*(?:connectionString|host|database)/, without: 'unbounded', what: 'a pg Client is a single, unpooled connection' },
  { name: 'mysql pool', re: /\bmysql2?(?:\/promise)?\b[\s\S]{0,2000}?\.createPool\(|\bcreatePool\(\s*\{[^}]*\b(?:host|database)\b/, without: 'bounded', what: 'mysql pools 10 connections by default' },
  { name: 'mysql connection', re: /\bmysql2?(?:\/promise)?\b[\s\S]{0,2000}?\.createConnection\(/, without: 'unbounded', what: 'createConnection opens a single, unpooled connection' },
  { name: 'knex or Sequelize', re: /\bknex\(\s*\{|\bnew\s+Sequelize\(/, without: 'bounded', what: 'knex and Sequelize pool with small defaults' },
  { name: 'MongoDB client', re: /\bmongoose\.connect\(|\bnew\s+MongoClient\(/, without: 'bounded', what: 'the MongoDB driver pools up to 100 connections by default' },
  { name: 'Prisma client', re: /\bnew\s+PrismaClient\(/, without: 'bounded', what: 'Prisma pools num_cpus×2+1 connections by default' },
  { name: 'TypeORM data source', re: /\bnew\s+DataSource\(\s*\{|\bcreateConnection\(\s*\{[^}]*\btype\s*:/, without: 'bounded', what: 'TypeORM pools with its driver defaults' },
  { name: 'Go database/sql', re: /\bsql\.Open\(\s*"(?!sqlite)|\bsqlx\.(?:Open|Connect)\(\s*"(?!sqlite)|\bgorm\.Open\(\s*(?:postgres|mysql|sqlserver)\.Open\(/, without: 'unbounded', what: 'database/sql opens unlimited connections unless SetMaxOpenConns caps them' },
  { name: 'pgx pool', re: /\bpgxpool\.(?:New|Connect|NewWithConfig)\(/, without: 'bounded', what: 'pgxpool keeps max(4, NumCPU) connections by default' },
  { name: 'sqlx (Rust) pool', re: /\b(?:Pg|MySql)PoolOptions::new\(\)|\b(?:Pg|MySql)Pool::connect\(/, without: 'bounded', what: 'sqlx pools 10 connections by default' },
];
const DJANGO_DB = /^[ \t]*DATABASES\s*=|\bdj_database_url\.(?:config|parse)\(|\bparse_db_settings\(/m;
const SQLITE = /sqlite/i;

/** Pool settings next to the client that opens the connections. */
const SIZED_HERE = /\bpool_size\b|\bmax_overflow\b|\bpoolclass\s*=|\bconn_max_age\b|["']pool["']\s*[:\]]|\bSetMaxOpenConns\(|\bpool_max_conns\b|\bMaxConns\b|\bconnectionLimit\b|\bpool\s*:\s*\{|\bmaxPoolSize\b|\bconnection_limit\b|\.max_connections\(|\bmaxconn\b|\bPool\(\s*\{[^}]*\bmax\s*:/i;
/** A value that leaves the pool unsized: zero or none, or read from the environment with no usable default. */
const UNSET_VALUE = /^["']?\s*[:=]\s*(?:0\b|None\b|False\b|null\b|nil\b|["']0?["']|[\w.]*(?:env\w*|getenv|environ\.get|get_\w*from_env|Getenv|process\.env)\s*\(?\s*(?:\[\s*)?["'][\w.-]+["']\s*\]?\s*(?:,\s*(?:["']?0["']?|None|null|["']{2}|default\s*=\s*(?:["']?0["']?|None))\s*)?\)?\s*(?:[,}\n]|$))/;
/** A branch taken only when the pool's own environment variable is present (not one that picks the database). */
const ENV_BRANCH = /^\s*(?:if|elif)\b(?=[^\n]*(?:pool|conn))[^\n]*(?:getenv|environ|_from_env|\benv\w*\(|process\.env|Getenv)/i;

/** True when the text sets a pool size that applies in a default deployment (not zero, not only when a variable is set). */
function sizesPool(text: string): boolean {
  const re = new RegExp(SIZED_HERE.source, 'gi');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const rest = text.slice(m.index + m[0].length, m.index + m[0].length + 160);
    if (m[0].endsWith('(') ? /^\s*(?:0|None|nil)\s*\)/.test(rest) : UNSET_VALUE.test(rest)) continue;
    const before = text.slice(0, m.index).split('\n');
    const own = before[before.length - 1] + text.slice(m.index, text.indexOf('\n', m.index) >>> 0);
    if (ENV_BRANCH.test(own) || /^\s*(?:#|\/\/|\*|--)/.test(own)) continue;
    const indent = /^\s*/.exec(before[before.length - 1])![0].length;
    // The nearest less-indented line above: a branch on an environment variable makes the setting conditional.
    let conditional = false;
    for (let i = before.length - 2, seen = 0; i >= 0 && seen < 6; i--, seen++) {
      const l = before[i];
      if (!l.trim()) continue;
      const ind = /^\s*/.exec(l)![0].length;
      if (ind < indent) {
        conditional = ENV_BRANCH.test(l);
        break;
      }
    }
    if (!conditional) return true;
  }
  return false;
}

/** Pool settings kept in configuration (environment, Spring properties, connection URLs). */
const POOL_CONFIG: Practice[] = [
  { name: 'pool size in configuration', pattern: /\b(?:DB|DATABASE)_\w*POOL\w*|\bPOOL_SIZE\b|maximum-pool-size|maximumPoolSize|[?&]connection_limit=|[?&]pool_max_conns=|[?&]max_conns=|\bCONN_MAX_AGE\b/ },
];

export const rule: WorkspaceRule = {
  id: 'reliability/db-connection-pool',
  category: 'reliability',
  severity: 'medium',
  level: 'production',
  title: 'Database connections go through a sized pool',
  rationale: 'A connection per request exhausts the database\'s max_connections under load, and an unbounded pool does the same from several replicas; a pool sized for the database keeps latency flat.',
  roadmap: [{ topic: 'database connection pooling', match: /connection pool/, rank: 860 }],
  projectKinds: SERVICE_KINDS,
  scope: 'workspace',
  applies(facts) {
    return facts.usesDatabase ? true : 'the project uses no database';
  },
  check({ ws }) {
    const found: { name: string; without: 'bounded' | 'unbounded'; what: string; file: string; line: number }[] = [];
    for (const p of productSources(ws)) {
      if (!/\.(?:py|[cm]?[jt]s|go|rs)$/.test(p) || /(?:^|\/)(?:migrations?|alembic|revisions)\//.test(p)) continue;
      const f = ws.read(p);
      if (!f || !/connect|engine|Pool|Client|Open|tortoise|DATABASES|Sequelize|knex|DataSource|database/.test(f.text)) continue;
      for (const c of CLIENTS) {
        const m = c.re.exec(f.text);
        if (!m) continue;
        const line = f.positionAt(m.index).line;
        if (SQLITE.test(f.lines.slice(line, line + 2).join(' '))) continue;
        found.push({ name: c.name, without: c.without, what: c.what, file: p, line: line + 1 });
      }
      const dj = p.endsWith('.py') ? DJANGO_DB.exec(f.text) : null;
      if (dj && /django\.db\.backends\.(?!sqlite)|postgres|mysql|DATABASE_URL|dj_database_url|parse_db_settings/.test(f.text)) {
        found.push({ name: 'Django database', without: 'unbounded', what: 'Django opens a new connection for every request unless CONN_MAX_AGE or the pool option is set', file: p, line: f.positionAt(dj.index).line + 1 });
      }
      if (found.length >= 20) break;
    }
    if (found.length === 0) return outcome.na('nothing to examine: the code opens no connection to a server database (SQLite needs no pool)');
    // A configuration entry counts when it gives a value (not an empty or zero placeholder).
    const config = findPractices(ws, POOL_CONFIG, 2, undefined, /pool|conn/i, { kinds: ['config', 'yaml', 'json', 'toml', 'env', 'compose', 'k8s'] }).filter((h) => {
      const line = ws.read(h.file)?.lines[h.line - 1] ?? '';
      return !/(?:POOL\w*|POOL_SIZE|maximum-pool-size|maximumPoolSize|CONN_MAX_AGE)["']?\s*[:=]\s*["']?(?:0|None|null|nil)?["']?\s*(?:#.*)?$/i.test(line.trim());
    });
    const sizedHere = (c: (typeof found)[number]) => sizesPool(ws.read(c.file)?.text ?? '');
    // Django settings are often split over modules: one sized DATABASES sizes them all.
    const djangoSized = found.some((c) => c.name === 'Django database' && sizedHere(c));
    const sized = (c: (typeof found)[number]) => config.length > 0 || sizedHere(c) || (c.name === 'Django database' && djangoSized);
    const evidence: Evidence[] = [...found.slice(0, 4).map((c) => ({ message: `${c.name}${sized(c) ? ', pool sized' : ''}`, file: c.file, line: c.line })), ...practiceEvidence(config)];
    const unsized = found.filter((c) => !sized(c));
    if (unsized.length === 0) return outcome.pass(evidence);
    const unbounded = unsized.find((c) => c.without === 'unbounded');
    if (unbounded) {
      return outcome.fail([{ message: `${unbounded.name} at ${unbounded.file}:${unbounded.line}: ${unbounded.what}, and no pool size is set for it; pool the connections and cap them below the database's max_connections divided by the number of replicas`, file: unbounded.file, range: ws.read(unbounded.file)!.lineRange(unbounded.line - 1) }], evidence);
    }
    const c = unsized[0];
    return outcome.partial(0.5, [{ message: `${c.name} at ${c.file}:${c.line} pools with the driver's defaults (${c.what}), but nothing sizes the pool; set its size from the database's max_connections and the number of replicas`, file: c.file, range: ws.read(c.file)!.lineRange(c.line - 1) }], evidence);
  },
};
