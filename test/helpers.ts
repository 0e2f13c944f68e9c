/**
 * Test helpers: load fixture workspaces, read inline expectations (`# want: rule-id` on the line
 * before a finding), and run audits with a fixed clock.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { audit } from '../server/src/core/engine';
import { Workspace } from '../server/src/core/workspace';
import type { Report } from '../server/src/core/types';

/** The repository root (tests run from out/test). */
export const REPO = path.resolve(__dirname, '..', '..');
/** The rule folders: rule `area/name` keeps its fixture cases in `server/src/rules/<area>/fixtures/<name>/`. */
export const RULES_DIR = path.join(REPO, 'server', 'src', 'rules');

/** The fixture folder of one rule, next to the rule's own file. */
export function ruleFixtures(ruleId: string): string {
  const [area, name] = ruleId.split('/');
  return path.join(RULES_DIR, area, 'fixtures', name);
}
/** The clock every fixture audit uses, so that waiver expiry is deterministic. */
export const FIXED_NOW = new Date('2026-06-01T12:00:00Z');

/** Audits a folder with a fixed clock. */
export async function auditDir(dir: string, only?: string[]): Promise<Report> {
  return audit({ ws: Workspace.load(dir), now: FIXED_NOW, ...(only ? { only } : {}) });
}

/** Audits in-memory files with a fixed clock. */
export async function auditFiles(files: Record<string, string>, only?: string[]): Promise<Report> {
  return audit({ ws: Workspace.fromFiles(files), now: FIXED_NOW, ...(only ? { only } : {}) });
}

const WANT = /(?:#|\/\/|<!--)\s*want:\s*([a-z0-9][\w\-/, ]*?)\s*(?:-->)?\s*$/;

/** Expectations written in fixture files: `file:line` (1-based, the line after the marker) per rule id. */
export function readWants(dir: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const walk = (d: string, rel: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const abs = path.join(d, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(abs, r);
      else if (e.isFile()) {
        const buf = fs.readFileSync(abs);
        if (buf.includes(0)) continue;
        const lines = buf.toString('utf8').split(/\r?\n/);
        lines.forEach((line, i) => {
          const m = WANT.exec(line);
          if (!m) return;
          let target = i + 1;
          while (target < lines.length && WANT.test(lines[target])) target++;
          for (const id of m[1].split(/[\s,]+/).filter(Boolean)) {
            const set = out.get(id) ?? new Set<string>();
            set.add(`${r}:${target + 1}`);
            out.set(id, set);
          }
        });
      }
    }
  };
  walk(dir, '');
  return out;
}
