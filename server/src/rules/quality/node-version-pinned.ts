/**
 * quality/node-version-pinned: the Node.js version is pinned for developers and CI: `.nvmrc`,
 * `.node-version`, `.tool-versions`/`mise.toml` with node, `engines.node` bound to one major or
 * `volta.node` in package.json; or where Node runs: the product's Dockerfiles (`FROM node:24`) and CI
 * (`setup-node` with `node-version: 24`) all on one major.
 *
 * A version file that CI does not read while CI runs another major is stale: it earns nothing and is
 * reported (developers run another Node than CI). An `engines.node` floor (`>=16`) or a range over
 * several majors (`22 - 26`) pins nothing: partial. The fix writes `.nvmrc` with the major version the
 * Dockerfile or CI already uses.
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import type { Workspace } from '../../core/workspace';
import { asRecord } from '../../core/source';
import { createFileFix } from '../lib/util';
import { ciRuns, whereRun } from '../lib/ci-run';
import { readJson } from '../lib/stacks';
import { baseImageOf, judgedStages } from '../lib/dockerfile';
import { activeNodeLts, supportedOrCurrent } from '../lib/eol';

/**
 * The Node major version the project already uses somewhere (Dockerfile FROM node:X, CI node-version)
 * while it is supported, else the active LTS on `now` (rules/lib/data/eol.json): a fix never pins a
 * version past its end of life.
 */
export function knownNodeMajor(ws: Workspace, now: Date = new Date()): string {
  for (const f of ws.filesOfKind('dockerfile')) {
    const m = /^\s*FROM\s+(?:--platform=\S+\s+)?(?:\S+\/)?node:(\d{2})\b/im.exec(f.text);
    if (m) return supportedOrCurrent('nodejs', m[1], now);
  }
  for (const c of ciRuns(ws)) {
    const m = c.kind === 'uses' ? /setup-node\S*.*with\.node-version=['"]?(\d{2})\b/.exec(c.text) : null;
    if (m) return supportedOrCurrent('nodejs', m[1], now);
  }
  return activeNodeLts(now);
}

/**
 * True when a semver range has an upper bound (`20`, `20.x`, `^20.11`, `~20.11.0`, `>=20 <23`): the
 * next major cannot slip in. A floor (`>=16`, `>16`, `*`) admits every future major and pins nothing;
 * a union is bounded only when every alternative is.
 */
export function hasUpperBound(range: string): boolean {
  return range.split('||').every((alt) => {
    const a = alt.trim();
    if (a === '' || a === '*' || /^x$/i.test(a) || a === 'latest' || a === 'lts' || a === 'node') return false;
    if (/^[v=]?\d+(?:\.(?:\d+|x|\*))*$/i.test(a)) return true;
    if (/^[~^]\s*v?\d+/.test(a)) return true;
    if (/<=?\s*v?\d/.test(a)) return true;
    if (/^v?\d+(?:\.\d+)*\s+-\s+v?\d+/.test(a)) return true;
    return false;
  });
}

/**
 * The one Node major a semver range admits (`20`, `20.x`, `^20.11`, `~20.11.0`, `>=20 <21`,
 * `20.1 - 20.9`), or undefined when it admits several (`>=16`, `22 - 26`, `^20 || ^22`) or none.
 */
export function singleMajor(range: string): number | undefined {
  const majors = new Set<number>();
  for (const alt of range.split('||')) {
    const a = alt.trim();
    let m: RegExpExecArray | null;
    if ((m = /^[v=~^]?\s*v?(\d+)(?:\.(?:\d+|x|\*))*$/i.exec(a))) majors.add(Number(m[1]));
    else if ((m = /^v?(\d+)(?:\.\d+)*\s+-\s+v?(\d+)(?:\.\d+)*$/.exec(a)) && m[1] === m[2]) majors.add(Number(m[1]));
    else if ((m = /^>=?\s*v?(\d+)(?:\.\d+)*\s+<\s*v?(\d+)(?:\.0)*$/.exec(a)) && Number(m[2]) === Number(m[1]) + 1) majors.add(Number(m[1]));
    else if ((m = /^>=?\s*v?(\d+)(?:\.\d+)*\s+<=\s*v?(\d+)(?:\.(?:\d+|x))*$/i.exec(a)) && m[1] === m[2]) majors.add(Number(m[1]));
    else return undefined;
  }
  return majors.size === 1 ? [...majors][0] : undefined;
}

/** The major of a version file's text (`v16.19.0`, `24`, `lts/*` has none). */
function majorOf(text: string): number | undefined {
  const m = /^v?(\d+)\b/.exec(text.trim());
  return m ? Number(m[1]) : undefined;
}

/** Where Node runs with a written version: the product's Dockerfiles (`FROM node:24`) and CI `setup-node` steps. */
interface RuntimePins {
  /** Concrete majors with where each is written. */
  majors: Map<number, string[]>;
  /** CI majors only (a version file must agree with these). */
  ci: Map<number, string[]>;
  /** Dockerfile majors only. */
  docker: Map<number, string[]>;
  /** True when a `setup-node` step reads a version file (`node-version-file:`). */
  readsFile: boolean;
  /** True when a `setup-node` step's version is an expression (a matrix) or missing: CI's Node is not pinned there. */
  ciUnknown: boolean;
}

function runtimePins(ws: Workspace): RuntimePins {
  const majors = new Map<number, string[]>();
  const ci = new Map<number, string[]>();
  const docker = new Map<number, string[]>();
  const add = (m: Map<number, string[]>, major: number, where: string) => m.set(major, [...(m.get(major) ?? []), where]);
  for (const f of ws.filesOfKind('dockerfile')) {
    for (const st of judgedStages(f, ws)) {
      const base = baseImageOf(f, st);
      const m = /(?:^|\/)node:(\d+)\b|(?:^|\/)nodejs(\d+)(?:-|:|$)/.exec(base);
      if (!m) continue;
      const where = `${f.path}:${st.from.getRange().start.line + 1} \`FROM ${base}\``;
      add(majors, Number(m[1] ?? m[2]), where);
      add(docker, Number(m[1] ?? m[2]), where);
    }
  }
  let readsFile = false;
  let ciUnknown = false;
  for (const c of ciRuns(ws)) {
    if (c.kind !== 'uses' || !/setup-node/i.test(c.slug ?? c.text)) continue;
    if (/with\.node-version-file=/.test(c.text)) readsFile = true;
    const m = /with\.node-version=['"]?v?(\d+)(?:\.[\dx*]+)*['"]?(?:\s|$)/.exec(c.text);
    if (!m) {
      if (!/with\.node-version-file=/.test(c.text)) ciUnknown = true;
      continue;
    }
    const w = whereRun(c);
    add(majors, Number(m[1]), `${w.file}:${w.line} setup-node ${m[1]}`);
    add(ci, Number(m[1]), `${w.file}:${w.line}`);
  }
  return { majors, ci, docker, readsFile, ciUnknown };
}

function pinned(ws: Workspace): Evidence | undefined {
  for (const name of ['.nvmrc', '.node-version']) {
    const t = ws.exists(name) ? ws.read(name)?.text.trim() : undefined;
    if (t) return { message: `${name} pins Node ${t.split(/\s/)[0]}`, file: name };
  }
  const tv = ws.exists('.tool-versions') ? ws.read('.tool-versions') : undefined;
  const tvLine = tv?.lines.findIndex((l) => /^\s*(nodejs|node)\s+\S/.test(l)) ?? -1;
  if (tv && tvLine >= 0) return { message: `.tool-versions pins Node ${tv.lines[tvLine].trim().split(/\s+/)[1]}`, file: tv.path, line: tvLine + 1 };
  for (const name of ['mise.toml', '.mise.toml']) {
    const f = ws.exists(name) ? ws.read(name) : undefined;
    const m = f ? /^\s*node\s*=\s*["']?([^"'\s]+)/m.exec(f.text) : null;
    if (m) return { message: `${name} pins Node ${m[1]}`, file: name };
  }
  const pkg = readJson(ws, 'package.json');
  const engines = asRecord(pkg?.engines)?.node;
  if (typeof engines === 'string' && engines.trim() && singleMajor(engines) !== undefined) return { message: `package.json engines.node is "${engines}", Node ${singleMajor(engines)}`, file: 'package.json' };
  const volta = asRecord(pkg?.volta)?.node;
  if (typeof volta === 'string') return { message: `package.json volta.node pins Node ${volta}`, file: 'package.json' };
  return undefined;
}

export const rule: WorkspaceRule = {
  id: 'quality/node-version-pinned',
  category: 'quality',
  severity: 'low',
  level: 'mvp',
  title: 'The Node.js version is pinned',
  rationale: 'Code that works on one Node major can break on the next; pinning the version keeps developers, CI and production on the same runtime.',
  roadmap: [{ topic: 'the pinned Node.js version', match: /\.nvmrc|node(\.js)? version|pin(ned)? node/, rank: 180 }],
  fixable: true,
  scope: 'workspace',
  applies(facts) {
    return facts.stacks.includes('node') ? true : 'no Node.js code';
  },
  check({ ws, now }) {
    const runtime = runtimePins(ws);
    const e = pinned(ws);
    // The version file's major (in "… pins Node v16.19.0"): stale when CI runs another major and does not read it.
    const fileMajor = e ? majorOf(/pins Node (\S+)/.exec(e.message)?.[1] ?? '') : undefined;
    if (e && fileMajor !== undefined && runtime.ci.size > 0 && !runtime.readsFile && !runtime.ci.has(fileMajor)) {
      const ciMajor = [...runtime.ci.keys()].sort((a, b) => b - a)[0];
      const where = runtime.ci.get(ciMajor)!.slice(0, 3).join(', ');
      return {
        status: 'partial',
        score: 0.5,
        findings: [{
          message: `${e.message.replace(/ pins /, ' says ')}, but CI runs Node ${[...runtime.ci.keys()].join(', ')} (${where}) and no setup-node step reads the file: the pin is stale and developers run another Node than CI; set it to ${ciMajor} or have setup-node read it (\`node-version-file: ${e.file}\`)`,
          file: e.file ?? null,
        }],
        evidence: [{ message: `CI pins Node ${ciMajor} (${where})`, file: runtime.ci.get(ciMajor)![0].split(':')[0] }],
      };
    }
    if (e) return { status: 'pass', findings: [], evidence: [e] };
    // Pinned where it runs: every CI setup-node on one written major, or (without setup-node) each image on its own major.
    if (!runtime.ciUnknown && (runtime.ci.size === 1 || (runtime.ci.size === 0 && runtime.docker.size > 0))) {
      const evidence = [...runtime.majors].map(([major, where]) => ({ message: `Node ${major} is pinned where it runs: ${where.slice(0, 4).join(', ')}${where.length > 4 ? '...' : ''}`, file: where[0].split(':')[0] }));
      return { status: 'pass', findings: [], evidence };
    }
    const major = knownNodeMajor(ws, now);
    const floor = asRecord(readJson(ws, 'package.json')?.engines)?.node;
    const mixed = runtime.majors.size > 1 ? ` (where Node runs, the versions differ: ${[...runtime.majors].map(([m, w]) => `${m} at ${w[0]}`).join(', ')})` : '';
    if (typeof floor === 'string' && floor.trim()) {
      const pkg = ws.read('package.json');
      const at = pkg ? pkg.text.search(/"engines"/) : -1;
      const what = hasUpperBound(floor) ? 'a range over several majors' : 'a floor';
      return {
        status: 'partial',
        score: 0.25,
        findings: [{
          message: `package.json engines.node is "${floor}", ${what}, not a pin: ${what === 'a floor' ? 'every future Node major satisfies it' : 'developers and CI may each run a different major'}${mixed}; pin the major in .nvmrc (${major}) or bound the range to one major (e.g. "^${major}")`,
          file: 'package.json',
          ...(pkg && at >= 0 ? { range: pkg.rangeOf(at, at + '"engines"'.length) } : {}),
          fix: createFileFix(`Create .nvmrc with Node ${major}`, '.nvmrc', `${major}\n`),
        }],
        evidence: [{ message: `package.json engines.node is "${floor}" (${what})`, file: 'package.json' }],
      };
    }
    // A .nvmrc that CI would not run is no fix: CI's own versions must be brought together first.
    const fixable = runtime.ci.size === 0 || runtime.ci.has(Number(major));
    return {
      status: 'fail',
      findings: [{ message: `nothing pins the Node.js version${mixed}; ${fixable ? `add .nvmrc (${major}) or engines.node in package.json` : 'run one major everywhere, then pin it in .nvmrc and have setup-node read it (`node-version-file: .nvmrc`)'}`, file: null, ...(fixable ? { fix: createFileFix(`Create .nvmrc with Node ${major}`, '.nvmrc', `${major}\n`) } : {}) }],
    };
  },
};
