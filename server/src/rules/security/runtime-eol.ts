/**
 * security/runtime-eol: the runtime versions a project pins are not past their end of life:
 * `engines.node` in package.json (when every version it admits is EOL), `.nvmrc` and `.node-version`,
 * `.python-version` and `.tool-versions` (nodejs, python, golang). go.mod's `toolchain` line is not a pin:
 * the go command uses its own toolchain whenever it is at least that new (go.dev/doc/toolchain), so it is
 * a minimum and not judged here. An EOL runtime
 * gets no security fixes, so whatever runs on it keeps every vulnerability found after that day.
 * Dates come from the offline table in rules/lib/data/eol.json (endoflife.date's form, with the day
 * it was taken). The fix of a version file writes the current release (for Node.js, the active LTS).
 * Nothing pinned is nothing to judge: the check is then not applicable.
 */
import type { Evidence, RuleFinding, WorkspaceRule } from '../../core/types';
import type { SourceFile } from '../../core/source';
import { isTemplatePath, isTestPath, replaceFix } from '../lib/util';
import { activeNodeLts, currentCycle, day, versionEol, type EolHit, type Product } from '../lib/eol';

/** The highest Node.js major a semver range admits, or undefined when it is open-ended (`>=18`, `*`). */
export function maxAdmittedMajor(range: string): number | undefined {
  let max = -1;
  for (const part of range.split('||')) {
    const p = part.trim();
    if (p === '' || p === '*' || /^(x|latest|lts\/\*|node)$/i.test(p)) return undefined;
    if (/>/.test(p) && !/</.test(p)) return undefined;
    const upper = /<\s*=?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(p);
    if (upper) {
      const strict = !/<=/.test(p);
      const exact = upper[2] === undefined || (Number(upper[2]) === 0 && Number(upper[3] ?? 0) === 0);
      max = Math.max(max, Number(upper[1]) - (strict && exact ? 1 : 0));
      continue;
    }
    for (const m of p.matchAll(/v?(\d+)(?=[.\sx*]|$)/g)) max = Math.max(max, Number(m[1]));
  }
  return max >= 0 ? max : undefined;
}

interface Pin { file: SourceFile; line: number; product: Product; version: string; what: string; fixable: boolean; start: number; end: number }

function pinsOf(file: SourceFile): Pin[] {
  const base = file.path.slice(file.path.lastIndexOf('/') + 1);
  const out: Pin[] = [];
  const push = (product: Product, version: string, start: number, what: string, fixable = false) => out.push({ file, line: file.positionAt(start).line, product, version, what, fixable, start, end: start + version.length });
  if (base === '.nvmrc' || base === '.node-version' || base === '.python-version') {
    const product: Product = base === '.python-version' ? 'python' : 'nodejs';
    const re = /^[ \t]*(\S+)/gm;
    for (let m = re.exec(file.text); m; m = re.exec(file.text)) if (!m[1].startsWith('#')) push(product, m[1], m.index + m[0].indexOf(m[1]), `${base} pins`, true);
  } else if (base === '.tool-versions') {
    const products: Record<string, Product> = { nodejs: 'nodejs', node: 'nodejs', python: 'python', golang: 'go', go: 'go' };
    const re = /^[ \t]*(nodejs|node|python|golang|go)[ \t]+([^\n#]+)/gm;
    for (let m = re.exec(file.text); m; m = re.exec(file.text)) {
      let offset = m.index + m[0].indexOf(m[2]);
      for (const v of m[2].split(/[ \t]+/)) {
        if (v) push(products[m[1]], v, file.text.indexOf(v, offset), `.tool-versions pins ${m[1]}`);
        offset = file.text.indexOf(v, offset) + v.length;
      }
    }
  } else if (base === 'package.json') {
    if (!file.json.ok) return out;
    const pkg = file.json.value;
    const node = (pkg as { engines?: { node?: unknown } } | null)?.engines?.node;
    if (typeof node !== 'string') return out;
    const max = maxAdmittedMajor(node);
    const at = file.text.search(/"node"\s*:/);
    if (max !== undefined) out.push({ file, line: at >= 0 ? file.positionAt(at).line : 0, product: 'nodejs', version: String(max), what: `package.json engines.node "${node}" admits at most`, fixable: false, start: at, end: at });
    else out.push({ file, line: at >= 0 ? file.positionAt(at).line : 0, product: 'nodejs', version: '', what: `package.json engines.node "${node}" admits current releases`, fixable: false, start: at, end: at });
  }
  return out;
}

const NAMES = /(^|\/)(\.nvmrc|\.node-version|\.python-version|\.tool-versions|package\.json)$/;

export const rule: WorkspaceRule = {
  id: 'security/runtime-eol',
  category: 'security',
  severity: 'high',
  level: 'mvp',
  title: 'Pinned runtimes are not past their end of life',
  rationale: 'A runtime past its end of life gets no security fixes; a project pinned to it keeps every vulnerability found after that day.',
  fixable: true,
  scope: 'workspace',
  check({ ws, now }) {
    const findings: RuleFinding[] = [];
    const evidence: Evidence[] = [];
    let examined = 0;
    for (const p of ws.files) {
      if (!NAMES.test(p) || isTestPath(p) || isTemplatePath(p) || /(^|\/)node_modules\//.test(p)) continue;
      const f = ws.read(p);
      if (!f) continue;
      for (const pin of pinsOf(f)) {
        examined++;
        const h: EolHit | undefined = pin.version ? versionEol(pin.product, pin.version, now) : undefined;
        if (!h) {
          evidence.push({ message: `${pin.what} ${pin.version || ''}`.trim() + (pin.version ? ', a supported release' : ''), file: f.path, line: pin.line + 1 });
          continue;
        }
        const current = pin.product === 'nodejs' ? activeNodeLts(now) : currentCycle(pin.product, now).releaseCycle;
        const fix = pin.fixable ? replaceFix(`Pin ${h.label.replace(/ \d.*$/, '')} ${current}`, f, f.rangeOf(pin.start, pin.end), current) : undefined;
        findings.push({
          message: `${pin.what} ${pin.version}: ${h.label} reached its end of life on ${day(h.eol)} and gets no security fixes; move to ${pin.product === 'nodejs' ? `the active LTS, ${current}` : current}`,
          file: f.path,
          range: pin.start >= 0 ? f.rangeOf(pin.start, Math.max(pin.start, pin.end)) : f.lineRange(pin.line),
          ...(fix ? { fix } : {}),
        });
      }
    }
    if (examined === 0) return { status: 'not-applicable', findings: [], reason: 'nothing to examine: no .nvmrc, .node-version, .python-version, .tool-versions or engines.node' };
    return findings.length > 0 ? { status: 'fail', findings, evidence } : { status: 'pass', findings: [], evidence };
  },
};
