/**
 * reliability/outbound-timeouts: outbound HTTP calls made with a client that waits forever by
 * default set a timeout: Python `requests` calls (Bandit B113) and `urllib.request.urlopen`, Go
 * `http.Get`/`http.Post` (the default client) and `http.Client{}` literals without `Timeout`, and
 * axios calls when no axios instance or default sets one. Clients with a default timeout (httpx 5 s,
 * aiohttp 5 min) are not asked.
 *
 * A call whose arguments unpack options (`**kwargs`) may carry a timeout and is not a finding, nor
 * is a Go client that dials a Unix socket (a local control API) or serves requests built with a
 * context (whose deadline the caller sets). Tests, examples and helper trees
 * (dev scripts, packaging, docs) are not examined; a file is examined when it makes such calls.
 *
 * Two kinds of code make no call that can hang a service. The HTTP client library itself (the
 * project whose package is `requests` or `axios`) calls its own API, which passes the caller's
 * timeout through: its code is not an outbound call of its own. And a probe script that only a
 * health check runs (named by a Dockerfile `HEALTHCHECK` or a compose `healthcheck: test:`) is
 * killed by the orchestrator's own health-check timeout (30 s by default), so it cannot wait forever.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import type { SourceFile } from '../../core/source';
import type { Workspace } from '../../core/workspace';
import { bracketed, isTemplatePath, isTestPath } from '../lib/util';
import { contentMemo } from '../lib/evidence';
import { readJson } from '../lib/stacks';

const PY_REQUESTS = /\brequests\.(?:get|post|put|patch|delete|head|options|request)\(/g;
/** `urlopen` of urllib (a method such as urllib3's `pool.urlopen` is another API, with its own timeout). */
const PY_URLOPEN = /(?:\burllib\.request\.|(?<![\w.])request\.|(?<![\w.]))urlopen\(/g;
const GO_DEFAULT = /\bhttp\.(?:Get|Post|Head|PostForm)\(/g;
const GO_CLIENT = /\bhttp\.Client\s*\{/g;
const AXIOS = /\baxios\.(?:get|post|put|patch|delete|head|request)\(/g;
/** What makes a file examined: one of the clients above. */
const CALLS = /\brequests\.(?:get|post|put|patch|delete|head|options|request)\(|(?:\burllib\.request\.|(?<![\w.])request\.|(?<![\w.]))urlopen\(|\bhttp\.(?:Get|Post|Head|PostForm)\(|\bhttp\.Client\s*\{|\baxios\.(?:get|post|put|patch|delete|head|request)\(/;
const HELPER = /^(?:dev|scripts?|hack|tools|docs?|docker|deploy|contrib|examples?|benchmarks?)\/|(?:^|\/)(?:testhelpers?|testutil|e2e)\/|(?:^|\/|_)tests?\.rs$/;

/** The client libraries whose calls this rule judges, by the package name that would make a project the library itself. */
const CLIENT_PACKAGES = ['requests', 'axios'] as const;

/** What exempts code in this workspace: the client libraries it is, and the scripts only health checks run. */
interface Exempt {
  selfClients: Set<string>;
  probes: Set<string>;
}

function exemptions(ws: Workspace): Exempt {
  return contentMemo(ws, 'outbound-timeouts:exempt', () => {
    const names = new Set<string>();
    const pkg = readJson(ws, 'package.json');
    if (typeof pkg?.name === 'string') names.add(pkg.name);
    for (const [path, re] of [['pyproject.toml', /^\s*name\s*=\s*["']([\w.-]+)["']/m], ['setup.cfg', /^\s*name\s*=\s*([\w.-]+)\s*$/m], ['setup.py', /\bname\s*=\s*["']([\w.-]+)["']/]] as const) {
      const m = ws.exists(path) ? re.exec(ws.read(path)?.text ?? '') : null;
      if (m) names.add(m[1]);
    }
    const selfClients = new Set<string>(CLIENT_PACKAGES.filter((c) => names.has(c)));
    // Scripts a health check runs: the last path segment of each file named on a HEALTHCHECK or compose test line.
    const probes = new Set<string>();
    const add = (line: string) => {
      for (const m of line.matchAll(/([\w.-]+\.(?:py|js|mjs|cjs|ts|sh|rb|php))\b/g)) probes.add(m[1]);
    };
    for (const p of ws.unfiltered.pathsOfKind('dockerfile')) {
      for (const l of ws.read(p)?.lines ?? []) if (/^\s*HEALTHCHECK\b/i.test(l)) add(l);
    }
    for (const p of ws.unfiltered.pathsOfKind('compose')) {
      const t = ws.read(p)?.text ?? '';
      for (const m of t.matchAll(/^[ \t]*-?[ \t]*test:[ \t]*(.+)$/gm)) add(m[1]);
    }
    return { selfClients, probes };
  });
}

/** True when the file makes calls this rule judges, leaving out the exemptions above. */
function makesCalls(file: SourceFile, ws: Workspace): boolean {
  if (!own(file.path) || !CALLS.test(file.text)) return false;
  const ex = exemptions(ws);
  if (ex.probes.has(file.path.slice(file.path.lastIndexOf('/') + 1))) return false;
  if (ex.selfClients.size === 0) return true;
  const t = file.text.replace(ex.selfClients.has('requests') ? new RegExp(PY_REQUESTS.source, 'g') : /$^/g, '').replace(ex.selfClients.has('axios') ? new RegExp(AXIOS.source, 'g') : /$^/g, '');
  return CALLS.test(t);
}

function own(path: string): boolean {
  return !isTestPath(path) && !isTemplatePath(path) && !HELPER.test(path);
}

function isDocLine(file: SourceFile, index: number): boolean {
  const line = (file.lines[file.positionAt(index).line] ?? '').trim();
  return /^(?:>>>|\.\.\.|#|\/\/|\*|--)/.test(line);
}

export const rule: FileRule = {
  id: 'reliability/outbound-timeouts',
  category: 'reliability',
  severity: 'medium',
  level: 'production',
  title: 'Outbound HTTP calls set a timeout',
  rationale: 'A call without a timeout waits forever on a slow or dead dependency, holding a worker each time until the whole service stops answering.',
  roadmap: [{ topic: 'outbound timeouts', match: /\btimeouts?\b/, unless: /\bquery\b|database|\bdb\b|\btests?\b|session|idle/, rank: 870 }],
  related: [{ tool: 'bandit', id: 'B113' }],
  guard: true,
  scope: 'file',
  kinds: ['source'],
  examines: (file, ctx) => makesCalls(file, ctx.ws),
  examinesWhat: 'outbound HTTP call with a client that has no default timeout',
  checkFile(file, ctx) {
    if (!makesCalls(file, ctx.ws)) return [];
    const self = exemptions(ctx.ws).selfClients;
    const t = file.text;
    const findings: RuleFinding[] = [];
    const report = (index: number, length: number, message: string) => findings.length < 30 && findings.push({ message, range: file.rangeOf(index, index + length) });
    if (file.path.endsWith('.py')) {
      for (const m of self.has('requests') ? [] : t.matchAll(PY_REQUESTS)) {
        const args = bracketed(t, m.index! + m[0].length - 1, 1500);
        if (isDocLine(file, m.index!) || /\btimeout\s*=|\*\*\w+/.test(args)) continue;
        report(m.index!, m[0].length - 1, `\`${m[0].slice(0, -1)}\` without \`timeout=\` waits forever if the server stops answering; pass \`timeout=(3.05, 30)\` or a setting`);
      }
      for (const m of t.matchAll(PY_URLOPEN)) {
        const args = bracketed(t, m.index! + m[0].length - 1, 1500);
        if (isDocLine(file, m.index!) || /\btimeout\s*=|,\s*\d|\*\*\w+/.test(args) || !/\burllib\b|from urllib/.test(t)) continue;
        report(m.index!, m[0].length - 1, '`urlopen` without `timeout=` waits forever if the server stops answering; pass a timeout');
      }
    } else if (file.path.endsWith('.go')) {
      for (const m of t.matchAll(GO_DEFAULT)) {
        if (isDocLine(file, m.index!)) continue;
        report(m.index!, m[0].length - 1, `\`${m[0].slice(0, -1)}\` uses http.DefaultClient, which has no timeout; use an \`http.Client{Timeout: …}\` or a request context with a deadline`);
      }
      // Requests that carry a caller's context are bounded by its deadline, which this rule cannot see.
      const contextBound = /\bNewRequestWithContext\(|\.WithContext\(|\bctxhttp\./.test(t);
      for (const m of t.matchAll(GO_CLIENT)) {
        if (contextBound) continue;
        const lit = bracketed(t, m.index! + m[0].length - 1, 1500);
        if (isDocLine(file, m.index!) || /\bTimeout\s*:/.test(lit) || /"unix"|unix\.|UnixAddr|socketPath|SocketPath/i.test(lit)) continue;
        // A client whose Timeout is set on the next lines (`c.Timeout = …`) is fine.
        const after = t.slice(m.index!, m.index! + lit.length + 400);
        if (/\.Timeout\s*=/.test(after)) continue;
        report(m.index!, m[0].length - 1, '`http.Client` without `Timeout` waits forever on a server that stops answering; set `Timeout` (or give every request a context deadline)');
      }
    } else if (/\.[cm]?[jt]sx?$/.test(file.path)) {
      // One `axios.defaults.timeout` or `axios.create({ timeout })` in the project covers the calls.
      const configured = ctx.ws.pathsOfKind('source').some((p) => {
        const f = ctx.ws.read(p);
        return !!f && /axios/.test(f.text) && /\baxios\.defaults\.timeout\s*=|\baxios\.create\(\s*\{[^}]*\btimeout\s*:/.test(f.text);
      });
      if (!configured && !self.has('axios') && /['"]axios['"]/.test(t)) {
        for (const m of t.matchAll(AXIOS)) {
          const args = bracketed(t, m.index! + m[0].length - 1, 1500);
          if (isDocLine(file, m.index!) || /\btimeout\s*:|\bsignal\s*:|\.\.\.\w+/.test(args)) continue;
          report(m.index!, m[0].length - 1, `\`${m[0].slice(0, -1)}\` without a timeout waits forever (axios defaults to none); pass \`{ timeout: 10000 }\` or set \`axios.defaults.timeout\``);
        }
      }
    }
    return findings;
  },
};
