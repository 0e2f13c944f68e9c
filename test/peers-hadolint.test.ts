/**
 * Agreement with hadolint, measured on hadolint's own examples. hadolint cannot run here (no binary
 * can be fetched, and no npm build of it runs offline), so its test specs are the reference: each
 * `test/peers/hadolint/<code>.yaml` holds the cases of one code, transcribed with their provenance,
 * and names the rule of ours that maps to the code (and, for a rule that maps several codes, the
 * findings that belong to this one).
 *
 * Every case runs through the engine with only that rule. A case without FROM gets `FROM debian:12`
 * first (hadolint judges instructions outside stages, our rules judge stages); `onbuild: true` wraps
 * every RUN in ONBUILD, as hadolint's onBuildRuleCatches does. Agreement is counted per code over the
 * cases that are not deliberate differences (`differs`, each with its reason, and each checked to
 * really differ) and must reach 97%; the raw agreement, differences included, is printed beside it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { allRules } from '../server/src/rules';
import { auditFiles, REPO } from './helpers';

interface PeerCase {
  expect: 'catches' | 'passes';
  dockerfile: string;
  onbuild?: boolean;
  differs?: string;
  invalid?: string;
}

interface PeerTable {
  code: string;
  rule: string;
  source: string;
  match?: string;
  note?: string;
  files?: Record<string, string>;
  cases: PeerCase[];
}

const DIR = path.join(REPO, 'test', 'peers', 'hadolint');
const tables: PeerTable[] = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as PeerTable);

/** Wraps every RUN instruction of a Dockerfile in ONBUILD (continuation lines are left as they are). */
function onbuild(text: string): string {
  let continued = false;
  return text
    .split('\n')
    .map((line) => {
      const out = !continued && /^\s*RUN\b/i.test(line) ? `ONBUILD ${line.trimStart()}` : line;
      continued = /\\\s*$/.test(line);
      return out;
    })
    .join('\n');
}

/** The Dockerfile a case runs as. */
function dockerfileOf(c: PeerCase): string {
  let text = c.dockerfile.endsWith('\n') ? c.dockerfile : `${c.dockerfile}\n`;
  if (c.onbuild) text = onbuild(text);
  return /^\s*FROM\s/im.test(text) ? text : `FROM debian:12\n${text}`;
}

/** True when the table's rule reports a finding (of the table's code, when it has a matcher) on a case. */
async function fires(t: PeerTable, c: PeerCase): Promise<{ fired: boolean; messages: string[] }> {
  const report = await auditFiles({ Dockerfile: dockerfileOf(c), ...(t.files ?? {}) }, [t.rule]);
  const match = t.match ? new RegExp(t.match) : undefined;
  const messages = report.findings.filter((f) => f.ruleId === t.rule && (!match || match.test(f.message))).map((f) => f.message);
  return { fired: messages.length > 0, messages };
}

const summary: string[] = [];

describe('agreement with hadolint on its own examples', function () {
  this.timeout(120_000);

  it('every hadolint code a docker rule names has a table of examples, and every table names a rule that claims its code', () => {
    const claimed = new Map<string, string[]>();
    for (const r of allRules) for (const rel of r.related ?? []) if (rel.tool === 'hadolint') claimed.set(rel.id, [...(claimed.get(rel.id) ?? []), r.id]);
    const tabled = new Set(tables.map((t) => t.code));
    assert.deepEqual([...claimed.keys()].filter((c) => !tabled.has(c)).sort(), [], 'codes without a table');
    for (const t of tables) assert.ok(claimed.get(t.code)?.includes(t.rule), `${t.code}: ${t.rule} does not list it in related`);
  });

  for (const t of tables) {
    it(`${t.code} (${t.rule})`, async () => {
      let agree = 0;
      let counted = 0;
      let rawAgree = 0;
      let raw = 0;
      const disagreements: string[] = [];
      for (const c of t.cases) {
        if (c.invalid) continue;
        const { fired, messages } = await fires(t, c);
        const same = fired === (c.expect === 'catches');
        raw++;
        if (same) rawAgree++;
        if (c.differs) {
          assert.ok(!same, `${t.code}: a case marked as a deliberate difference agrees now; remove its \`differs\`:\n${dockerfileOf(c)}`);
          continue;
        }
        counted++;
        if (same) agree++;
        else disagreements.push(`hadolint ${c.expect}, we ${fired ? `report: ${messages[0]}` : 'report nothing'}${c.onbuild ? ' (ONBUILD)' : ''}\n${dockerfileOf(c)}`);
      }
      const pct = counted === 0 ? 100 : (100 * agree) / counted;
      const rawPct = raw === 0 ? 100 : (100 * rawAgree) / raw;
      const line = `${t.code.padEnd(7)} ${t.rule.padEnd(32)} ${String(agree).padStart(3)}/${String(counted).padEnd(3)} ${pct.toFixed(1).padStart(5)}%  raw ${String(rawAgree).padStart(3)}/${String(raw).padEnd(3)} ${rawPct.toFixed(1).padStart(5)}%`;
      summary.push(line);
      assert.ok(pct >= 97, `${t.code}: ${pct.toFixed(1)}% agreement (${agree}/${counted}); disagreements:\n${disagreements.join('\n')}`);
    });
  }

  after(() => {
    if (summary.length === 0) return;
    console.log(`\n  code    rule                              agree          (raw, deliberate differences included)\n  ${summary.join('\n  ')}`);
  });
});
