/**
 * Predicates on a repository path alone (no content): is it a template or example, is it a test file.
 * Many rules and the roadmap reader ask them about every file, so the answers are remembered per path.
 */

/** True for paths that hold examples or templates rather than the project's own files. */
export function isTemplatePath(p: string): boolean {
  // Below a JVM source root (`src/main/java/`) folders are package names (`org/springframework/samples/`):
  // only the part of the path up to the source root is judged.
  return memoPath(templateMemo, p, (q) => {
    const jvm = /(^|\/)src\/[^/]+\/(?:java|kotlin|scala|groovy)\//.exec(q);
    return /(^|\/)(templates?|examples?|samples?|fixtures?|testdata|__fixtures__|node_modules)\//i.test(jvm ? q.slice(0, jvm.index + jvm[0].length) : q);
  });
}

/**
 * Path predicates are asked about every file by many rules; their answers depend on the path alone,
 * so they are remembered (the memo is dropped when it grows past a bound, for long editor sessions).
 */
const templateMemo = new Map<string, boolean>();
const testMemo = new Map<string, boolean>();
function memoPath(memo: Map<string, boolean>, p: string, test: (p: string) => boolean): boolean {
  let v = memo.get(p);
  if (v === undefined) {
    v = test(p);
    if (memo.size >= 200_000) memo.clear();
    memo.set(p, v);
  }
  return v;
}

/** True for paths of test files. */
export function isTestPath(p: string): boolean {
  return memoPath(testMemo, p, (q) => /(^|\/)(tests?|__tests__|spec|specs|e2e|cypress|playwright)\//i.test(q) || /[._-](test|spec)\.[a-z]+$/i.test(q) || /(^|\/)test_[^/]+\.py$/.test(q) || /_test\.go$/.test(q));
}
