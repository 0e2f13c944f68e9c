// Every finding of "our" side of the two throughput comparisons, as JSON lines, to check that a speed
// change alters no finding: node bench/findings.mjs > before.jsonl; (change, rebuild); diff.
// BENCH_ENGINE=<bundle> selects another build of bench/engine.ts (e.g. one of main) to compare with.
// It analyses the same files, with the same rules, as `node bench/run.mjs --only workflows,dockerfiles`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const engine = require(process.env.BENCH_ENGINE ?? path.join(HERE, '.work', 'engine.cjs'));
for (const [kind, sub, prefix] of [
  ['workflow', 'workflows', '.github/workflows/'],
  ['dockerfile', 'sources-gold', 'docker/'],
]) {
  const dir = path.join(HERE, '.work', 'corpus', sub);
  const rules = engine.fileRulesOf(kind);
  for (const name of fs.readdirSync(dir).sort()) {
    if (kind === 'workflow' ? !/\.ya?ml$/.test(name) : !/Dockerfile$/.test(name)) continue;
    const a = engine.analyse(prefix + name, fs.readFileSync(path.join(dir, name), 'utf8'), rules);
    process.stdout.write(`${JSON.stringify({ file: name, errors: a.errors, evaluations: a.evaluations, findings: a.findings })}\n`);
  }
}
