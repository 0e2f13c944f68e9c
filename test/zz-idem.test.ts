import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../server/src/rules';
import { applyFixes } from '../server/src/core/fixes';
import { Workspace } from '../server/src/core/workspace';
import { audit } from '../server/src/core/engine';
import { FIXED_NOW, RULE_FIXTURES } from './helpers';

describe('zz idem', () => {
  it('runs', async function () {
    this.timeout(600000);
    const bad: string[] = [];
    for (const rule of allRules) {
      const dir = path.join(RULE_FIXTURES, rule.id);
      if (!fs.existsSync(dir)) continue;
      for (const c of fs.readdirSync(dir)) {
        if (c.endsWith('.fixed')) continue;
        const ws = Workspace.load(path.join(dir, c));
        const all: Record<string, string> = {};
        for (const f of ws.files) { const t = ws.read(f)?.text; if (t !== undefined) all[f] = t; }
        const r1 = await audit({ ws: Workspace.fromFiles(all), now: FIXED_NOW });
        const fixes1 = r1.findings.filter((f) => f.fix && !f.waived).map((f) => f.fix!);
        if (!fixes1.length) continue;
        const a1 = applyFixes(fixes1, (p) => all[p]);
        const s1 = { ...all }; for (const [p, t] of a1.files) s1[p] = t;
        const r2 = await audit({ ws: Workspace.fromFiles(s1), now: FIXED_NOW });
        const fixes2 = r2.findings.filter((f) => f.fix && !f.waived).map((f) => f.fix!);
        const a2 = applyFixes(fixes2, (p) => s1[p]);
        const key = (f: any) => `${f.ruleId}|${f.fix.title}|${f.fix.changes.map((x: any) => x.file + ":" + (x.range ? x.range.start.line : "")).join(',')}`;
        const k1 = new Set(r1.findings.filter((f) => f.fix && !f.waived).map(key));
        const again = r2.findings.filter((f) => f.fix && !f.waived && k1.has(key(f)));
        for (const f of again) { const a = applyFixes([f.fix!], (p) => s1[p]); for (const [p, t] of a.files) if (t !== s1[p]) bad.push(`${rule.id}/${c}: ${key(f)}\n${JSON.stringify(f.fix!.changes)}`); }
      }
    }
    console.log(bad.join('\n'));
  });
});
