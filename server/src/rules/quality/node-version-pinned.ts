/**
 * quality/node-version-pinned: the Node.js version is pinned for developers and CI: `.nvmrc`,
 * `.node-version`, `.tool-versions`/`mise.toml` with node, `engines.node` with an upper bound or
 * `volta.node` in package.json. An `engines.node` floor (`>=16`) pins nothing: partial. The fix writes `.nvmrc` with the major version the Dockerfile or CI already uses.
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import type { Workspace } from '../../core/workspace';
import { asRecord } from '../../core/source';
import { createFileFix } from '../lib/util';
import { ciRuns } from '../lib/ci-run';
import { readJson } from '../lib/stacks';
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

function pinned(ws: Workspace): Evidence | undefined {
  for (const name of ['.nvmrc', '.node-version']) {
    const t = ws.exists(name) ? ws.read(name)?.text.trim() : undefined;
    if (t) return { message: `${name} pins Node ${t.split(/\s/)[0]}`, file: name };
  }
  const tv = ws.exists('.tool-versions') ? ws.read('.tool-versions') : undefined;
  const tvLine = tv?.lines.findIndex((l) => /^\s*(nodejs|node)\s+\S/.test(l)) ?? -1;
  if (tv && tvLine >= 0) return { message: '.tool-versions pins Node', file: tv.path, line: tvLine + 1 };
  for (const name of ['mise.toml', '.mise.toml']) {
    const f = ws.exists(name) ? ws.read(name) : undefined;
    if (f && /^\s*node\s*=/m.test(f.text)) return { message: `${name} pins Node`, file: name };
  }
  const pkg = readJson(ws, 'package.json');
  const engines = asRecord(pkg?.engines)?.node;
  if (typeof engines === 'string' && engines.trim() && hasUpperBound(engines)) return { message: `package.json engines.node is "${engines}"`, file: 'package.json' };
  const volta = asRecord(pkg?.volta)?.node;
  if (typeof volta === 'string') return { message: `package.json volta.node is "${volta}"`, file: 'package.json' };
  return undefined;
}

export const rule: WorkspaceRule = {
  id: 'quality/node-version-pinned',
  category: 'quality',
  severity: 'low',
  level: 'mvp',
  title: 'The Node.js version is pinned',
  rationale: 'Code that works on one Node major can break on the next; pinning the version keeps developers, CI and production on the same runtime.',
  fixable: true,
  scope: 'workspace',
  applies(facts) {
    return facts.stacks.includes('node') ? true : 'no Node.js code';
  },
  check({ ws, now }) {
    const e = pinned(ws);
    if (e) return { status: 'pass', findings: [], evidence: [e] };
    const major = knownNodeMajor(ws, now);
    const floor = asRecord(readJson(ws, 'package.json')?.engines)?.node;
    if (typeof floor === 'string' && floor.trim()) {
      const pkg = ws.read('package.json');
      const at = pkg ? pkg.text.search(/"engines"/) : -1;
      return {
        status: 'partial',
        score: 0.25,
        findings: [{
          message: `package.json engines.node is "${floor}", a floor, not a pin: every future Node major satisfies it; pin the major in .nvmrc (${major}) or bound the range (e.g. "^${major}")`,
          file: 'package.json',
          ...(pkg && at >= 0 ? { range: pkg.rangeOf(at, at + '"engines"'.length) } : {}),
          fix: createFileFix(`Create .nvmrc with Node ${major}`, '.nvmrc', `${major}\n`),
        }],
        evidence: [{ message: `package.json engines.node is "${floor}" (a floor)`, file: 'package.json' }],
      };
    }
    return {
      status: 'fail',
      findings: [{ message: `nothing pins the Node.js version; add .nvmrc (${major}) or engines.node in package.json`, file: null, fix: createFileFix(`Create .nvmrc with Node ${major}`, '.nvmrc', `${major}\n`) }],
    };
  },
};
