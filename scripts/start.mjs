// `npm start [-- path]`: audits a bundled example workspace (or the given path) and prints the report.
// The audit's gates are not applied here (it is a demonstration); use `readiness audit` in CI.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const target = args.find((a) => !a.startsWith('-')) ?? path.join(root, 'examples', 'overclaiming-app');
const extra = args.filter((a) => a.startsWith('-'));
const res = spawnSync(process.execPath, [path.join(root, 'bin', 'readiness.js'), 'audit', target, '--fail-on', 'none', ...extra], { stdio: 'inherit' });
process.exit(res.status ?? 2);
