/**
 * Databases the application rebuilds from nothing every time it starts: Sequelize
 * `sync({ force: true })` or TypeORM `dropSchema: true` in the server code (not in tests, nor in a
 * branch for development or tests). Such a database holds no data that outlives a restart (OWASP
 * juice-shop drops and re-seeds its tables at each start), so there is nothing to back up or restore.
 */
import type { Workspace } from '../../core/workspace';
import { contentMemo, productSources } from './evidence';

const REBUILT = /\.sync\(\s*\{\s*force\s*:\s*true\s*\}\s*\)|\bdropSchema\s*:\s*true\b/;
const DEV_BRANCH = /\b(?:development|dev|test|testing|NODE_ENV|isDev|isTest)\b/;

/** Where the server code rebuilds its database at start, or undefined. */
export function databaseRebuiltAtStart(ws: Workspace): { file: string; line: number; text: string } | undefined {
  return contentMemo(ws, 'ephemeral-db', () => {
    for (const p of productSources(ws)) {
      if (!/\.[cm]?[jt]s$/.test(p) || /(?:^|\/)(?:scripts?|migrations?|seeders?|tools)\//.test(p)) continue;
      const f = ws.read(p);
      if (!f || !REBUILT.test(f.text)) continue;
      for (const m of f.text.matchAll(new RegExp(REBUILT.source, 'g'))) {
        const line = f.positionAt(m.index).line;
        // A rebuild guarded by a development or test condition is not what production does.
        if (f.lines.slice(Math.max(0, line - 2), line + 1).some((l) => DEV_BRANCH.test(l))) continue;
        return { file: p, line: line + 1, text: (f.lines[line] ?? '').trim().slice(0, 80) };
      }
    }
    return undefined;
  });
}
