/**
 * Tests of the format views of `SourceFile` (core/formats): strict JSON, JSON with comments and TOML
 * are parsed once per file version, give the value or the parser's error with its position, and the
 * JSONC tree gives the exact offsets that fixes edit.
 */
import * as assert from 'node:assert/strict';
import { SourceFile } from '../server/src/core/source';
import { jsonValue } from '../server/src/core/formats/json';
import { jsoncMember } from '../server/src/core/formats/jsonc';
import { tomlAt, tomlTableLine } from '../server/src/core/formats/toml';

describe('core/formats: the json, jsonc and toml views', () => {
  it('reads strict JSON once, or gives the error with its offset', () => {
    const ok = new SourceFile('package.json', '{ "name": "x", "scripts": { "test": "mocha" } }', 'package-json');
    assert.equal(ok.json, ok.json, 'the view is cached');
    assert.deepEqual(ok.json, { ok: true, value: { name: 'x', scripts: { test: 'mocha' } } });
    const bad = new SourceFile('package.json', '{\n  "name": "x",\n}\n', 'package-json');
    assert.equal(bad.json.ok, false);
    if (!bad.json.ok) {
      assert.ok(bad.json.error.offset > 0, 'the offset points into the text');
      assert.doesNotMatch(bad.json.error.message, /position \d+/);
    }
    assert.deepEqual(jsonValue('["sh", "-c", "x"]'), ['sh', '-c', 'x']);
    assert.equal(jsonValue('[sh -c'), undefined);
  });

  it('reads JSON with comments and trailing commas, with member offsets', () => {
    const text = '{\n  // c "x"\n  "a": "http://x", /* b */\n  "o": { "k": [1, 2,], },\n}\n';
    const f = new SourceFile('tsconfig.json', text, 'json');
    assert.deepEqual(f.jsonc.value, { a: 'http://x', o: { k: [1, 2] } });
    assert.deepEqual(f.jsonc.errors, []);
    assert.equal(f.jsonc, f.jsonc, 'the view is cached');
    const o = jsoncMember(f.jsonc.tree, 'o')!;
    assert.equal(text.slice(o.keyStart, o.keyStart + 3), '"o"');
    assert.equal(text.slice(o.valueStart, o.valueStart + 1), '{');
    assert.equal(text[o.valueEnd - 1], '}');
    const k = jsoncMember(o.value, 'k')!;
    assert.equal(text.slice(k.valueStart, k.valueEnd), '[1, 2,]');
    assert.equal(jsoncMember(f.jsonc.tree, 'missing'), undefined);
    const bad = new SourceFile('tsconfig.json', '{ nope', 'json');
    assert.equal(bad.jsonc.value, undefined, 'a text with errors has no value');
    assert.ok(bad.jsonc.errors.length > 0);
    assert.match(bad.jsonc.errors[0].message, /^[a-z ]+$/);
    assert.equal(new SourceFile('x.jsonc', '', 'json').jsonc.value, undefined);
  });

  it('reads TOML once, or gives the error with its line; finds table headers', () => {
    const text = '[project]\nname = "x"\n\n[ tool . "ruff" . lint ]\nselect = ["E"]\n[[tool.mypy.overrides]]\nmodule = "a"\n';
    const f = new SourceFile('pyproject.toml', text, 'toml');
    assert.equal(f.toml, f.toml, 'the view is cached');
    assert.deepEqual(tomlAt(f.toml, ['tool', 'ruff', 'lint', 'select']), ['E']);
    assert.equal(tomlAt(f.toml, ['tool', 'black']), undefined);
    assert.equal(tomlAt(f.toml, ['project', 'name', 'deeper']), undefined);
    assert.equal(tomlTableLine(f.lines, ['tool', 'ruff']), 3);
    assert.equal(tomlTableLine(f.lines, ['tool', 'mypy']), 5);
    assert.equal(tomlTableLine(f.lines, ['tool', 'black']), undefined);
    const bad = new SourceFile('Cargo.toml', '[package]\nname = \n', 'toml');
    assert.equal(bad.toml.ok, false);
    if (!bad.toml.ok) {
      assert.equal(bad.toml.error.line, 2);
      assert.doesNotMatch(bad.toml.error.message, /\n/);
    }
    assert.equal(tomlAt(bad.toml, ['package']), undefined);
  });
});
