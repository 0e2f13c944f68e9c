/**
 * Package-manager commands found in RUN instructions (apt-get, apt, apk, yum, dnf, pip), with the
 * subcommand and the package words, shared by the Dockerfile package rules.
 */
import type { Instruction } from 'dockerfile-ast';
import type { SourceFile } from '../../core/source';
import { commandArgs, commandName, runCommands, type RunScript, type ShellCommand, type ShellWord, type Stage } from './dockerfile';

/** The package managers the rules know. */
export type Manager = 'apt-get' | 'apt' | 'apk' | 'yum' | 'dnf' | 'pip';

/** One package-manager command of a RUN instruction. */
export interface PackageCommand {
  ins: Instruction;
  stage: Stage;
  script: RunScript;
  cmd: ShellCommand;
  manager: Manager;
  /** The word of the subcommand (`install`, `add`, `update`...). */
  sub: ShellWord;
  /** Option words (starting with `-`) after the subcommand or before it. */
  options: string[];
  /** Package words after the subcommand. */
  packages: ShellWord[];
}

const VALUE_OPTIONS: Record<Manager, Set<string>> = {
  'apt-get': new Set(['-o', '-t', '-c', '--target-release', '--option', '--config-file']),
  apt: new Set(['-o', '-t', '-c', '--target-release', '--option', '--config-file']),
  apk: new Set(['-t', '--virtual', '-X', '--repository', '-p', '--root', '--arch', '--cache-dir', '--keys-dir']),
  yum: new Set(['--enablerepo', '--disablerepo', '--setopt', '-c', '--installroot', '--releasever']),
  dnf: new Set(['--enablerepo', '--disablerepo', '--setopt', '-c', '--installroot', '--releasever']),
  pip: new Set(['-r', '--requirement', '-c', '--constraint', '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '-t', '--target', '--prefix', '--root', '--trusted-host', '--platform', '--python-version', '--implementation', '--abi', '-e', '--editable', '--src', '--upgrade-strategy', '--progress-bar', '--log', '--cache-dir', '--proxy', '--retries', '--timeout', '--cert', '--client-cert', '--exists-action', '--only-binary', '--no-binary']),
};

/** Which package manager a command runs, and where its own arguments start. */
function managerOf(cmd: ShellCommand): { manager: Manager; args: ShellWord[] } | undefined {
  const name = commandName(cmd);
  const args = commandArgs(cmd);
  if (name === 'apt-get' || name === 'apt' || name === 'apk' || name === 'yum' || name === 'dnf') return { manager: name, args };
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
  for (const { ins, stage, cmd, script } of runCommands(file)) {
    const m = managerOf(cmd);
    if (!m) continue;
    const values = VALUE_OPTIONS[m.manager];
    const options: string[] = [];
    const packages: ShellWord[] = [];
    let sub: ShellWord | undefined;
    for (let i = 0; i < m.args.length; i++) {
      const w = m.args[i];
      if (w.value.startsWith('-')) {
        options.push(w.value);
        if (values.has(w.value)) i++;
      } else if (!sub) sub = w;
      else packages.push(w);
    }
    if (sub) all.push({ ins, stage, script, cmd, manager: m.manager, sub, options, packages });
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
