/**
 * Tests of the one set of YAML edits for fixes (`rules/lib/yaml-edit.ts`): each helper writes the
 * file's own line endings, so a fix on a CRLF file keeps CRLF, and the edit lands where the mapping's
 * keys are.
 */
import * as assert from 'node:assert/strict';
import { SourceFile } from '../server/src/core/source';
import { applyFixes } from '../server/src/core/fixes';
import type { Fix } from '../server/src/core/types';
import { insertIntoBlockMap, insertLinesAfter, insertLinesBefore } from '../server/src/rules/lib/yaml-edit';

/** The text after applying one fix to a file. */
function apply(file: SourceFile, fix: Fix | undefined): string {
  assert.ok(fix, 'a fix is offered');
  const change = fix.changes[0];
  if (change.kind === 'edit') assert.equal(/\r\n/.test(file.text), /\r\n/.test(change.newText) || !change.newText.includes('\n'), 'the inserted text uses the file line endings');
  return applyFixes([fix], (p) => (p === file.path ? file.text : undefined)).files.get(file.path)!;
}

const COMPOSE = 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "80:80"\n';

describe('rules/lib/yaml-edit: YAML edits keep the file line endings', () => {
  for (const eol of ['\n', '\r\n']) {
    const name = eol === '\n' ? 'LF' : 'CRLF';
    const text = COMPOSE.replace(/\n/g, eol);

    it(`inserts into a block mapping (${name})`, () => {
      const f = new SourceFile('compose.yaml', text, 'compose');
      const out = apply(f, insertIntoBlockMap(f, f.yamlNode(['services', 'web']), 'Add restart', ['restart: unless-stopped']));
      assert.equal(out, 'services:\n  web:\n    image: nginx:1.27\n    restart: unless-stopped\n    ports:\n      - "80:80"\n'.replace(/\n/g, eol));
    });

    it(`inserts lines after a node and before a key (${name})`, () => {
      const f = new SourceFile('compose.yaml', text, 'compose');
      const after = apply(f, insertLinesAfter('Add port', f, f.yamlNode(['services', 'web', 'ports']), 6, ['- "443:443"']));
      assert.equal(after, text.replace(`- "80:80"${eol}`, `- "80:80"${eol}      - "443:443"${eol}`));
      const key = (f.yamlNode(['services', 'web']) as { items: { key: unknown }[] }).items[0].key;
      const before = apply(f, insertLinesBefore('Add init', f, key, ['init: true']));
      assert.equal(before, text.replace(`    image:`, `    init: true${eol}    image:`));
    });
  }

  it('writes no bare LF into a CRLF file', () => {
    const f = new SourceFile('compose.yaml', COMPOSE.replace(/\n/g, '\r\n'), 'compose');
    const out = apply(f, insertIntoBlockMap(f, f.yamlNode(['services', 'web']), 'Add healthcheck', ['healthcheck:', '  test: ["CMD", "true"]', '  interval: 10s']));
    assert.equal(/(^|[^\r])\n/.test(out), false);
    assert.match(out, /healthcheck:\r\n {6}test: \["CMD", "true"\]\r\n {6}interval: 10s\r\n/);
  });
});
