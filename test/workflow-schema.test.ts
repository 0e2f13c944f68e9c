/**
 * ci/workflow-valid runs GitHub's workflow parser (@actions/workflow-parser) on the YAML document the
 * engine already parsed, through our own `ObjectReader` (rules/lib/workflow-schema.ts). These tests
 * hold that reader to the package's own YAML front end (`parseWorkflow`): on every workflow of the
 * real-world corpus and of the fixtures, both must find the same problems at the same places. They
 * also check what the package's front end does not do: undefined aliases, alias bombs, and messages
 * that name the YAML path.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as gh from '../server/src/vendor/actions-workflow-parser';
import { SourceFile } from '../server/src/core/source';
import { schemaProblems } from '../server/src/rules/lib/workflow-schema';
import { loadCorpora, type CorpusFile } from './robustness-helpers';
import { REPO } from './helpers';

/** The problems the package's own front end finds, as `line:column message` (one-based). */
function theirs(name: string, text: string): string[] {
  const r = gh.parseWorkflow({ name, content: text }, new gh.NoOperationTraceWriter());
  const ctx = r.context;
  if (r.value && ctx.errors.count === 0) {
    try {
      for (const item of r.value.assertMapping('root')) {
        const key = item.key.assertString('root key').value;
        const run = (f: () => unknown) => {
          try {
            f();
          } catch (e) {
            ctx.error(e instanceof gh.TemplateTokenError ? e.token : r.value, e);
          }
        };
        if (key === 'on') run(() => gh.convertOn(ctx, item.value));
        if (key === 'jobs') run(() => gh.convertJobs(ctx, item.value));
        if (key === 'concurrency') run(() => gh.convertConcurrency(ctx, item.value));
      }
    } catch (e) {
      ctx.error(r.value, e);
    }
  }
  return ctx.errors.getErrors().map((e) => `${e.range ? `${e.range.start.line}:${e.range.start.column}` : '-'} ${e.rawMessage}`);
}

/** The same, through our reader: the parser's raw messages and start positions, before our wording. */
function ours(name: string, text: string): string[] | undefined {
  const file = new SourceFile(`.github/workflows/${name}`, text, 'workflow');
  const doc = file.yamlDocs[0];
  if (!doc || doc.errors.length > 0 || file.yamlDocs.length > 1) return undefined;
  const raw: string[] = [];
  schemaProblems(file, doc, 20, (e) => raw.push(e));
  return raw;
}

function workflowFixtures(): CorpusFile[] {
  const out: CorpusFile[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const abs = path.join(d, e.name);
      if (e.isDirectory()) walk(abs);
      else if (/\.ya?ml$/.test(e.name) && abs.includes(`${path.sep}.github${path.sep}workflows${path.sep}`)) out.push({ name: path.relative(REPO, abs), text: fs.readFileSync(abs, 'utf8') });
    }
  };
  walk(path.join(REPO, 'server', 'src', 'rules'));
  return out;
}

function compare(files: CorpusFile[]): number {
  let compared = 0;
  const diffs: string[] = [];
  for (const f of files) {
    // The package's own front end stops at undefined aliases in its own way; those are ours alone.
    if (/(^|[\s[{,:-])\*[\w-]+/.test(f.text) && !/&[\w-]+/.test(f.text)) continue;
    const mine = ours(path.basename(f.name), f.text);
    if (!mine) continue;
    compared++;
    const expected = theirs(path.basename(f.name), f.text);
    if (JSON.stringify(mine) !== JSON.stringify(expected)) diffs.push(`${f.name}\n  ours:   ${mine.join(' | ')}\n  theirs: ${expected.join(' | ')}`);
  }
  assert.deepEqual(diffs, [], `${diffs.length} workflow(s) where our reader and the parser's own disagree`);
  return compared;
}

describe('workflow schema: our YAML reader feeds GitHub\'s parser exactly as its own does', function () {
  this.timeout(300_000);

  it('on every workflow of the fixtures', () => {
    const n = compare(workflowFixtures());
    assert.ok(n > 40, `only ${n} fixture workflows compared`);
  });

  it('on every workflow of the real-world corpus', function () {
    const corpora = loadCorpora();
    if (typeof corpora === 'string') return this.skip();
    const n = compare(corpora.workflows);
    assert.ok(n > 1400, `only ${n} corpus workflows compared`);
  });
});

describe('workflow schema: what our reader adds', () => {
  const problems = (text: string) => {
    const file = new SourceFile('.github/workflows/ci.yml', text, 'workflow');
    return schemaProblems(file, file.yamlDocs[0]);
  };

  it('reports an alias to an undefined anchor where it is', () => {
    const p = problems('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: *nope\n');
    const alias = p.find((x) => x.message.includes('*nope'));
    assert.ok(alias, JSON.stringify(p));
    assert.equal(alias.range.start.line, 5);
  });

  it('an alias bomb finishes fast with a clear problem instead of expanding', () => {
    const env = ['      A: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      env.push(`      ${String.fromCharCode(65 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const text = `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    env:\n${env.join('\n')}\n    steps:\n      - run: echo\n`;
    const t = Date.now();
    const p = problems(text);
    assert.ok(Date.now() - t < 5000, `took ${Date.now() - t} ms`);
    assert.ok(p.some((x) => /not validated: too many YAML nodes/.test(x.message)), JSON.stringify(p));
  });

  it('names the YAML path and suggests the key that was meant', () => {
    const p = problems('on:\n  push:\n    branch: [main]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    timeout_minutes: 5\n    steps:\n      - run: echo\n');
    assert.deepEqual(p.map((x) => [x.range.start.line, /`(\w+)` is not a key GitHub accepts under `([\w.]+)` \(did you mean `([\w-]+)`/.exec(x.message)?.slice(1)]), [
      [2, ['branch', 'on.push', 'branches']],
      [6, ['timeout_minutes', 'jobs.a', 'timeout-minutes']],
    ]);
  });

  it('checks each expression once per workflow yet reports every place it is invalid, in the context of each', () => {
    // `secrets` is not a context of `runs-on` but is one of a step's `env`: the same expression is
    // invalid in one place and valid in another, and invalid twice at two places.
    const p = problems('on: push\njobs:\n  a:\n    runs-on: ${{ secrets.RUNNER }}\n    steps:\n      - run: echo\n        env:\n          A: ${{ secrets.RUNNER }}\n  b:\n    runs-on: ${{ secrets.RUNNER }}\n    steps:\n      - run: echo\n');
    assert.deepEqual(p.map((x) => [x.range.start.line, /Unrecognized named-value: 'secrets'/.test(x.message)]), [
      [3, true],
      [9, true],
    ]);
    // Nothing carries over to the next workflow.
    assert.deepEqual(problems('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n        env:\n          A: ${{ secrets.RUNNER }}\n'), []);
  });
});

describe('workflow schema: the direct load of scripts/esbuild-vendor.mjs', () => {
  it('builds exactly the definitions of the package\'s own load', () => {
    const theirs = gh.loadWorkflowSchemaAsThePackageDoes;
    assert.ok(theirs, 'the patch of workflow-schema.js did not apply (see the build\'s warning): re-check it against the installed @actions/workflow-parser');
    // Own fields, recursively, with each object's class.
    const shape = (o: unknown): unknown => {
      if (o === null || typeof o !== 'object') return o;
      if (Array.isArray(o)) return o.map(shape);
      const out: Record<string, unknown> = { '(class)': (Object.getPrototypeOf(o) as { constructor?: { name?: string } } | null)?.constructor?.name };
      for (const k of Object.keys(o)) out[k] = shape((o as Record<string, unknown>)[k]);
      return out;
    };
    const direct = gh.getWorkflowSchema();
    const official = theirs();
    assert.notEqual(direct, official);
    assert.ok(Object.keys(direct.definitions).length > 400);
    assert.deepEqual(shape(direct.definitions), shape(official.definitions));
    assert.equal(direct.version, official.version);
  });
});
