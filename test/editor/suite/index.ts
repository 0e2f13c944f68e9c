/**
 * Runs the in-editor mocha suite inside a VS Code extension host. Two launchers call `run()`:
 * `@vscode/test-electron` (as `extensionTestsPath`, where a VS Code build can be downloaded) and the
 * code-server runner extension of `scripts/editor-test.mjs` (everywhere else), which passes a path to
 * write the results to. Mocha is loaded from the repository's node_modules.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** One test's outcome. */
export interface TestOutcome {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: string;
}

/** What `run` reports. */
export interface SuiteResult {
  passed: number;
  failed: number;
  pending: number;
  tests: TestOutcome[];
}

/** Runs the suite; with `resultsPath`, also writes the results there as JSON. Rejects on failures unless told not to. */
export function run(opts: { resultsPath?: string; rejectOnFailure?: boolean } = {}): Promise<SuiteResult> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 90000, color: false, reporter: 'spec' });
  mocha.addFile(path.join(__dirname, 'editor.test.js'));
  const tests: TestOutcome[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const result: SuiteResult = {
        passed: tests.filter((t) => t.state === 'passed').length,
        failed: tests.filter((t) => t.state === 'failed').length,
        pending: tests.filter((t) => t.state === 'pending').length,
        tests,
      };
      if (opts.resultsPath) fs.writeFileSync(opts.resultsPath, JSON.stringify(result, null, 2));
      if (failures > 0 && opts.rejectOnFailure !== false) reject(new Error(`${failures} in-editor test(s) failed`));
      else resolve(result);
    });
    runner.on('pass', (t) => tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0 }));
    runner.on('fail', (t, err) => tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration ?? 0, error: String((err as Error)?.stack ?? err) }));
    runner.on('pending', (t) => tests.push({ title: t.fullTitle(), state: 'pending', durationMs: 0 }));
  });
}
