/**
 * testing/e2e: a project with a web front end has end-to-end tests that drive a real browser
 * (Playwright, Cypress, Selenium, WebdriverIO, Puppeteer, TestCafe, Nightwatch). A runner that is
 * configured but has no test with a case earns half the credit. A test file in the folder a Playwright
 * config names as its `testDir` is a browser test even when it drives the page through the project's
 * own fixtures and page objects (the runner gives it the browser).
 */
import * as path from 'node:path';
import type { Evidence, WorkspaceRule } from '../../core/types';
import type { Workspace } from '../../core/workspace';
import { isTemplatePath, outcome } from '../lib/util';
import { depsMatching, firstHit, type Hit, sourcePaths } from '../lib/evidence';
import { TEST_CASE } from '../lib/test-cases';

const CONFIG = /(?:^|\/)(?:playwright(?:-ct)?\.config|cypress\.config|wdio\.conf|nightwatch\.conf|\.testcaferc|codecept\.conf)\.[\w.]+$|(?:^|\/)cypress\.json$/i;
const E2E_DEPS = /^(?:@playwright\/test|playwright|cypress|selenium-webdriver|selenium|webdriverio|@wdio\/cli|puppeteer|testcafe|nightwatch|pytest-playwright|capybara|codeceptjs)$/;
/** Files that hold browser tests, by name or folder. */
const E2E_FILE = /(?:^|\/)(?:e2e|cypress|playwright|browser-tests?|acceptance|ui-tests?)\/.*\.(?:[cm]?[jt]sx?|py|rb|java|cs)$|\.(?:cy|e2e|e2e-spec)\.[cm]?[jt]sx?$|\.spec\.[cm]?[jt]sx?$|(?:^|\/)(?:tests?|spec)\/.*\.(?:[cm]?[jt]sx?|py|rb)$/i;
/** A browser driven in the file. */
const DRIVER = /@playwright\/test|from ['"]playwright|playwright\.(?:sync|async)_api|\bcy\.(?:visit|get|contains|request)\(|selenium|webdriver|\bbrowser\.url\(|puppeteer|testcafe|\bvisit\s+['"(]|nightwatch|\bpage\.goto\(/;
const CASE = new RegExp(`${TEST_CASE.node.source}|${TEST_CASE.python.source}|${TEST_CASE.ruby.source}|\\bScenario\\(`, 'm');

/** The `testDir` folders that Playwright configs name, relative to the repository root. */
function playwrightTestDirs(ws: Workspace, configs: string[]): string[] {
  const dirs: string[] = [];
  for (const c of configs) {
    if (!/(?:^|\/)playwright(?:-ct)?\.config\.[\w.]+$/i.test(c)) continue;
    const m = /\btestDir\s*:\s*['"`]([^'"`\n]+)['"`]/.exec(ws.read(c)?.text ?? '');
    if (!m) continue;
    const dir = path.posix.normalize(path.posix.join(path.posix.dirname(c), m[1])).replace(/\/+$/, '');
    if (dir && dir !== '.' && !dir.startsWith('..')) dirs.push(`${dir}/`);
  }
  return dirs;
}

export const rule: WorkspaceRule = {
  id: 'testing/e2e',
  category: 'testing',
  severity: 'medium',
  level: 'production',
  title: 'End-to-end tests drive the web front end in a browser',
  rationale: 'Unit tests do not catch a broken login page or a build that ships a blank screen; a few browser tests on the critical user journeys do.',
  roadmap: [{ topic: 'end-to-end tests', match: /\be2e\b|end[- ]to[- ]end|playwright|cypress|selenium/, rank: 270 }],
  scope: 'workspace',
  enforcedByCi: true,
  applies(facts) {
    return facts.hasWebFrontend || 'no web front end';
  },
  check({ ws, facts }) {
    const evidence: Evidence[] = [];
    const configs = ws.files.filter((p) => CONFIG.test(p) && !isTemplatePath(p));
    const config = configs[0];
    const testDirs = playwrightTestDirs(ws, configs);
    if (config) evidence.push({ message: `browser test runner configured in ${config}`, file: config });
    const deps = depsMatching(facts, E2E_DEPS);
    if (deps.length) evidence.push({ message: `browser test dependencies: ${deps.join(', ')}` });
    let test: Hit | undefined;
    let reads = 0;
    for (const p of sourcePaths(ws)) {
      const inTestDir = testDirs.some((d) => p.startsWith(d)) && /\.(?:spec|test)\.[cm]?[jt]sx?$/.test(p);
      if ((!E2E_FILE.test(p) && !inTestDir) || isTemplatePath(p) || /(^|\/)(fixtures?|support|plugins)\//.test(p)) continue;
      if (reads++ > 300) break;
      const f = ws.read(p);
      if (!f || (!inTestDir && !DRIVER.test(f.text))) continue;
      const hit = firstHit(f, CASE);
      if (hit) {
        test = hit;
        break;
      }
    }
    if (test) {
      evidence.push({ message: 'browser test case', file: test.file, line: test.line });
      return outcome.pass(evidence);
    }
    if (config || deps.length) {
      return outcome.partial(0.5, [{
        message: `a browser test runner is set up (${config ?? deps.join(', ')}) but no end-to-end test was found: write tests for the critical user journeys (sign-in, the main flow)`,
        file: config ?? null,
        ...(config ? { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } } : {}),
      }], evidence);
    }
    return outcome.fail([{ message: 'the web front end has no end-to-end tests: add Playwright (`npm init playwright@latest`) or Cypress and cover the critical user journeys', file: null }]);
  },
};
