// Profiles "our" side of a comparison alone, for `node --cpu-prof`:
//   node --cpu-prof --cpu-prof-dir=bench/.work/prof bench/profile.mjs workflow|dockerfile [passes]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const engine = require(path.join(HERE, '.work', 'engine.cjs'));
const kind = process.argv[2] ?? 'dockerfile';
const passes = Number(process.argv[3] ?? 10);
const dir = path.join(HERE, '.work', 'corpus', kind === 'workflow' ? 'workflows' : 'sources-gold');
const files = fs.readdirSync(dir).sort().map((n) => ({ name: n, text: fs.readFileSync(path.join(dir, n), 'utf8') }));
const rules = engine.fileRulesOf(kind);
const prefix = kind === 'workflow' ? '.github/workflows/' : 'docker/';
for (let p = 0; p < passes; p++) {
  const t = performance.now();
  for (const f of files) engine.analyse(prefix + f.name, f.text, rules);
  console.log(`pass ${p + 1}: ${(performance.now() - t).toFixed(0)} ms for ${files.length} files, ${rules.length} rules`);
}
