/**
 * Package-manager commands found in RUN instructions (apt-get, apt, aptitude, apk, yum, dnf, microdnf,
 * pip, npm, yarn, gem, go), with the subcommand and the package words, shared by the Dockerfile package
 * rules. RUNs carried by ONBUILD count too: they run in every build FROM the image.
 */
import type { Instruction } from './dockerfile';
import type { SourceFile } from '../../core/source';
import { commandArgs, commandName, runCommands, type RunScript, type ShellCommand, type ShellWord, type Stage } from './dockerfile';

/** The package managers the rules know. */
export type Manager = 'apt-get' | 'apt' | 'aptitude' | 'apk' | 'yum' | 'dnf' | 'pip' | 'npm' | 'yarn' | 'gem' | 'go';

/** The apt front ends, which share package lists, pinning syntax and confirmation prompts. */
export const APT: Manager[] = ['apt-get', 'apt', 'aptitude'];

/** One package-manager command of a RUN instruction. */
export interface PackageCommand {
  ins: Instruction;
  stage: Stage;
  script: RunScript;
  cmd: ShellCommand;
  manager: Manager;
  /** The program as called, lower-cased (`microdnf` for the dnf manager, `pip3`, `apt-get`). */
  program: string;
  /** The ONBUILD instruction when the RUN is an ONBUILD trigger. */
  onbuild?: Instruction;
  /** The word of the subcommand (`install`, `add`, `update`...). */
  sub: ShellWord;
  /** Option words (starting with `-`) after the subcommand or before it. */
  options: string[];
  /** Package words after the subcommand (up to a `--`, after which words belong to another program). */
  packages: ShellWord[];
}

const VALUE_OPTIONS: Record<Manager, Set<string>> = {
  'apt-get': new Set(['-o', '-t', '-c', '--target-release', '--option', '--config-file']),
  apt: new Set(['-o', '-t', '-c', '--target-release', '--option', '--config-file']),
  aptitude: new Set(['-o', '-t', '--target-release', '-F', '--display-format', '-w', '--width', '-S', '--sort', '--log-file', '--log-level']),
  apk: new Set(['-t', '--virtual', '-X', '--repository', '-p', '--root', '--arch', '--cache-dir', '--keys-dir']),
  yum: new Set(['--enablerepo', '--disablerepo', '--setopt', '-c', '--config', '--installroot', '--releasever', '-x', '--exclude', '-d', '--debuglevel', '-e', '--errorlevel']),
  dnf: new Set(['--enablerepo', '--disablerepo', '--setopt', '-c', '--config', '--installroot', '--releasever', '-x', '--exclude', '-d', '--debuglevel', '-e', '--errorlevel', '--repo', '--repoid']),
  pip: new Set(['-r', '--requirement', '-c', '--constraint', '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '-t', '--target', '--prefix', '--root', '--trusted-host', '--platform', '--python-version', '--implementation', '--abi', '-e', '--editable', '--src', '--upgrade-strategy', '--progress-bar', '--log', '--cache-dir', '--proxy', '--retries', '--timeout', '--cert', '--client-cert', '--exists-action', '--only-binary', '--no-binary', '--build', '-b', '--global-option', '--install-option', '--config-settings', '-C', '--report', '--python']),
  npm: new Set(['--registry', '--loglevel', '--prefix', '--cache', '--userconfig', '--globalconfig', '--tag', '-w', '--workspace', '--omit', '--include', '--only', '--location', '--install-strategy']),
  yarn: new Set(['--cwd', '--modules-folder', '--cache-folder', '--mutex', '--network-timeout', '--registry', '--link-folder', '--global-folder']),
  gem: new Set(['-v', '--version', '-s', '--source', '-i', '--install-dir', '-n', '--bindir', '-P', '--trust-policy', '--platform', '-g', '--file', '--build-root', '--document']),
  go: new Set(['-o', '-C', '-p', '-tags', '-ldflags', '-gcflags', '-asmflags', '-buildmode', '-compiler', '-gccgoflags', '-mod', '-modfile', '-overlay', '-pgo', '-pkgdir', '-toolexec', '-exec', '-covermode', '-coverpkg', '-buildvcs']),
};

/** Which package manager a command runs, and where its own arguments start. */
function managerOf(cmd: ShellCommand): { manager: Manager; args: ShellWord[] } | undefined {
  const name = commandName(cmd);
  const args = commandArgs(cmd);
  if (name === 'apt-get' || name === 'apt' || name === 'aptitude' || name === 'apk' || name === 'yum' || name === 'dnf') return { manager: name, args };
  if (name === 'npm' || name === 'yarn' || name === 'gem' || name === 'go') return { manager: name, args };
  if (name === 'microdnf') return { manager: 'dnf', args };
  if (/^pip[\d.]*$/.test(name)) return { manager: 'pip', args };
  if (/^python[\d.]*$/.test(name) && args[0]?.value === '-m' && /^pip[\d.]*$/.test(args[1]?.value ?? '')) return { manager: 'pip', args: args.slice(2) };
  return undefined;
}

const cache = new WeakMap<SourceFile, PackageCommand[]>();

/** Every package-manager command in the RUN instructions of the given stages (default: all stages). */
export function packageCommands(file: SourceFile, stages?: Stage[]): PackageCommand[] {
  let all = cache.get(file);
  if (all) return stages ? all.filter((p) => stages.includes(p.stage)) : all;
  all = [];
  for (const { ins, stage, cmd, script, onbuild } of runCommands(file)) {
    const m = managerOf(cmd);
    if (!m) continue;
    const values = VALUE_OPTIONS[m.manager];
    const options: string[] = [];
    const packages: ShellWord[] = [];
    let sub: ShellWord | undefined;
    for (let i = 0; i < m.args.length; i++) {
      const w = m.args[i];
      if (w.value === '--') break;
      if (w.value.startsWith('-')) {
        options.push(w.value);
        // An option's value is the next word when the option takes one, or a bare `true`/`false`.
        if (values.has(w.value) || /^(true|false)$/.test(m.args[i + 1]?.value ?? '')) i++;
      } else if (!sub) sub = w;
      else packages.push(w);
    }
    if (sub) all.push({ ins, stage, script, cmd, manager: m.manager, program: commandName(cmd), ...(onbuild ? { onbuild } : {}), sub, options, packages });
  }
  cache.set(file, all);
  return stages ? all.filter((p) => stages.includes(p.stage)) : all;
}

/**
 * True when the given stages (default: all) run a command of one of the managers, with one of the
 * subcommands when given: what the package rules examine, so that a Dockerfile that never runs apt-get
 * gives the apt rules nothing to judge (not-applicable) instead of a free pass.
 */
export function runsPackageCommand(file: SourceFile, managers: Manager[], subs?: RegExp, stages?: Stage[]): boolean {
  return packageCommands(file, stages).some((p) => managers.includes(p.manager) && (!subs || subs.test(p.sub.value)));
}

/** True when a RUN script removes a path (an `rm` whose argument starts with the prefix). */
export function scriptRemoves(script: RunScript, prefix: string): boolean {
  return script.commands.some((c) => commandName(c) === 'rm' && commandArgs(c).some((w) => w.value.startsWith(prefix)));
}

/** True when a RUN instruction mounts a cache (or tmpfs) at or under a path, so nothing there lands in the layer. */
export function mountsCacheAt(ins: Instruction, path: string): boolean {
  const flags = (ins as unknown as { getFlags?: () => { getName(): string; getValue(): string | null }[] }).getFlags?.() ?? [];
  return flags.some((f) => {
    if (f.getName() !== 'mount') return false;
    const v = f.getValue() ?? '';
    if (!/type=(cache|tmpfs)/.test(v)) return false;
    const target = /(?:target|dst|destination)=([^,]+)/.exec(v)?.[1] ?? '';
    return target !== '' && (path.startsWith(target.replace(/\/+$/, '')) || target.startsWith(path));
  });
}

/**
 * True when an RPM package spec names a version (`name-version[-release]`, with an epoch or not, or an
 * `.rpm` file): after the name, the dash-separated parts are version characters and one starts with a
 * digit, so `rpm-sign` is a name and `rpm-sign-4.16.1` a pinned package.
 */
export function rpmPinned(spec: string): boolean {
  if (spec.endsWith('.rpm')) return true;
  const parts = spec.split('-').slice(1);
  return parts.length > 0 && parts.every((p) => /^[0-9A-Za-z.~^_:+]+$/.test(p)) && parts.some((p) => /^\d/.test(p));
}
