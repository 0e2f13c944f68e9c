/**
 * What a test looks like in each ecosystem: test file naming conventions and the pattern of a test
 * case, so that testing rules count real tests, not folders named `test`. Also decides which of the
 * detected stacks actually hold code (a Python service with a package.json for its linters is not
 * a Node project that needs Jest tests).
 */
import type { Facts, Stack } from '../../core/facts';
import type { SourceFile } from '../../core/source';
import type { Workspace } from '../../core/workspace';
import { isTemplatePath } from './util';
import { firstHit, pathMemo, productSources, sourcePaths, type Hit } from './evidence';

/** Source extensions of each stack. */
export const STACK_EXT: Record<Stack, RegExp> = {
  node: /\.(?:[cm]?[jt]sx?)$/,
  python: /\.py$/,
  go: /\.go$/,
  java: /\.(?:java|kt|kts|scala|groovy)$/,
  ruby: /\.rb$/,
  rust: /\.rs$/,
  dotnet: /\.(?:cs|fs)$/,
};

/** Test file naming conventions of each stack. */
export const TEST_FILE: Record<Stack, RegExp> = {
  node: /(?:[._-](?:test|spec)\.[cm]?[jt]sx?$)|(?:(?:^|\/)(?:__tests__|tests?)\/.*\.[cm]?[jt]sx?$)/,
  python: /(?:(?:^|\/)test_[^/]*\.py$)|(?:_test\.py$)|(?:(?:^|\/)tests?\/(?:.*\/)?(?!__init__|conftest)[^/]+\.py$)/,
  go: /_test\.go$/,
  java: /(?:(?:^|\/)src\/(?:test|integrationTest|it)\/.*\.(?:java|kt|scala|groovy)$)|(?:(?:Test|Tests|IT|Spec)\.(?:java|kt|scala|groovy)$)/,
  ruby: /(?:_spec\.rb$)|(?:(?:^|\/)test\/.*_test\.rb$)|(?:(?:^|\/)test\/.*test_[^/]*\.rb$)/,
  rust: /\.rs$/,
  dotnet: /(?:(?:^|\/)[^/]*\.Tests?\/.*\.(?:cs|fs)$)|(?:Tests?\.(?:cs|fs)$)/,
};

/** The pattern of one test case in each stack. */
export const TEST_CASE: Record<Stack, RegExp> = {
  node: /(?<![\w.$])(?:it|test|specify)(?:\.(?:only|skip|each|concurrent|failing|todo)\b[^\n(]{0,40})?\s*\(|\bDeno\.test\s*\(|\bt\.test\s*\(/,
  python: /^[ \t]*(?:async[ \t]+)?def[ \t]+test\w*[ \t]*\(/m,
  go: /^func[ \t]+(?:\([^)\n]*\)[ \t]*)?(?:Test|Example|Fuzz)\w*[ \t]*\(/m,
  java: /@(?:Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate)\b|\bdef\s+"[^"\n]+"\s*\(\s*\)|\btest\s*\(\s*"/,
  ruby: /^[ \t]*(?:it|specify|scenario|example|test)(?:[ \t]*\(|[ \t]+['"]|[ \t]*\{|[ \t]+do\b)|^[ \t]*def[ \t]+test_\w+/m,
  rust: /#\[(?:[\w:]+::)?(?:test|rstest|test_case)\b/,
  dotnet: /\[(?:Fact|Theory|Test|TestMethod|TestCase|DataTestMethod)\b/,
};

/** True when a path is a test file of a stack by its name and folder. */
export function isTestFileOf(stack: Stack, p: string): boolean {
  if (isTemplatePath(p) && !/(^|\/)(tests?|spec)\//.test(p)) return false;
  if (/(^|\/)(fixtures?|testdata|__fixtures__|__snapshots__|__mocks__)\//i.test(p)) return false;
  if (stack === 'rust') return /\.rs$/.test(p);
  return TEST_FILE[stack].test(p);
}

/** The stack whose tests a path holds, by extension. */
export function stackOfPath(p: string): Stack | undefined {
  for (const s of Object.keys(STACK_EXT) as Stack[]) if (STACK_EXT[s].test(p)) return s;
  return undefined;
}

/** The first test case in a file of a stack, or undefined. */
export function firstTestCase(stack: Stack, file: SourceFile): Hit | undefined {
  return firstHit(file, TEST_CASE[stack]);
}

/** The stacks that hold product code of their own (detected by manifest and by source files). */
export function activeStacks(ws: Workspace, facts: Facts): Stack[] {
  const sources = productSources(ws);
  return facts.stacks.filter((s) => pathMemo(ws, `has-code:${s}`, () => sources.some((p) => STACK_EXT[s].test(p))));
}

/** Result of looking for the tests of one stack. */
export interface StackTests {
  stack: Stack;
  /** Paths that look like test files by name. */
  files: string[];
  /** The first test case found, if any. */
  testCase?: Hit;
}

/** Finds the test files of a stack and the first real test case among them (reads at most `maxReads` files). */
export function findTests(ws: Workspace, stack: Stack, maxReads = 300): StackTests {
  const files = pathMemo(ws, `tests:${stack}`, () => sourcePaths(ws).filter((p) => isTestFileOf(stack, p)));
  // Rust keeps unit tests inside the source files; look at `tests/` and `#[cfg(test)]` modules alike.
  const ordered = stack === 'rust' ? [...files.filter((p) => /(^|\/)tests\//.test(p)), ...files.filter((p) => !/(^|\/)tests\//.test(p))] : files;
  let reads = 0;
  for (const p of ordered) {
    if (reads++ >= maxReads) break;
    const f = ws.read(p);
    if (!f) continue;
    const hit = firstTestCase(stack, f);
    if (hit) return { stack, files: stack === 'rust' ? files.filter((x) => /(^|\/)tests\//.test(x)) : files, testCase: hit };
  }
  return { stack, files: stack === 'rust' ? files.filter((x) => /(^|\/)tests\//.test(x)) : files };
}

/** Human names of the test conventions, for messages. */
export const TEST_HINT: Record<Stack, string> = {
  node: 'add `*.test.ts` (or `.js`) files with `test(...)`/`it(...)` cases and a runner such as Vitest, Jest or `node --test`',
  python: 'add `tests/test_*.py` files with `def test_...` functions and run them with pytest',
  go: 'add `*_test.go` files with `func TestXxx(t *testing.T)` next to the code they test',
  java: 'add JUnit tests under `src/test/java` with `@Test` methods',
  ruby: 'add RSpec specs under `spec/` (`*_spec.rb` with `it` blocks) or Minitest tests under `test/`',
  rust: 'add `#[test]` functions in a `#[cfg(test)] mod tests` or integration tests under `tests/`',
  dotnet: 'add an xUnit/NUnit test project (`*.Tests`) with `[Fact]`/`[Test]` methods',
};
