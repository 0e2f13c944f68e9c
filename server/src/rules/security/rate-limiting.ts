/**
 * security/rate-limiting: a service that serves HTTP limits request rates, in the application
 * (express-rate-limit, @fastify/rate-limit, @nestjs/throttler, slowapi, django-ratelimit, DRF
 * throttling, flask-limiter, golang.org/x/time/rate, Rack::Attack, bucket4j, ASP.NET AddRateLimiter)
 * or a limiter of its own (a token bucket or rate limiter class), or in front of it (nginx limit_req, ingress-nginx limit annotations, Traefik, Envoy, Kong).
 */
import type { WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { findPractices, practiceEvidence, type Practice } from '../lib/code-evidence';

const LIMITERS: Practice[] = [
  { name: 'Node rate limiter', pattern: /['"](?:express-rate-limit|rate-limiter-flexible|@fastify\/rate-limit|fastify-rate-limit|@nestjs\/throttler|koa-ratelimit|koa2-ratelimit|express-slow-down|express-brute|hono-rate-limiter|@hono\/rate-limiter|@upstash\/ratelimit)['"]/ },
  { name: 'Python rate limiter', pattern: /\bslowapi\b|\bdjango_ratelimit\b|\bflask_limiter\b|\bfastapi_limiter\b|DEFAULT_THROTTLE_(?:RATES|CLASSES)|^\s*from ratelimit import/m },
  { name: 'Go rate limiter', pattern: /"golang\.org\/x\/time\/rate"|"github\.com\/ulule\/limiter|"github\.com\/didip\/tollbooth|"go\.uber\.org\/ratelimit"|"github\.com\/go-chi\/httprate"|middleware\/limiter"|\bmiddleware\.RateLimiter(?:WithConfig)?\(/ },
  { name: 'JVM rate limiter', pattern: /\bbucket4j\b|resilience4j-ratelimiter|@RateLimiter\b|RequestRateLimiter/i },
  { name: 'Rack::Attack', pattern: /Rack::Attack/ },
  { name: 'Rust rate limiter', pattern: /\btower_governor\b|\bactix_governor\b|\bRateLimitLayer\b/ },
  { name: 'ASP.NET rate limiter', pattern: /\bAddRateLimiter\(|\bUseRateLimiter\(|\bUseIpRateLimiting\(/ },
  { name: 'nginx limit_req', pattern: /^\s*limit_req(?:_zone)?\s/m },
  { name: 'ingress-nginx rate limit', pattern: /nginx\.ingress\.kubernetes\.io\/limit-(?:rps|rpm|connections)/ },
  { name: 'Traefik rate limit', pattern: /\brateLimit:|middlewares\.[\w-]+\.ratelimit\./ },
  { name: 'Envoy rate limit', pattern: /local_ratelimit|envoy\.filters\.http\.ratelimit/ },
  { name: 'Kong rate limiting', pattern: /name:\s*rate-limiting\b/ },
  { name: 'Caddy rate limit', pattern: /^\s*rate_limit\s*\{/m },
  // A limiter of the application's own: a token or leaky bucket, a rate limiter or throttle class.
  { name: 'rate limiter of its own', pattern: /^\s*(?:export\s+)?(?:class|type|struct|interface)\s+\w*(?:token_?bucket|leaky_?bucket|rate_?limiter|rate_?limit|throttler)\b/im },
  { name: 'API gateway throttling', pattern: /throttling_(?:rate|burst)_limit|ThrottlingRateLimit|throttle_settings/ },
];

/**
 * A cheap superset of LIMITERS (case-insensitive, so it also covers the combined test): every
 * pattern above contains one of these words. Keep in step when adding a limiter.
 */
const HINT = /limit|throttl|slow|brute|tollbooth|bucket|rack::attack|governor|time\/rate|httprate/i;

export const rule: WorkspaceRule = {
  id: 'security/rate-limiting',
  category: 'security',
  severity: 'medium',
  level: 'production',
  title: 'Requests are rate-limited',
  rationale: 'Without a rate limit one client can exhaust the service, brute-force logins or run up the bill; a limit per client keeps a spike or an attack from becoming an outage.',
  roadmap: [{ topic: 'rate limiting', match: /rate[- ]?limit/, rank: 690 }],
  scope: 'workspace',
  projectKinds: SERVICE_KINDS,
  applies(facts) {
    return facts.servesHttp ? true : 'the project does not serve HTTP';
  },
  check({ ws, facts }) {
    const hits = findPractices(ws, LIMITERS, 2, (h) => h.length >= 3, HINT);
    if (hits.length > 0) return { status: 'pass', findings: [], evidence: practiceEvidence(hits) };
    const advice = facts.frameworks.includes('express') ? 'add express-rate-limit' : facts.frameworks.includes('fastify') ? 'register @fastify/rate-limit' : facts.frameworks.includes('nestjs') ? 'add @nestjs/throttler' : facts.frameworks.includes('fastapi') ? 'add slowapi' : facts.frameworks.includes('django') ? 'add django-ratelimit or DRF throttling' : facts.frameworks.includes('flask') ? 'add flask-limiter' : facts.stacks.includes('go') ? 'wrap the handlers with golang.org/x/time/rate' : 'add a rate-limiting middleware';
    return { status: 'fail', findings: [{ message: `nothing limits request rates; ${advice}, or limit in the reverse proxy (nginx limit_req, ingress annotations)`, file: null }] };
  },
};
