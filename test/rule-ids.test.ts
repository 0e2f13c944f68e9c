/**
 * A rule's identity is declared once, by the rule: every rule id named anywhere else must be one a
 * rule declares. This test fails on an id that no rule declares in the roadmap mapping table, the
 * scaffold links, the code-action providers, the rules' own prerequisites, the string literals of the
 * server and the client (gates, meta rules, diagnostics), the manifests the repository ships and the
 * Markdown documentation; and it checks that the roadmap phrases are ordered and owned as
 * `core/types.ts` (`RoadmapPhrase`) and `roadmap/mapping.ts` say.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../server/src/rules';
import { SourceFile } from '../server/src/core/source';
import { parseManifest } from '../server/src/manifest/load';
import { CROSS_RULE, expandRef, mappingTable, registryOf } from '../server/src/roadmap/mapping';
import { PROVIDERS } from '../server/src/lsp/code-actions';
import { SCAFFOLDED_RULE_IDS, TEMPLATES } from '../server/src/lsp/scaffold';
import { REPOSITORY_SUMMARY_PREFIX } from '../server/src/shared/protocol';
import { REPO } from './helpers';

const ids = new Set(allRules.map((r) => r.id));
const registry = registryOf(allRules);
const areas = [...new Set(allRules.map((r) => r.id.split('/')[0]))];

/**
 * Strings shaped like a rule id that are not one, each with the reason. Only names of other things
 * whose owner happens to be called like an area belong here.
 */
const NOT_RULE_IDS: { match: RegExp; why: string }[] = [
  { match: /^docker\/[a-z-]+-action$/, why: 'the Docker organisation\'s GitHub Actions (docker/build-push-action ...)' },
];

/** Files under `dir` (relative to the repository) whose names end with one of `exts`, without fixtures. */
function filesUnder(dir: string, exts: string[]): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const abs = path.join(REPO, rel);
    if (!fs.existsSync(abs)) return;
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== 'fixtures' && !e.name.startsWith('.')) walk(p);
      } else if (exts.some((x) => e.name.endsWith(x))) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** The ids a list of names holds that no rule declares (and that are not known other names). */
function undeclared(named: Iterable<[string, string]>): string[] {
  const out: string[] = [];
  for (const [id, where] of named) {
    if (ids.has(id) || NOT_RULE_IDS.some((n) => n.match.test(id))) continue;
    out.push(`${id} (${where})`);
  }
  return [...new Set(out)];
}

/** Every `<area>/<name>` of a text that `re` finds (group `id`), with the file and line it is on. */
function namedIn(file: string, re: RegExp): [string, string][] {
  const text = fs.readFileSync(path.join(REPO, file), 'utf8');
  const out: [string, string][] = [];
  for (const m of text.matchAll(re)) {
    for (const id of m.groups!.id.split(/\s*,\s*/)) {
      if (id === '*' || id.endsWith('/*')) continue;
      out.push([id, `${file}:${text.slice(0, m.index).split('\n').length}`]);
    }
  }
  return out;
}

const AREA = `(?:${areas.join('|')})`;

describe('rule ids named anywhere are declared by a rule', () => {
  it('knows the areas of the catalogue', () => assert.ok(areas.length >= 10 && areas.includes('docker') && areas.includes('ops'), areas.join()));

  it('the roadmap mapping table names only rules that exist', () => {
    for (const e of mappingTable(allRules)) {
      for (const ref of e.rules) {
        assert.ok(expandRef(ref, registry).length > 0, `mapping "${e.topic}" names ${ref}, which matches no rule`);
        if (!ref.includes('*') && !ref.startsWith('category:')) assert.ok(registry.has(ref), `unknown rule id ${ref}`);
      }
    }
  });

  it('keeps in mapping.ts only the phrases that stand for more than one rule', () => {
    for (const e of CROSS_RULE) {
      const many = e.rules.length > 1 || e.rules.some((r) => r.includes('*') || r.startsWith('category:'));
      assert.ok(many, `"${e.topic}" stands for ${e.rules[0]} alone: declare it in that rule's roadmap phrases`);
    }
  });

  it('orders the roadmap phrases by unique ranks', () => {
    const table = mappingTable(allRules);
    const seen = new Map<number, string>();
    for (const e of table) {
      assert.ok(Number.isInteger(e.rank) && e.rank > 0, `"${e.topic}" has rank ${e.rank}`);
      assert.ok(!seen.has(e.rank), `"${e.topic}" and "${seen.get(e.rank)}" share rank ${e.rank}: the order between them would be an accident`);
      seen.set(e.rank, e.topic);
    }
    assert.deepEqual(table.map((e) => e.rank), [...seen.keys()].sort((a, b) => a - b));
    // Every rule's own phrases are in the table, standing for that rule alone.
    for (const r of allRules) {
      for (const p of r.roadmap ?? []) assert.deepEqual(table.find((e) => e.rank === p.rank)?.rules, [r.id], `${r.id}: "${p.topic}"`);
    }
  });

  it('links every scaffold template to rules that exist, and every rule to a template that exists', () => {
    const templates = new Set(TEMPLATES.map((t) => t.id));
    for (const r of allRules) if (r.scaffold) assert.ok(templates.has(r.scaffold), `${r.id} names the scaffold ${r.scaffold}, which no template is`);
    for (const t of TEMPLATES) {
      if (t.id === 'manifest') continue;
      assert.ok(allRules.some((r) => r.scaffold === t.id), `no rule names the scaffold template ${t.id}: it answers no finding`);
    }
    assert.deepEqual(undeclared(SCAFFOLDED_RULE_IDS.map((id) => [id, 'SCAFFOLDED_RULE_IDS'])), []);
  });

  it('code-action providers handle only rules that exist', () => {
    const named: [string, string][] = [];
    for (const p of PROVIDERS) {
      if (p.codes === '*') continue;
      for (const c of p.codes) if (!c.startsWith(REPOSITORY_SUMMARY_PREFIX)) named.push([c, `provider ${p.name}`]);
    }
    assert.ok(named.length > 0);
    assert.deepEqual(undeclared(named), []);
  });

  it('rules require only rules that exist', () => {
    assert.deepEqual(undeclared(allRules.flatMap((r) => (r.requires ?? []).map((id): [string, string] => [id, `requires of ${r.id}`]))), []);
  });

  it('the server and the client name only rules that exist in their string literals', () => {
    // A whole quoted literal shaped like an id: 'docker/healthcheck', "ci/workflow-present", `ops/runbook`.
    const re = new RegExp(`(['"\`])(?<id>${AREA}/[a-z0-9][a-z0-9-]*)\\1`, 'g');
    const files = [...filesUnder('server/src', ['.ts']), ...filesUnder('client/src', ['.ts'])];
    assert.ok(files.length > 100, `${files.length} source files`);
    const named = files.flatMap((f) => namedIn(f, re));
    assert.ok(named.length > 100, `${named.length} ids named`);
    assert.deepEqual(undeclared(named), []);
  });

  it('the documentation names only rules that exist', () => {
    const top = fs.readdirSync(REPO).filter((f) => f.endsWith('.md'));
    const md = [...top, ...['docs', 'examples', 'server/src', 'client/src'].flatMap((d) => filesUnder(d, ['.md']))];
    assert.ok(md.includes('README.md') && md.includes('ARCHITECTURE.md') && md.includes('docs/rules.md'), md.join());
    // In code spans (`docker/healthcheck`) and in inline suppressions, which name ids in prose too.
    const code = new RegExp(`\`(?<id>${AREA}/[a-z0-9][a-z0-9-]*)\``, 'g');
    const ignore = new RegExp(`readiness-ignore(?:-file)?\\s+(?<id>[a-z0-9*][\\w\\-/*]*(?:\\s*,\\s*[a-z0-9*][\\w\\-/*]*)*)`, 'g');
    const named = md.flatMap((f) => [...namedIn(f, code), ...namedIn(f, ignore)]);
    assert.ok(named.length > 100, `${named.length} ids named`);
    // Suppressions in source comments name ids as well.
    const comments = filesUnder('server/src', ['.ts']).flatMap((f) => namedIn(f, ignore)).filter(([id]) => new RegExp(`^${AREA}/`).test(id));
    assert.deepEqual(undeclared([...named, ...comments]), []);
  });

  it('the manifests the repository ships name only rules that exist', () => {
    const manifests = ['readiness.yaml', ...filesUnder('examples', ['readiness.yaml', 'readiness.yml'])].filter((f) => fs.existsSync(path.join(REPO, f)));
    assert.ok(manifests.length >= 2, manifests.join());
    const named: [string, string][] = [];
    for (const f of manifests) {
      const m = parseManifest(new SourceFile(f, fs.readFileSync(path.join(REPO, f), 'utf8'), 'manifest')).manifest;
      for (const id of Object.keys(m.rules)) named.push([id, `${f} rules`]);
      for (const w of m.waivers) named.push([w.rule, `${f} waivers`]);
    }
    assert.deepEqual(undeclared(named.filter(([id]) => !id.endsWith('/*'))), []);
  });
});
