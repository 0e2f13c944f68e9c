/**
 * The YAML view of core/yaml-view.ts: `yamlPlain` must give exactly what the `yaml` package's own
 * `toJS` gives (it converts the common case itself, for speed), on documents built by the fast path
 * and by the package, on the YAML that trips conversions (merge keys, keys named like Object's own
 * properties, empty and non-string keys, aliases, YAML 1.1 sets and ordered maps), and on every
 * workflow of the real-world corpus; and the entry accessors walk what `yamlEntries` and `yamlItems` list.
 */
import * as assert from 'node:assert/strict';
import { isCollection, parseAllDocuments, visit, type Document, type Node } from 'yaml';
import { SourceFile, YAML_OPTIONS } from '../server/src/core/source';
import { yamlEntries, yamlItemAt, yamlItems, yamlKeyAt, yamlPlain, yamlSize, yamlValueAt } from '../server/src/core/yaml-view';
import { loadCorpora } from './robustness-helpers';

/** Every collection of the documents, with `yamlPlain` and `toJS` side by side; returns how many were compared. */
function comparePlain(docs: Document[], label: string): number {
  let compared = 0;
  for (const doc of docs) {
    visit(doc, {
      Node(_key, n) {
        if (!isCollection(n)) return;
        compared++;
        let mine: unknown;
        let theirs: unknown;
        let mineThrew: unknown;
        let theirsThrew: unknown;
        try {
          mine = yamlPlain(n, doc, 200);
        } catch (e) {
          mineThrew = e;
        }
        try {
          theirs = (n as Node).toJS(doc, { maxAliasCount: 200 });
        } catch (e) {
          theirsThrew = e;
        }
        assert.equal(String(mineThrew), String(theirsThrew), `${label}: one conversion threw`);
        assert.deepEqual(mine, theirs, label);
        // Same own keys in the same order (deepEqual does not look at the order).
        assert.equal(JSON.stringify(mine), JSON.stringify(theirs), label);
      },
    });
  }
  return compared;
}

const TRICKY = [
  'a: 1\nb: [x, {c: d}]\nc: null\n',
  // Keys named like Object's own properties, and repeated keys.
  '__proto__: {polluted: true}\nconstructor: 1\ntoString: x\nhasOwnProperty: y\na: 1\na: 2\n',
  // Empty, null, numeric, boolean and quoted keys.
  '? \n: empty\n~: tilde\n1: one\n1.5: float\ntrue: yes\n"quoted": q\n0x1F: hex\n',
  // Merge keys (YAML 1.2 reads `<<` as a plain key unless told otherwise) and aliases.
  'base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\nlist: [*b, *b]\n',
  '%YAML 1.1\n---\nbase: &b {x: 1}\nderived:\n  <<: *b\n  z: 2\nset: !!set {a, b}\nomap: !!omap [a: 1, b: 2]\nwhen: 2001-12-14\n',
  // Collections as keys, which the package stringifies.
  '? [a, b]\n: seq-key\n? {c: d}\n: map-key\n',
  // Block scalars, comments, flow collections.
  'run: |\n  echo 1\n  echo 2\nfolded: >\n  a\n  b\nflow: {a: [1, 2], b: {c: ~}}  # comment\n',
  // Several documents.
  'a: 1\n---\n- b\n- {c: 2}\n',
  // More aliased nodes than the count allows (the package throws on a document the engine has not guarded).
  `a: &a [1]\nb: &b [${Array(10).fill('*a').join(', ')}]\nc: [${Array(30).fill('*b').join(', ')}]\n`,
];

describe('yaml view: yamlPlain gives what the package\'s toJS gives', () => {
  it('on YAML that trips conversions, parsed by the fast path and by the package', () => {
    let n = 0;
    for (const text of TRICKY) {
      n += comparePlain(new SourceFile('x.yaml', text, 'yaml').yamlDocs, text);
      n += comparePlain(parseAllDocuments(text, YAML_OPTIONS) as Document[], text);
    }
    assert.ok(n > 30, `only ${n} collections compared`);
    // The last text's aliases expand past the count: both conversions throw on the package's document.
    const [doc] = parseAllDocuments(TRICKY[TRICKY.length - 1], YAML_OPTIONS) as Document[];
    assert.throws(() => yamlPlain(doc.get('c', true), doc, 200), /alias/i);
  });

  it('on every collection of every workflow of the real-world corpus', function () {
    this.timeout(300_000);
    const corpora = loadCorpora();
    if (typeof corpora === 'string') return this.skip();
    let n = 0;
    for (const f of corpora.workflows) n += comparePlain(new SourceFile(`.github/workflows/${f.name}`, f.text, 'workflow').yamlDocs, f.name);
    assert.ok(n > 35_000, `only ${n} collections compared`);
  });

  it('returns a scalar\'s value as it is', () => {
    const [doc] = new SourceFile('x.yaml', 'a: &a [1]\nb: [*a, *a, *a]\nc: 0x10\n', 'yaml').yamlDocs;
    assert.deepEqual(yamlPlain(doc.get('b', true), doc, 200), [[1], [1], [1]]);
    assert.equal(yamlPlain(doc.get('c', true), doc, 200), 16);
  });
});

describe('yaml view: entry accessors', () => {
  it('walk the entries and items that yamlEntries and yamlItems list, and nothing past them', () => {
    const [doc] = new SourceFile('x.yaml', 'a: 1\nb:\nc: [x, , y]\n', 'yaml').yamlDocs;
    const root = doc.contents;
    const entries = yamlEntries(root);
    assert.equal(yamlSize(root), entries.length);
    entries.forEach((e, i) => {
      assert.equal(yamlKeyAt(root, i), e.key);
      assert.equal(yamlValueAt(root, i), e.value);
    });
    assert.equal(yamlKeyAt(root, entries.length), undefined);
    assert.equal(yamlValueAt(root, entries.length), undefined);
    const seq = entries[2].value;
    yamlItems(seq).forEach((it, i) => assert.equal(yamlItemAt(seq, i), it));
    assert.equal(yamlItemAt(seq, yamlSize(seq)), undefined);
    assert.equal(yamlItemAt(root, 0), undefined);
    assert.equal(yamlKeyAt(seq, 0), undefined);
  });
});
