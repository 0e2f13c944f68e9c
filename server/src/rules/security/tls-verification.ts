/**
 * security/tls-verification: the product's code never turns TLS certificate verification off:
 * `verify=False` (requests, httpx), `ssl._create_unverified_context()`, `ssl.CERT_NONE`,
 * `rejectUnauthorized: false`, `NODE_TLS_REJECT_UNAUTHORIZED=0`, `InsecureSkipVerify: true`,
 * `danger_accept_invalid_certs(true)`, Java's `NoopHostnameVerifier` and trust-all managers, .NET's
 * accept-any validators, Ruby's `VERIFY_NONE`, PHP's `CURLOPT_SSL_VERIFYPEER false`.
 *
 * An opt-in is not a finding: a literal inside an `if` on an insecure/skip-verify/self-signed option
 * (`if cfg.SkipVerify { … InsecureSkipVerify: true }`) lets the operator choose, and a value read
 * from configuration (`InsecureSkipVerify: cfg.Insecure`) is not a literal. Lines acknowledged for
 * the linters that know this check (`#nosec`, `nolint:gosec`, `noqa: S501`) are left to that decision.
 * Tests, fixtures and examples are not examined; a file is examined when it makes TLS or HTTPS
 * client connections, so a repository without any earns nothing. A browser's `fetch` cannot turn
 * verification off, so front-end calls are not what this rule examines.
 */
import { inLiteral } from '../../core/code-mask';
import type { FileRule, RuleFinding } from '../../core/types';
import type { SourceFile } from '../../core/source';
import { isTemplatePath, isTestPath } from '../lib/util';

/** Settings that disable verification, by language (file extension). */
const INSECURE: { ext: RegExp; re: RegExp; what: string }[] = [
  { ext: /\.py$/, re: /\bverify\s*=\s*False\b/g, what: '`verify=False` turns certificate verification off' },
  { ext: /\.py$/, re: /\bssl\._create_unverified_context\b|\bcert_reqs\s*=\s*ssl\.CERT_NONE\b|\bverify_mode\s*=\s*ssl\.CERT_NONE\b|\.check_hostname\s*=\s*False\b/g, what: 'an unverified SSL context accepts any certificate' },
  { ext: /\.[cm]?[jt]sx?$/, re: /\brejectUnauthorized\s*:\s*false\b|\bstrictSSL\s*:\s*false\b/g, what: '`rejectUnauthorized: false` accepts any certificate' },
  { ext: /\.[cm]?[jt]sx?$/, re: /\bNODE_TLS_REJECT_UNAUTHORIZED\s*=\s*['"`]?0\b/g, what: '`NODE_TLS_REJECT_UNAUTHORIZED=0` turns verification off for the whole process' },
  { ext: /\.go$/, re: /\bInsecureSkipVerify\s*(?::|=)\s*true\b/g, what: '`InsecureSkipVerify: true` accepts any certificate' },
  { ext: /\.rs$/, re: /\bdanger_accept_invalid_(?:certs|hostnames)\(\s*true\s*\)/g, what: '`danger_accept_invalid_certs(true)` accepts any certificate' },
  { ext: /\.(?:java|kt)$/, re: /\bNoopHostnameVerifier\b|\bALLOW_ALL_HOSTNAME_VERIFIER\b|\bTrustAllStrategy\b|\btrustAll(?:Certs|Certificates|Manager)\b|setHostnameVerifier\(\s*\(?[\w\s,]*\)?\s*->\s*true\s*\)/g, what: 'a trust-all certificate or host-name verifier' },
  { ext: /\.cs$/, re: /\bDangerousAcceptAnyServerCertificateValidator\b|ServerCertificate(?:Custom)?ValidationCallback\s*\+?=\s*(?:delegate\s*)?\([^)]*\)\s*=>\s*true\b/g, what: 'a certificate validator that accepts any certificate' },
  { ext: /\.rb$/, re: /\bOpenSSL::SSL::VERIFY_NONE\b|\bverify_ssl:\s*false\b|\bssl_verify_mode:\s*:none\b/g, what: '`VERIFY_NONE` accepts any certificate' },
  { ext: /\.php$/, re: /CURLOPT_SSL_VERIFY(?:PEER|HOST)\s*,\s*(?:false|0)\b|['"]verify['"]\s*=>\s*false\b/g, what: 'cURL certificate verification is turned off' },
];
/** A file that makes TLS or HTTPS client connections (what the rule examines). */
const TLS_CLIENT = /\btls\.Config\b|\bhttp\.(?:Client|Transport|Get|Post|NewRequest)\b|\brequests\.(?:get|post|put|patch|delete|head|request|Session|adapters)\b|\bhttpx\.|\baiohttp\.|\burllib3?\.|\bssl\.(?:create_default_context|SSLContext|wrap_socket|_create_\w+|CERT_\w+|PROTOCOL_\w+)|\bhttps\.(?:request|get|Agent)\b|\bnew\s+(?:https\.)?Agent\(|\bgot\(|\bundici\b|\bnode-fetch\b|\breqwest\b|\bHttpClient\b|\bRestTemplate\b|\bWebClient\b|\bOkHttp|\bNet::HTTP\b|\bFaraday\b|\bcurl_(?:init|setopt)\b|\bGuzzle|\brejectUnauthorized\b|\bInsecureSkipVerify\b|\bverify\s*=\s*(?:False|True)\b|SSLContext|TrustManager|HostnameVerifier|NODE_TLS_REJECT_UNAUTHORIZED|VERIFY_NONE|ServerCertificate/;
/** An `if` that makes the insecure setting an operator's choice. */
const OPT_IN = /\b(?:if|elif|unless|when|case)\b[^\n]*(?:insecure|skip_?verify|skipverify|skip_?tls|no_?verify|noverify|verify_?ssl|ssl_?verify|tls_?verify|verify_?tls|self_?signed|selfsigned|allow_?insecure|unsafe|trust_?all|ignore_?(?:ssl|tls|cert)|dev_?mode|debug)/i;
const ACKNOWLEDGED = /#\s*nosec|nolint:\s*gosec|noqa:\s*S50[12]|NOSONAR|eslint-disable[^\n]*no-insecure/i;

function indent(line: string): number {
  return line.length - line.trimStart().length;
}

/** True when the setting on `line` sits in a block opened by an opt-in `if` (or is one). */
function optedIn(file: SourceFile, line: number): boolean {
  const here = file.lines[line] ?? '';
  if (OPT_IN.test(here)) return true;
  let depth = indent(here);
  for (let l = line - 1; l >= Math.max(0, line - 12); l--) {
    const text = file.lines[l] ?? '';
    if (text.trim() === '') continue;
    const i = indent(text);
    if (i < depth) {
      if (OPT_IN.test(text)) return true;
      depth = i;
      if (i === 0) break;
    }
  }
  return false;
}

/** Front-end code: a browser cannot turn certificate verification off. */
const FRONT_END = /(?:^|\/)(?:frontend|front-end|webapp|web-app|webui|src-ui|static|public|assets|www)\/|\.(?:tsx|jsx|vue|svelte)$|\.component\.ts$/i;

function own(path: string): boolean {
  return !isTestPath(path) && !isTemplatePath(path) && !/(?:^|\/)(?:benchmarks?|e2e|testhelpers?|testutil|hack|scripts?)\/|(?:^|\/|_)tests?\.rs$/i.test(path) && !FRONT_END.test(path);
}

export const rule: FileRule = {
  id: 'security/tls-verification',
  category: 'security',
  severity: 'high',
  level: 'mvp',
  title: 'TLS certificate verification is never turned off',
  rationale: 'A client that accepts any certificate talks to whoever answers: anyone on the network path can read and change the traffic, credentials included.',
  roadmap: [{ topic: 'TLS certificate verification', match: /certificate (verification|validation)|verify=false|rejectunauthorized|insecureskipverify|(tls|ssl) verification/, rank: 730 }],
  related: [
    { tool: 'owasp-asvs', id: 'v4.0.3-9.2.1' },
    { tool: 'bandit', id: 'B501' },
    { tool: 'gosec', id: 'G402' },
  ],
  guard: true,
  scope: 'file',
  kinds: ['source'],
  examines: (file) => own(file.path) && TLS_CLIENT.test(file.text),
  examinesWhat: 'code that makes TLS or HTTPS client connections',
  checkFile(file) {
    if (!own(file.path)) return [];
    const findings: RuleFinding[] = [];
    for (const p of INSECURE) {
      if (!p.ext.test(file.path)) continue;
      const re = new RegExp(p.re.source, 'g');
      for (let m = re.exec(file.text); m && findings.length < 50; m = re.exec(file.text)) {
        const line = file.positionAt(m.index).line;
        const text = file.lines[line] ?? '';
        // Text about the setting (a comment, a message, a pattern) is not the setting.
        if (ACKNOWLEDGED.test(text) || /^[ \t]*(?:\/\/|#|\*|--)/.test(text) || inLiteral(file, m.index) || optedIn(file, line)) continue;
        findings.push({ message: `${p.what}: anyone on the network path can impersonate the server; trust the right CA (a CA bundle or the system store) instead, or put it behind an explicit opt-in setting`, range: file.rangeOf(m.index, m.index + m[0].length) });
      }
    }
    return findings;
  },
};
