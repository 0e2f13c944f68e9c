/**
 * ops/slo: the service has written service level objectives with numbers: an availability target
 * ("99.9%"), a latency objective ("p95 < 200 ms") or an error budget, in the documentation, or as
 * code (OpenSLO, Sloth, Pyrra, Nobl9, Google SLO resources). Mentioning SLOs without a number earns
 * partial credit.
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { outcome } from '../lib/util';
import { firstHit, type Hit, isOwnFile, projectDocs } from '../lib/evidence';

/** Acronyms are matched in capitals only, so that paths such as `ops/slo` do not count. */
const TERM = /\bSL[OAI]s?\b|\bKPIs?\b|[Ss]ervice [Ll]evel (?:[Oo]bjective|[Aa]greement)|[Ee]rror budget|[Uu]ptime target|[Aa]vailability target/;
const NUMBER = /\b9\d(?:\.\d+)?\s?%|\bp(?:50|90|95|99|99\.9)\b[^\n]{0,30}?\d+\s?(?:ms|s|milliseconds|seconds)\b|[<≤]\s?\d+\s?ms\b|error budget[^\n]{0,40}?\d+(?:\.\d+)?\s?%/i;
/** Community and legal documents speak of others' service levels (a code of conduct's SLAs), never the product's. */
const GOVERNANCE = /(?:^|\/)(?:CODE_OF_CONDUCT|CONTRIBUTING|GOVERNANCE|SECURITY|LICENSE|CHANGELOG|CHANGES|HISTORY|SUPPORT|MAINTAINERS)(?:\.\w+)?$/i;
const AS_CODE = /apiVersion:\s*(?:openslo\/v\d\w*|sloth\.slok\.dev\/v\d\w*|pyrra\.dev\/v\d\w*|nobl9\.com\/v\d\w*)|^version:\s*["']?prometheus\/v1["']?\s*$|resource\s+"(?:google_monitoring_slo|datadog_service_level_objective|newrelic_service_level)"/m;

export const rule: WorkspaceRule = {
  id: 'ops/slo',
  category: 'operations',
  severity: 'low',
  level: 'production',
  title: 'Service level objectives are defined with numbers',
  rationale: 'Alerts, capacity plans and the decision to ship or to stabilise all need an agreed target such as 99.9% availability or p95 under 200 ms; the seeds list uptime and latency KPIs.',
  roadmap: [
    { topic: 'service level objectives', match: /\bslos?\b|service level|error budget|uptime target|\bsla\b/, rank: 430 },
    { topic: 'SLIs and KPIs', match: /\bslis?\b|\bkpis?\b|service level indicators?|success metrics|uptime\b|\d{2}\.\d+%\+? uptime/, rank: 950 },
  ],
  scope: 'workspace',
  projectKinds: SERVICE_KINDS,
  applies(facts) {
    return facts.isService || 'not a long-running service';
  },
  check({ ws }) {
    const code = ws.files.filter((p) => /\.(?:ya?ml|tf)$/.test(p) && /slo|sli|objective|monitor|observability/i.test(p) && isOwnFile(ws, p));
    for (const p of code.slice(0, 100)) {
      const f = ws.read(p);
      const hit = f && firstHit(f, AS_CODE);
      if (hit) return outcome.pass([{ message: `SLO as code: ${hit.text}`, file: p, line: hit.line }]);
    }
    let mention: Hit | undefined;
    for (const p of projectDocs(ws, 200)) {
      if (GOVERNANCE.test(p)) continue;
      const f = ws.read(p);
      if (!f) continue;
      const term = firstHit(f, TERM);
      if (!term) continue;
      // The number must sit near the term: in the same paragraph or table, within a few lines.
      const near = f.lines.slice(Math.max(0, term.line - 3), term.line + 12).join('\n');
      const num = NUMBER.exec(near);
      if (num) {
        const evidence: Evidence[] = [{ message: `objective "${num[0].trim()}" near "${term.text.slice(0, 60)}"`, file: p, line: term.line }];
        return outcome.pass(evidence);
      }
      mention ??= term;
    }
    if (mention) {
      return outcome.partial(0.4, [{
        message: `${mention.file} mentions service levels but states no target: write the objectives with numbers (e.g. 99.9% monthly availability, p95 latency under 300 ms) and how they are measured`,
        file: mention.file,
        range: mention.range,
      }], [{ message: 'service levels mentioned', file: mention.file, line: mention.line }]);
    }
    return outcome.fail([{ message: 'no service level objectives: document an availability and a latency target with numbers (e.g. in docs/SLO.md or the runbook) and alert on the error budget', file: null }]);
  },
};
