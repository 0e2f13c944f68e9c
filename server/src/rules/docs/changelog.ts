/**
 * docs/changelog: changes are recorded for the people who deploy and use the software: a CHANGELOG
 * (or HISTORY/CHANGES/NEWS) with at least one version or "Unreleased" heading followed by entries,
 * or release tooling that writes one (changesets, release-please, semantic-release, git-cliff,
 * towncrier, goreleaser). An empty changelog earns partial credit. The fix creates a Keep a
 * Changelog file.
 */
import type { WorkspaceRule } from '../../core/types';
import { PRODUCT_KINDS } from '../../core/types';
import { markdownView } from '../../core/markdown';
import { createFileFix, isTemplatePath, outcome } from '../lib/util';
import { depsMatching } from '../lib/evidence';

const NAMES = /^(?:CHANGELOG|CHANGES|HISTORY|NEWS|RELEASES|RELEASE[-_]NOTES)(?:\.(?:md|markdown|rst|txt|adoc))?$/i;
const VERSION_HEADING = /^\[?(?:v?\d+\.\d+(?:\.\d+)?[\w.+-]*|unreleased)\]?(?:\s|$|\s*[-–(])/i;
const TOOLING_FILES = /(?:^|\/)(?:\.changeset\/config\.json|release-please-config\.json|\.release-please-manifest\.json|\.releaserc(?:\.\w+)?|release\.config\.[cm]?js|cliff\.toml|\.goreleaser\.ya?ml|towncrier\.toml|\.cz\.toml)$/;
const TOOLING_DEPS = /^(?:@changesets\/cli|semantic-release|release-please|standard-version|release-it|auto-changelog|conventional-changelog-cli|towncrier|git-cliff|commitizen)$/;

const SCAFFOLD = `# Changelog

All notable changes to this project are documented in this file. The format follows
[Keep a Changelog](https://keepachangelog.com/en/1.1.0/) and the project uses
[Semantic Versioning](https://semver.org/spec/v2.0.0.html).

## [Unreleased]

### Added

- Start this changelog; record every user-visible change here before it is released.
`;

export const rule: WorkspaceRule = {
  id: 'docs/changelog',
  category: 'documentation',
  severity: 'low',
  projectKinds: PRODUCT_KINDS,
  level: 'production',
  title: 'A changelog records what changed in each release',
  rationale: 'Operators deciding whether to deploy or roll back, and users upgrading, need to know what changed; a changelog (or tooling that writes one) answers that without reading the git log.',
  roadmap: [
    { topic: 'the changelog', match: /changelog|release notes/, rank: 480 },
    { topic: 'release management', match: /release management|version tagging|semantic versioning|\bsemver\b|release process/, rank: 980 },
  ],
  fixable: true,
  scope: 'workspace',
  applies(facts) {
    // A changelog tells users what changed in the software they run; a repository without code ships none.
    return facts.kind !== 'codeless' || 'no code: there are no releases of software to describe';
  },
  check({ ws, facts }) {
    const tooling = ws.files.find((p) => TOOLING_FILES.test(p) && !isTemplatePath(p));
    const deps = depsMatching(facts, TOOLING_DEPS);
    const path = ws.files.filter((p) => NAMES.test(p.slice(p.lastIndexOf('/') + 1)) && !isTemplatePath(p)).sort((a, b) => a.split('/').length - b.split('/').length)[0];
    const file = path ? ws.read(path) : undefined;
    if (file) {
      const releases = /\.(?:md|markdown)$/i.test(file.path)
        ? markdownView(file).sections.filter((s) => VERSION_HEADING.test(s.title) && s.words > 0)
        : file.lines.map((l, i) => ({ title: l.trim(), line: i, words: 1 })).filter((s) => /^v?\d+\.\d+(?:\.\d+)?\b/.test(s.title));
      if (releases.length) return outcome.pass([{ message: `${releases.length} release section(s), latest "${releases[0].title}"`, file: file.path, line: releases[0].line + 1 }]);
      if (tooling || deps.length) return outcome.pass([{ message: `changelog written by release tooling: ${tooling ?? deps.join(', ')}`, ...(tooling ? { file: tooling } : {}) }]);
      return outcome.partial(0.3, [{ message: `${file.path} has no release entries: add a "## [Unreleased]" or version section with the changes`, file: file.path, range: file.lineRange(0) }]);
    }
    if (tooling || deps.length) return outcome.pass([{ message: `changelog written by release tooling: ${tooling ?? deps.join(', ')}`, ...(tooling ? { file: tooling } : {}) }]);
    return outcome.fail([{ message: 'no changelog: add CHANGELOG.md (Keep a Changelog format) or release tooling such as changesets or release-please', file: null, fix: createFileFix('Create CHANGELOG.md', 'CHANGELOG.md', SCAFFOLD) }]);
  },
};
