/**
 * The literal mask that tells code from comments, strings and regex literals (core/code-mask.ts): a code
 * pattern inside a literal is text about the thing, so rules skip it.
 */
import * as assert from 'assert';
import { literalMask } from '../server/src/core/code-mask';

/** The characters of `text` that the mask marks as code, with literals replaced by `_`. */
function code(text: string, path: string): string {
  const mask = literalMask(text, path);
  return [...text].map((c, i) => (mask[i] ? '_' : c)).join('');
}

describe('code mask', () => {
  it('marks JavaScript comments, strings, template literals and regex literals', () => {
    const src = "const a = 'x: false'; // listen(3000)\nconst re = /ListenAndServe\\(/g; /* http.createServer( */ app.listen(3000);\nconst t = `rejectUnauthorized: false`;";
    const out = code(src, 'a.ts');
    assert.ok(out.includes('app.listen(3000)'), out);
    assert.ok(!out.includes('ListenAndServe'), out);
    assert.ok(!out.includes('createServer'), out);
    assert.ok(!out.includes('rejectUnauthorized'), out);
    assert.ok(!out.includes('x: false'), out);
  });

  it('tells a division from a regex literal by the token before the slash', () => {
    const out = code('const half = total / 2; const also = (a) / b / c;', 'a.js');
    assert.strictEqual(out, 'const half = total / 2; const also = (a) / b / c;');
  });

  it('marks Python comments, strings and docstrings', () => {
    const src = 'def f():\n    """verify=False is unsafe"""\n    # verify=False\n    return requests.get(url, verify=False)\n';
    const out = code(src, 'a.py');
    assert.strictEqual((out.match(/verify=False/g) ?? []).length, 1, out);
    assert.ok(out.includes('requests.get(url, verify=False)'), out);
  });

  it('marks Go raw strings across lines and leaves other files alone', () => {
    const out = code('s := `a\nListenAndServe(`\nhttp.ListenAndServe(":8080", nil)', 'main.go');
    assert.ok(out.includes('http.ListenAndServe('), out);
    assert.strictEqual((out.match(/ListenAndServe/g) ?? []).length, 1, out);
    assert.strictEqual(code("x = 'a' # b", 'README.md'), "x = 'a' # b");
  });

  it('never throws on unterminated literals', () => {
    for (const src of ['"abc', '/* open', '`tmpl', "'''doc", 'a = /re']) {
      assert.doesNotThrow(() => literalMask(src, 'x.ts'));
      assert.doesNotThrow(() => literalMask(src, 'x.py'));
    }
  });
});
