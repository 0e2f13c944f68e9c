/**
 * docker/go-install-pinned: `go install`, `go get` and `go run` of a remote module name a version
 * (`golang.org/x/tools/cmd/goimports@v0.24.0`), so that a rebuild fetches what was tested. Without a
 * version, or with a moving query (`@latest`, `@upgrade`, `@patch`, a branch such as `@master`), the
 * build takes whatever the module's repository holds that day.
 *
 * A package path whose first element has a dot is remote (Go's own rule for import paths), and so is a
 * tool (`go get -tool x`); `.`, `./cmd/app`, absolute paths, standard-library packages and variables
 * are local and not judged. For `go run` only the package is judged, not the arguments given to the
 * program. RUNs carried by ONBUILD count. No fix: the version to pin is not knowable from the
 * Dockerfile.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import type { Workspace } from '../../core/workspace';
import type { SourceFile } from '../../core/source';
import type { ShellWord } from '../lib/dockerfile';
import { wordRange, judgedStages } from '../lib/dockerfile';
import { packageCommands, type PackageCommand } from '../lib/packages';

const MOVING = /^(latest|upgrade|patch|master|main|head|trunk|develop)$/i;

/** True when a word names a remote module path (its first element has a dot, or it is a tool), with or without `@version`. */
function remote(v: string, tool: boolean): boolean {
  if (v.includes('$') || v.startsWith('.') || v.startsWith('/') || v.startsWith('-')) return false;
  return tool || v.split('@')[0].split('/')[0].includes('.');
}

/** The remote packages of `go install`, `go get` and `go run`, with their commands. */
function remoteTargets(file: SourceFile, ws: Workspace): { p: PackageCommand; word: ShellWord }[] {
  const out: { p: PackageCommand; word: ShellWord }[] = [];
  for (const p of packageCommands(file, judgedStages(file, ws))) {
    if (p.manager !== 'go' || !/^(install|get|run)$/.test(p.sub.value)) continue;
    // `go install tool` installs the module's tools; `go run` runs one package and passes the rest on.
    // Tools (`go install tool x`, `go get -tool x`) are modules whatever their names look like.
    const tool = p.options.includes('-tool') || p.packages[0]?.value === 'tool';
    const words = p.packages.filter((w) => w.value !== 'tool');
    for (const word of p.sub.value === 'run' ? words.slice(0, 1) : words) if (remote(word.value, tool)) out.push({ p, word });
  }
  return out;
}

export const rule: FileRule = {
  id: 'docker/go-install-pinned',
  category: 'containers',
  severity: 'low',
  level: 'production',
  title: 'go install, go get and go run name module versions',
  rationale: '`go install example.com/tool@latest` builds whatever the module holds on build day, so two builds of the same commit can differ and a new release can break the image.',
  related: [{ tool: 'hadolint', id: 'DL3062' }],
  scope: 'file',
  kinds: ['dockerfile'],
  examines: (file, ctx) => remoteTargets(file, ctx.ws).length > 0,
  examinesWhat: '`go install`, `go get` or `go run` of a remote module',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    for (const { p, word } of remoteTargets(file, ctx.ws)) {
      const at = word.value.lastIndexOf('@');
      const version = at > 0 ? word.value.slice(at + 1) : '';
      if (version !== '' && !MOVING.test(version)) continue;
      findings.push({
        message: version
          ? `\`go ${p.sub.value} ${word.value}\` asks for \`@${version}\`, which moves; name a version (\`@v1.2.3\`)`
          : `\`go ${p.sub.value} ${word.value}\` has no version, so it takes whatever the module holds on build day; name one (\`@v1.2.3\`)`,
        range: wordRange(file, word),
      });
    }
    return findings;
  },
};
