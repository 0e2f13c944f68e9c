/**
 * reliability/migrations: a relational database schema changes through versioned migrations
 * (Prisma Migrate, Alembic, Flyway, Liquibase, Knex, TypeORM, Sequelize, golang-migrate, goose,
 * Django, Rails, EF Core, Diesel, sqlx, Drizzle, dbmate, Atlas), not by hand or by `db push`.
 * A migration tool configured without a single migration earns half the credit. Projects that only
 * use a key-value or document store are not concerned.
 */
import type { WorkspaceRule } from '../../core/types';
import { isTemplatePath, outcome } from '../lib/util';
import { depsMatching, scanPaths } from '../lib/evidence';

const RELATIONAL = /^(?:pg|postgres|mysql2?|prisma|@prisma\/client|sequelize|typeorm|knex|drizzle-orm|kysely|slonik|objection|@mikro-orm\/core|sqlite3|better-sqlite3|psycopg2?(?:-binary)?|psycopg|sqlalchemy|sqlmodel|asyncpg|aiomysql|pymysql|mysqlclient|mysql-connector-python|django|peewee|tortoise-orm|alembic|gorm\.io\/gorm|github\.com\/jackc\/pgx[\w/]*|github\.com\/lib\/pq|github\.com\/go-sql-driver\/mysql|github\.com\/jmoiron\/sqlx|entgo\.io\/ent|spring-boot-starter-data-jpa|spring-boot-starter-jdbc|hibernate-core|flyway-core|liquibase-core|activerecord|rails|diesel|sqlx|sea-orm|microsoft\.entityframeworkcore[\w.]*|npgsql|dapper)$/;
/** Migration files by tool convention. */
const MIGRATION = /(?:^|\/)prisma\/migrations\/[^/]+\/migration\.sql$|(?:^|\/)(?:alembic|migrations)\/versions\/[^/]+\.py$|(?:^|\/)db\/migrate\/\d+_\w+\.rb$|(?:^|\/)migrations\/\d{4}_\w+\.py$|(?:^|\/)V\d+(?:[._]\d+)*__\w+\.sql$|\.(?:up|down)\.sql$|(?:^|\/)(?:db\/)?migrations?\/(?:[\w-]+\/)?[^/]+\.(?:sql|[cm]?[jt]s|go|rb|py)$|(?:^|\/)(?:alembic|migrations|revisions)(?:\/[\w-]+)?\/versions\/[^/]+\.py$|(?:^|\/)db\/(?:postgres(?:ql)?|pg|mysql|mariadb|h2|hsqldb|sqlite3?|mssql|sqlserver|oracle|cockroach(?:db)?)\/[\w-]*(?:schema|init|migration)[\w-]*\.sql$|(?:^|\/)migrations\/[^/]+\/(?:up|down)\.sql$|(?:^|\/)Migrations\/\d{8,14}_\w+\.cs$|(?:^|\/)drizzle\/\d{4}_\w+\.sql$|(?:^|\/)(?:db\/)?changelog\/[^/]+\.(?:xml|ya?ml|sql)$/;
/** A command that applies migrations, in a script, a Makefile, an entrypoint or a Dockerfile of the product. */
const APPLIES = /\bmanage\.py\s+migrate\b|\balembic\s+upgrade\b|\bflyway\s+(?:-\S+\s+)*migrate\b|\bprisma\s+migrate\s+deploy\b|\bknex\s+migrate:latest\b|\b(?:rails|rake)\s+db:migrate\b|\bgoose\s+(?:-\S+\s+)*up\b|\bmigrate\s+-(?:path|source)\b|\baerich\s+upgrade\b|\bdbmate\s+(?:-\S+\s+)*up\b|\batlas\s+migrate\s+apply\b|\bsequelize(?:-cli)?\s+db:migrate\b|\btypeorm\s+migration:run\b|\bdiesel\s+migration\s+run\b|\bsqlx\s+migrate\s+run\b|\bdotnet\s+ef\s+database\s+update\b|\bliquibase\s+(?:-\S+\s+)*update\b/;

/** Migration tools configured (their migrations should follow). */
const TOOL = /(?:^|\/)(?:schema\.prisma|alembic\.ini|knexfile\.[cm]?[jt]s|\.sequelizerc|drizzle\.config\.[cm]?[jt]s|ormconfig\.(?:json|[jt]s|ya?ml)|flyway\.(?:conf|toml)|liquibase\.properties|atlas\.hcl|diesel\.toml|dbconfig\.yml)$/;

export const rule: WorkspaceRule = {
  id: 'reliability/migrations',
  category: 'reliability',
  severity: 'high',
  level: 'mvp',
  title: 'Database schema changes go through versioned migrations',
  rationale: 'Schema changes applied by hand drift between environments and cannot be reviewed, repeated or rolled back; versioned migrations make every change reproducible.',
  roadmap: [{ topic: 'database migrations', match: /migrations?\b|schema changes/, rank: 520 }],
  scope: 'workspace',
  applies(facts, { ws }) {
    if (!facts.usesDatabase) return 'the project uses no database';
    if (depsMatching(facts, RELATIONAL).length) return true;
    if (ws.files.some((p) => (MIGRATION.test(p) || TOOL.test(p)) && !isTemplatePath(p))) return true;
    const composeSql = ws.pathsOfKind('compose').some((p) => /image:\s*["']?(?:postgres|mysql|mariadb|bitnami\/(?:postgresql|mysql))/i.test(ws.read(p)?.text ?? ''));
    return composeSql || 'only a key-value or document store is used';
  },
  check({ ws }) {
    const files = ws.files.filter((p) => MIGRATION.test(p) && !isTemplatePath(p) && !/(^|\/)(tests?|spec|fixtures?)\//.test(p));
    const migrations = files.filter((p) => !/(^|\/)changelog\//.test(p) || /databaseChangeLog|changeSet/.test(ws.read(p)?.text ?? ''));
    const tool = ws.files.find((p) => TOOL.test(p) && !isTemplatePath(p));
    if (migrations.length) {
      const folder = migrations[0].slice(0, migrations[0].lastIndexOf('/') + 1) || './';
      return outcome.pass([
        { message: `${migrations.length} migration file(s), e.g. in ${folder}`, file: migrations[0] },
        ...(tool ? [{ message: `migration tool configured in ${tool}`, file: tool }] : []),
      ]);
    }
    // Migrations run by an install script, an entrypoint or the image: the schema is versioned by the tool the script runs.
    const scripts = ws.files.filter((p) => /\.(?:sh|bash)$|(?:^|\/)(?:Makefile|Procfile|justfile|Taskfile\.ya?ml)$|(?:^|\/)(?:docker-)?entrypoint[\w.-]*$/i.test(p) || ws.kindOf(p) === 'dockerfile');
    const applied = scanPaths(ws, scripts.filter((p) => !isTemplatePath(p)), APPLIES, 1, ['migrat', 'upgrade', 'db:', 'up', 'update'])[0];
    if (applied) return outcome.pass([{ message: `migrations are applied by ${applied.file}: ${applied.text}`, file: applied.file, line: applied.line }, ...(tool ? [{ message: `migration tool configured in ${tool}`, file: tool }] : [])]);
    if (tool) {
      const f = ws.read(tool);
      return outcome.partial(0.5, [{
        message: `${tool} configures a migration tool but the repository holds no migration: generate the initial migration (e.g. \`prisma migrate dev --name init\`, \`alembic revision --autogenerate\`) and commit it instead of changing the schema by hand or with \`db push\``,
        file: tool,
        range: f ? f.lineRange(0) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      }], [{ message: `migration tool configured in ${tool}`, file: tool }]);
    }
    return outcome.fail([{ message: 'the database schema has no versioned migrations: adopt the migration tool of the stack (Prisma Migrate, Alembic, Flyway, golang-migrate, Rails/Django migrations) and commit the migrations', file: null }]);
  },
};
