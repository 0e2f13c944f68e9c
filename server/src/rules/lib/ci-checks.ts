/**
 * What each kind of check looks like when CI runs it (tests, linters, type checkers, builds, image
 * builds, coverage gates, dependency audits, SAST and image scanners, load tests, benchmarks), as
 * `CommandSpec`s for `findRuns` in `ci-run.ts`. Every rule that judges whether something is enforced
 * by CI matches against these, so that one command counts the same way everywhere.
 */

/** What a kind of command looks like. */
export interface CommandSpec {
  /** The tool's name, for evidence. */
  name?: string;
  /** Matches the text of a command that was not followed further (a tool call, an action reference). */
  re?: RegExp;
  /** Names of package scripts, make targets, recipes, tasks, tox envs and nox sessions that count (when they run something). */
  names?: RegExp;
  /** `owner/repo[/path]` of actions that count. */
  actions?: RegExp;
}

/** Running the test suite. */
export const TEST_SPEC: CommandSpec = {
  name: 'tests',
  re: /\b(?:jest|vitest|mocha|ava|karma\s+start|playwright\s+test|cypress\s+run|node\s+--test|react-scripts\s+test|ng\s+test|deno\s+test|bun\s+test|pytest|py\.test|nosetests|tox|nox)\b|python[\d.]*\s+-m\s+(?:pytest|unittest)\b|\bmanage\.py\s+test\b|\bgo\s+test\b|\bgotestsum\b|\bginkgo\b|\brichgo\s+test\b|\bgotest\b|\bmvnw?\s+(?:[^\n|&;]*\s)?(?:test|verify|install|package)\b(?![^\n]*-D(?:skipTests|maven\.test\.skip))|\bgradlew?\s+(?:[^\n|&;]*\s)?(?:test|check|build)\b(?![^\n]*-x\s+test)|\bcargo\s+(?:test|nextest|tarpaulin|llvm-cov)\b|\bdotnet\s+test\b|\brspec\b|\brake\s+(?:test|spec)\b|\brails\s+test\b|\bphpunit\b|\bpest\b|\bctest\b|\bmix\s+test\b|\bswift\s+test\b|\bflutter\s+test\b|\bdart\s+test\b|\bsbt\b[^\n]*\btest\b|\bmake\s+(?:test|check|tests)\b|\bbazel(?:isk)?\s+test\b|\bxcodebuild\b[^\n]*\btest\b|\bzig\s+build\s+test\b/,
  names: /^(test|tests|spec|specs|unit|unittest|e2e|integration|coverage|cov)(?:[:_-](?!lint|types?\b|typings|format|prettier|style)|$)/i,
  actions: /^(cypress-io\/github-action|julia-actions\/julia-runtest)$/,
};

/** Running a linter (formatters that only check layout, such as `cargo fmt --check`, are not linters). */
export const LINT_SPEC: CommandSpec = {
  name: 'linter',
  re: /\b(?:eslint|oxlint|tslint|stylelint|ruff(?!\s+format\b)|flake8|pylint|pyflakes|pycodestyle|mypy|pyright|golangci-lint|staticcheck|revive|golint|rubocop|standardrb|ktlint|detekt|phpcs|phpstan|psalm|shellcheck|hadolint|actionlint|yamllint|markdownlint(?:-cli2)?|swiftlint|credo|clippy-driver)\b|\bbiome\s+(?:check|lint|ci)\b|\bnext\s+lint\b|\bnpx\s+(?:standard|xo)\b|\bgo\s+vet\b|\bcargo\s+(?:\+\S+\s+)?clippy\b|\bcheckstyle\b|\bdotnet\s+format\b[^\n]*--verify-no-changes|\bmake\s+lint\b|\bmix\s+credo\b/,
  names: /^(lint|linter|eslint|stylelint|check-lint|lint-check)([:_-]|$)/i,
  actions: /^(golangci\/golangci-lint-action|wearerequired\/lint-action|github\/super-linter(\/[\w-]+)?|super-linter\/super-linter(\/[\w-]+)?|reviewdog\/[\w-]+|astral-sh\/ruff-action|chartboost\/ruff-action|psf\/black|py-actions\/flake8|rhysd\/actionlint|hadolint\/hadolint-action|ludeeus\/action-shellcheck|davidanson\/markdownlint-cli2-action|dominikh\/staticcheck-action|actions-rs\/clippy-check|oxsecurity\/megalinter(\/[\w-]+)?|ibiqlik\/action-yamllint|raven-actions\/actionlint)$/,
};

/** Running the TypeScript type checker. */
export const TYPECHECK_SPEC: CommandSpec = {
  name: 'type checker',
  re: /\b(?:tsc|vue-tsc|svelte-check|astro\s+check|nuxi\s+typecheck|next\s+build|ng\s+build|nest\s+build|tsgo)\b/,
  names: /^(type-?check|types|check-?types|tsc|typescript)([:_-]|$)|[:_-](types|type-?check|tsc)$/i,
};

/** Running a Python type checker. */
export const PY_TYPECHECK_SPEC: CommandSpec = {
  name: 'type checker',
  re: /\b(?:mypy|pyright|basedpyright|pytype|pyre|pyrefly|ty\s+check)\b/,
  names: /^(mypy|pyright|type-?check|types|typing)([:_-]|$)/i,
  actions: /^(jakebailey\/pyright-action|tsuyoshicho\/action-mypy)$/,
};

/** Building a container image. */
export const IMAGE_SPEC: CommandSpec = {
  name: 'image build',
  re: /\bdocker\s+(?:image\s+)?build\b|\bdocker\s+buildx\s+(?:build|bake)\b|\bdocker[\s-]compose\b[^\n|;&]*\sbuild\b|\bpodman\s+build\b|\bbuildah\s+(?:bud|build)\b|\bkaniko\b|\/kaniko\/executor\b|\bjib:(?:build|dockerBuild)\b|\bjib(?:DockerBuild)?\b|\bko\s+(?:build|publish)\b|\bpack\s+build\b|\bgcloud\s+builds\s+submit\b|\bnixpacks\s+build\b|\bearthly\b/,
  actions: /^(docker\/build-push-action|docker\/bake-action|redhat-actions\/buildah-build|depot\/build-push-action|mr-smithers-excellent\/docker-build-push|elgohr\/publish-docker-github-action|aevea\/action-kaniko|int128\/kaniko-action|hashicorp\/actions-docker-build)$/,
};

/** Building the software (compiling, bundling, packaging). */
export const BUILD_SPEC: CommandSpec = {
  name: 'build',
  re: /\bgo\s+(?:build|install)\b|\bcargo\s+(?:\+\S+\s+)?(?:build|check)\b|\bmvnw?\b[^\n]*\b(?:compile|package|verify|install)\b|\bgradlew?\b[^\n]*\b(?:build|assemble|check|compileJava)\b|\bdotnet\s+(?:build|publish)\b|\bpython[\d.]*\s+-m\s+build\b|\b(?:poetry|hatch|uv|pdm)\s+build\b|\bvite\s+build\b|\bwebpack\b|\bnext\s+build\b|\bng\s+build\b|\bnuxt\s+build\b|\brollup\b|\besbuild\b|\bparcel\s+build\b|\bbazel(?:isk)?\s+build\b|\bcmake\s+--build\b|\bswift\s+build\b|\bzig\s+build\b|\bmkdocs\s+build\b|\bsphinx-build\b|\bpromu\s+build\b|\bgoreleaser\b|\bmix\s+compile\b|\bsbt\b[^\n]*\bcompile\b/,
  names: /^(build|compile|dist|package|bundle)([:_-]|$)/i,
  actions: /^(hashicorp\/actions-go-build|goreleaser\/goreleaser-action)$/,
};

/** Enforcing a coverage threshold on the command line or with an action. */
export const COVERAGE_SPEC: CommandSpec = {
  name: 'coverage gate',
  re: /--coverage-?threshold\b|--coverageThreshold\b|--cov-fail-under\b|\bfail[_-]under\b|--check-coverage\b|--fail-under(?:-lines|-functions|-regions)?\b|--min-coverage\b|\bjacoco(?::check|TestCoverageVerification)\b|\bkoverVerify\b|\bgo-test-coverage\b|\/p:Threshold=|qualitygate\.wait=true/i,
  actions: /^(sonarsource\/sonarqube-quality-gate-action|vladopajic\/go-test-coverage)$/,
};

/** A dependency vulnerability audit. */
export const AUDIT_SPEC: CommandSpec = {
  name: 'dependency audit',
  re: /\b(?:npm|pnpm|bun)\s+audit\b|\byarn\s+(?:npm\s+)?audit\b|\bpip-audit\b|\bsafety\s+(?:check|scan)\b|\bgovulncheck\b|\bcargo\s+audit\b|\bcargo\s+deny\b(?![^\n]*\bcheck(?:\s+(?:bans|licenses|sources)\b)+[ \t]*(?:$|[;&|#\n]))|\bbundle(?:r)?[\s-]audit\b|\bosv-scanner\b|\bsnyk\s+test\b|\btrivy\s+(?:fs|repo|image|rootfs)\b|\bgrype\b|\bdependency-check\b|\bcomposer\s+audit\b|\bmix\s+deps\.audit\b|\baudit-ci\b|\bdotnet\s+list\s+package\s+--vulnerable\b/,
  actions: /^(actions\/dependency-review-action|aquasecurity\/trivy-action|snyk\/actions\/[\w-]+|anchore\/scan-action|google\/osv-scanner-action(\/[\w-]+)*|pypa\/gh-action-pip-audit|golang\/govulncheck-action|rustsec\/audit-check|actions-rs\/audit-check|dependency-check\/dependency-check_action)$/,
};

/** Tools that look for known-vulnerable dependencies, by what their CI step says. */
export const DEPENDENCY_SCANNERS: CommandSpec[] = [
  { name: 'npm audit', re: /\b(npm|pnpm|bun)\s+audit\b|\byarn\s+(npm\s+)?audit\b|\baudit-ci\b|\bbetter-npm-audit\b/ },
  { name: 'pip-audit', re: /\bpip-audit\b|pypa\/gh-action-pip-audit/ },
  { name: 'safety', re: /\bsafety\s+(check|scan)\b|pyupio\/safety/ },
  { name: 'govulncheck', re: /\bgovulncheck\b/ },
  { name: 'osv-scanner', re: /\bosv-scanner\b/ },
  { name: 'Snyk', re: /\bsnyk\s+test\b|snyk\/actions\/(?!.*\bcontainer\b)/ },
  { name: 'Trivy', re: /\btrivy\s+(fs|filesystem|repo|repository|rootfs)\b|aquasecurity\/trivy-action\S*.*with\.scan-type=(fs|repo|rootfs)/ },
  { name: 'Grype', re: /\bgrype\s+(dir:|\.|sbom:)|anchore\/scan-action\S*.*with\.path=/ },
  { name: 'dependency-review-action', re: /actions\/dependency-review-action/ },
  // cargo-deny audits advisories only when its check list includes them (no list means all checks).
  { name: 'cargo audit', re: /\bcargo\s+audit\b|\bcargo\s+deny\b(?![^\n]*\bcheck(?:\s+(?:bans|licenses|sources)\b)+[ \t]*(?:$|[;&|#\n]))|rustsec\/audit-check|EmbarkStudios\/cargo-deny-action(?![^\n]*with\.(?:command|arguments)=check(?:\s+(?:bans|licenses|sources)\b)+(?!\s+advisories))/i },
  { name: 'bundler-audit', re: /\bbundle(r)?[-\s]audit\b/ },
  { name: 'OWASP dependency-check', re: /dependency-check|dependencyCheckAnalyze|org\.owasp/ },
  { name: 'dotnet vulnerable packages', re: /dotnet\s+list\s+\S*\s*package\s+--vulnerable/ },
  { name: 'composer audit', re: /\bcomposer\s+audit\b/ },
  { name: 'GitLab Dependency Scanning', re: /Dependency-Scanning\.gitlab-ci\.yml|dependency_scanning/ },
  { name: 'Socket', re: /\bsocket\s+(ci|scan)\b|SocketDev\// },
];

/** SAST tools, by what their CI step says. */
export const SAST_TOOLS: CommandSpec[] = [
  { name: 'CodeQL', re: /github\/codeql-action\/(init|analyze|autobuild)|\bcodeql\s+database\b/ },
  { name: 'Semgrep', re: /\bsemgrep\b|returntocorp\/semgrep/ },
  { name: 'gosec', re: /\bgosec\b|securego\/gosec/ },
  { name: 'Bandit', re: /\bbandit\b/ },
  { name: 'Brakeman', re: /\bbrakeman\b/ },
  { name: 'SonarQube', re: /sonar-scanner|SonarSource\/sonar|sonarcloud-github-action|sonarqube-scan-action|\bsonar:sonar\b/i },
  { name: 'Snyk Code', re: /\bsnyk\s+code\s+test\b/ },
  { name: 'njsscan', re: /\bnjsscan\b/ },
  { name: 'GitLab SAST', re: /(?:^|\/)SAST\.gitlab-ci\.yml|\bsast:\s*$/ },
  { name: 'Horusec', re: /\bhorusec\b/ },
  { name: 'SpotBugs', re: /find-sec-bugs|findsecbugs/ },
];

/** Image scanners, by what their CI step says. */
export const IMAGE_SCANNERS: CommandSpec[] = [
  { name: 'Trivy', re: /\btrivy\s+(image|i)\b|aquasecurity\/trivy-action(?!\S*.*with\.scan-type=(fs|repo|rootfs|config|sbom))/ },
  { name: 'Grype', re: /\bgrype\s+(?!dir:|sbom:|\.\s|\.$)\S+|anchore\/scan-action\S*.*with\.image=/ },
  { name: 'Docker Scout', re: /\bdocker\s+scout\s+(cves|quickview|recommendations)\b|docker\/scout-action/ },
  { name: 'Snyk Container', re: /\bsnyk\s+container\b|snyk\/actions\/docker/ },
  { name: 'GitLab Container Scanning', re: /Container-Scanning\.gitlab-ci\.yml|container_scanning/ },
  { name: 'Clair', re: /\bclair(ctl)?\b/ },
  { name: 'Anchore', re: /\banchore-cli\b|anchore\/scan-action/ },
];

/** Running load tests. */
export const LOAD_TEST_RUN: CommandSpec = {
  name: 'load test',
  re: /\bk6(?::[\w.-]+)?\s+(?:run|cloud)\b|\bartillery\s+(?:run|run-fargate|run-lambda|quick)\b|\blocust\b|\bjmeter\b[^\n]*\s-n\b|\bgatling(?::test|Run|\.sh)\b|\bautocannon\b|\bvegeta\s+attack\b|\bwrk\s+-|\bhey\s+-[nzc]\b|\bghz\b/,
  names: /^(load|loadtest|load-test|load_test|perf|stress|soak|k6)([:_-]|$)/i,
  actions: /^(grafana\/(k6-action|run-k6-action|setup-k6-action)|artilleryio\/action-cli|rbhadti94\/apache-jmeter-action)$/,
};

/** Running benchmarks. */
export const BENCH_RUN: CommandSpec = {
  name: 'benchmarks',
  re: /\bgo\s+test\b[^\n]*\s--?(?:test\.)?bench[= ]|\bcargo\s+(?:\+\S+\s+)?(?:bench|criterion|codspeed)\b|--benchmark-(?:only|enable|autosave|json|compare|save)\b|--codspeed\b|\basv\s+(?:run|continuous|machine)\b|\bvitest\s+bench\b|\bjmh\b|BenchmarkDotNet|\bhyperfine\b|\bpytest-benchmark\b/,
  names: /^(bench|benchmark|benchmarks|perf)([:_-]|$)/i,
  actions: /^(benchmark-action\/github-action-benchmark|codspeedhq\/action|bencherdev\/bencher)$/,
};

/** Running pre-commit hooks. */
export const PRE_COMMIT_RUN: CommandSpec = {
  name: 'pre-commit',
  actions: /^(pre-commit\/action|j178\/prek-action)$/,
};

/** Anything that checks a change: tests, linters, type checks, builds, image builds, gates and scans. */
export const CHECK_SPECS: CommandSpec[] = [TEST_SPEC, LINT_SPEC, TYPECHECK_SPEC, PY_TYPECHECK_SPEC, BUILD_SPEC, IMAGE_SPEC, COVERAGE_SPEC, AUDIT_SPEC, ...DEPENDENCY_SCANNERS, ...SAST_TOOLS, ...IMAGE_SCANNERS];

/** Formatting commands (write or check), known tools too. */
const FORMATTERS = /\b(?:prettier|dprint|black|isort|yapf|autopep8|gofmt|gofumpt|goimports|rustfmt|ktfmt|google-java-format|csharpier|rufo)\b|\bruff\s+format\b|\bcargo\s+(?:\+\S+\s+)?fmt\b|\bgo\s+fmt\b|\bbiome\s+format\b|\bdeno\s+fmt\b|\bdotnet\s+format\b|\bspotless\w*/;

/**
 * Every tool the specs know, as patterns over a command: a script or target whose commands include
 * one of them is judged by what it runs, not by its name (`"test:code": "eslint ."` runs no tests).
 */
export const KNOWN_TOOLS: RegExp[] = [...CHECK_SPECS, LOAD_TEST_RUN, BENCH_RUN].map((s) => s.re).filter((r): r is RegExp => !!r).concat(FORMATTERS);
