/**
 * quality/node-version-pinned: the Node.js version is pinned for developers and CI: `.nvmrc`,
 * `.node-version`, `.tool-versions`/`mise.toml` with node, `engines.node` or `volta.node` in
 * package.json. The fix writes `.nvmrc` with the major version the Dockerfile or CI already uses.
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import type { Workspace } from '../../core/workspace';
import { asRecord } from '../../core/source';
import { createFileFix } from '../lib/util';
import { ciCommands } from '../lib/ci-scan';
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
  for (const c of ciCommands(ws)) {
    const m = /setup-node\S*.*with\.node-version=['"]?(\d{2})\b/.exec(c.text);
    if (m) return supportedOrCurrent('nodejs', m[1], now);
  }
  return activeNodeLts(now);
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
  if (typeof engines === 'string' && engines.trim()) return { message: `package.json engines.node is "${engines}"`, file: 'package.json' };
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
    return {
      status: 'fail',
      findings: [{ message: `nothing pins the Node.js version; add .nvmrc (${major}) or engines.node in package.json`, file: null, fix: createFileFix(`Create .nvmrc with Node ${major}`, '.nvmrc', `${major}\n`) }],
    };
  },
};
