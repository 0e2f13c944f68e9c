/**
 * docker/healthcheck: the image of an HTTP service declares a HEALTHCHECK, so that Docker, compose and
 * orchestrators that read it can tell a hung process from a healthy one and restart it.
 *
 * Applies to services; a final stage that exposes no port in a project that serves no HTTP (a worker,
 * a command-line image) has nothing to judge. `HEALTHCHECK NONE` counts as a deliberate choice, and a
 * HEALTHCHECK of a stage the shipped one is built FROM is inherited. Every stage the project ships is
 * judged (the final one and the targets its builds select).
 *
 * A HEALTHCHECK is read by Docker and compose only: Kubernetes ignores it and uses its own probes. When
 * the repository deploys with Kubernetes manifests or Helm charts whose containers have probes, and no
 * compose file runs the image, the rule asks for none; a declared one that contacts nothing is still
 * reported, since it claims a check that does not exist.
 *
 * The fix uses what the audit found, and says where each value came from: the health route the code
 * registers (the one observability/health-endpoint reports), the port the image exposes, the compose
 * service that builds it publishes, or the code listens on, and a probe the image can run (its Node or
 * Python runtime, curl or wget). When the image has no way to probe, there is no fix: the message says
 * so instead of guessing a tool.
 */
import type { FileRule, RuleContext, RuleFinding } from '../../core/types';
import { SERVER_CODE_KINDS } from '../../core/types';
import type { SourceFile } from '../../core/source';
import type { Workspace } from '../../core/workspace';
import { asArray, asRecord } from '../../core/source';
import { insertAtLineFix } from '../lib/util';
import { HEALTH, READY, opsRoutes } from '../lib/routes';
import { productSources } from '../lib/evidence';
import { baseImageOf, keywordRange, runCommands, shippedTargets, stageChain, stagesOf, commandName, commandArgs, type Stage } from '../lib/dockerfile';
import { composeRunImageDockerfiles, servicesOf } from '../lib/compose';
import { buildsOf, versionMemo } from '../lib/builds';
import { workloadsOf } from '../lib/k8s';
import { defaultPort, dirOf, healthcheckInstruction, type ProbeFlavor } from '../lib/container-scaffold';

/** A probe the image can run, and why the rule believes it can. */
interface Probe {
  flavor: ProbeFlavor;
  why: string;
}

/** Which probe the image can run: its runtime, curl or wget it installs or ships; undefined when none is known. */
function probeOf(file: SourceFile, stage: Stage): Probe | undefined {
  const image = baseImageOf(file, stage);
  const installs = (tool: string) =>
    runCommands(file, stageChain(file, stage)).some(({ cmd }) => ['apt-get', 'apt', 'apk', 'yum', 'dnf', 'microdnf'].includes(commandName(cmd)) && commandArgs(cmd).some((w) => w.value === tool || w.value.startsWith(`${tool}=`)));
  if (/(^|\/)node(:|$)/.test(image)) return { flavor: 'node', why: `the ${image} image runs Node` };
  if (/(^|\/)python(:|$)/.test(image)) return { flavor: 'python', why: `the ${image} image runs Python` };
  if (installs('curl')) return { flavor: 'curl', why: 'curl is installed in the image' };
  if (installs('wget')) return { flavor: 'wget', why: 'wget is installed in the image' };
  if (/(distroless|scratch|chainguard\/static|wolfi)/.test(image)) return undefined;
  if (/(^|\/)(alpine|busybox)(:|$)|[:-]alpine/.test(image)) return { flavor: 'wget', why: `${image} has busybox wget` };
  if (/(^|\/)nginx(:|$)/.test(image)) return { flavor: 'curl', why: `${image} ships curl` };
  return undefined;
}

/** The base image of the final stage, for messages. */
function imageOf(file: SourceFile, stage: Stage): string {
  return baseImageOf(file, stage) || 'this image';
}

/** A port with where it was found. */
interface PortFact {
  port: number;
  why: string;
}

const validPort = (n: number) => Number.isInteger(n) && n > 0 && n < 65536;

/** The container port of a compose `ports` entry (`"8080:3000"`, `3000`, `{ target: 3000 }`). */
function containerPort(entry: unknown): number | undefined {
  const target = asRecord(entry)?.target;
  if (typeof target === 'number') return target;
  const text = typeof entry === 'number' ? String(entry) : typeof entry === 'string' ? entry : '';
  const m = /(?:^|:)(\d+)(?:-\d+)?(?:\/\w+)?$/.exec(text.trim());
  return m ? Number(m[1]) : undefined;
}

/**
 * The port the app serves on, from the most direct evidence: EXPOSE in the final stage, the container
 * port of the compose service that builds this Dockerfile, the only container port of the Kubernetes
 * manifests, or the port the code listens on.
 */
function portOf(ws: Workspace, file: SourceFile, stage: Stage): PortFact | undefined {
  for (const e of stageChain(file, stage).flatMap((s) => s.instructions.filter((i) => i.getKeyword() === 'EXPOSE'))) {
    for (const a of e.getArguments()) {
      const n = Number(/^(\d+)/.exec(a.getValue())?.[1]);
      if (validPort(n)) return { port: n, why: `EXPOSE ${n}` };
    }
  }
  const dir = dirOf(file.path);
  for (const compose of ws.pathsOfKind('compose')) {
    const cf = ws.read(compose);
    if (!cf) continue;
    for (const svc of servicesOf(cf)) {
      const build = svc.value.build;
      const context = typeof build === 'string' ? build : asRecord(build)?.context;
      const dockerfile = asRecord(build)?.dockerfile;
      if (typeof context !== 'string') continue;
      const ctxDir = normalise(dirOf(compose) ? `${dirOf(compose)}/${context}` : context);
      const df = normalise(typeof dockerfile === 'string' ? (ctxDir ? `${ctxDir}/${dockerfile}` : dockerfile) : ctxDir ? `${ctxDir}/Dockerfile` : 'Dockerfile');
      if (df !== file.path && !(typeof dockerfile !== 'string' && ctxDir === dir && /(^|\/)Dockerfile$/.test(file.path))) continue;
      for (const p of [...asArray(svc.value.ports), ...asArray(svc.value.expose)]) {
        const n = containerPort(p);
        if (n !== undefined && validPort(n)) return { port: n, why: `the ${svc.name} service of ${compose} publishes container port ${n}` };
      }
    }
  }
  const k8sPorts = new Map<number, string>();
  for (const m of ws.pathsOfKind('k8s')) {
    const kf = ws.read(m);
    if (!kf) continue;
    for (const w of workloadsOf(kf)) {
      for (const c of w.containers.filter((x) => !x.init)) {
        for (const p of asArray(c.value.ports)) {
          const n = asRecord(p)?.containerPort;
          if (typeof n === 'number' && validPort(n)) k8sPorts.set(n, m);
        }
      }
    }
  }
  if (k8sPorts.size === 1) {
    const [[n, m]] = [...k8sPorts];
    return { port: n, why: `the Kubernetes manifest ${m} declares containerPort ${n}` };
  }
  return listenPort(ws);
}

/** Collapses `.` and `..` segments of a workspace path. */
function normalise(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return out.join('/');
}

const LISTEN = [
  /\.listen\(\s*(\d{2,5})\b/,
  /\bPORT\b\s*(?:\|\||\?\?)\s*['"]?(\d{2,5})\b/,
  /\b(?:getenv|environ\.get|os\.Getenv|env\.get)\(\s*['"]PORT['"]\s*,\s*['"]?(\d{2,5})\b/,
  /\b(?:port|PORT)\s*[=:]\s*(\d{2,5})\b/,
  /["']:(\d{2,5})["']/,
];

/** The port the product's code listens on, when a source file says it plainly. */
function listenPort(ws: Workspace): PortFact | undefined {
  for (const p of productSources(ws).slice(0, 400)) {
    const f = ws.read(p);
    if (!f || !/listen|PORT|ListenAndServe|\bport\b/.test(f.text)) continue;
    for (let i = 0; i < f.lines.length; i++) {
      const line = f.lines[i];
      if (!/listen|PORT|Listen|port/.test(line)) continue;
      for (const re of LISTEN) {
        const n = Number(re.exec(line)?.[1]);
        if (validPort(n) && (re !== LISTEN[4] || /Listen|listen|addr/i.test(line))) return { port: n, why: `${p}:${i + 1} listens on ${n}` };
      }
    }
  }
  return undefined;
}

/** The liveness route the product's code registers, preferring a health route over a readiness one. */
function routeOf(ws: Workspace): { route: string; why: string } | undefined {
  const health = opsRoutes(ws).filter((r) => HEALTH.test(r.path));
  const best = health.find((r) => !READY.test(r.path)) ?? health[0];
  return best ? { route: best.path, why: `${best.file}:${best.line} registers ${best.path}` } : undefined;
}

/** Commands that succeed without looking at anything. */
const CHECKS_NOTHING = /^CMD\s+(?:\[\s*)?["']?(?:true|\/bin\/true|:|exit\s+0|echo\b|printf\b|(?:python3?|node|ruby|perl)["']?\s*,?\s*["']?-[ce]\b)/i;
/** What a real check does: a request, a socket, the service's client or a health script. */
const CONTACTS = /curl|wget|https?:|socket|connect|urlopen|request|fetch|localhost|127\.0\.0\.1|health|status|ping|ready|isready|probe/i;

export const rule: FileRule = {
  id: 'docker/healthcheck',
  category: 'containers',
  severity: 'medium',
  level: 'production',
  title: 'Service image declares a HEALTHCHECK',
  rationale: 'Without a HEALTHCHECK a container whose process hangs still counts as running; with one, Docker and compose report it unhealthy and restart policies or dependants can react.',
  related: [
    { tool: 'checkov', id: 'CKV_DOCKER_2' },
    { tool: 'trivy', id: 'DS-0026' },
  ],
  fixable: true,
  scope: 'file',
  projectKinds: SERVER_CODE_KINDS,
  kinds: ['dockerfile'],
  applies: (facts) => (facts.isService || facts.kind === 'example' ? true : 'the project is not a service'),
  examines: (file, ctx) => judged(file, ctx).length > 0,
  examinesWhat: 'shipped stage that serves (EXPOSE, or an HTTP project) of an image Docker or compose runs',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    for (const stage of judged(file, ctx)) {
      const f = judgeStage(file, stage, ctx);
      if (f) findings.push(f);
    }
    return findings;
  },
};

/** The finding about one shipped stage, if it has no HEALTHCHECK (of its own or inherited) or one that checks nothing. */
/** The HEALTHCHECK a stage's image carries (its own last one, or the one of the stage it is built FROM). */
function declaredHealthcheck(file: SourceFile, stage: Stage) {
  return stageChain(file, stage).map((s) => s.instructions.filter((i) => i.getKeyword() === 'HEALTHCHECK').pop()).find((i) => i !== undefined);
}

/** The command of a declared HEALTHCHECK when it contacts nothing (`CMD true`, `echo ok`, `python -c "print('ok')"`). */
function checksNothing(file: SourceFile, stage: Stage): string | undefined {
  const declared = declaredHealthcheck(file, stage);
  if (!declared) return undefined;
  const cmd = (declared.getArgumentsContent() ?? '').replace(/--[\w-]+=\S+\s*/g, '').trim();
  return /^NONE\b/i.test(cmd) || !CHECKS_NOTHING.test(cmd) || CONTACTS.test(cmd) ? undefined : cmd;
}

function judgeStage(file: SourceFile, stage: Stage, ctx: RuleContext): RuleFinding | undefined {
  const declared = declaredHealthcheck(file, stage);
  if (declared) {
    // A HEALTHCHECK whose command contacts nothing reports healthy whatever the service does: it is
    // configuration, not a check.
    const cmd = checksNothing(file, stage);
    if (cmd === undefined) return undefined;
    return { message: `the HEALTHCHECK (${cmd.slice(0, 60)}) contacts nothing, so it reports healthy whatever the service does; make it request the service (curl or wget on its health endpoint) or run its own health command`, range: keywordRange(declared) };
  }
  const probe = probeOf(file, stage);
  const found = routeOf(ctx.ws);
  const route = found?.route ?? '/healthz';
  const portFact = portOf(ctx.ws, file, stage);
  const port = portFact?.port ?? defaultPort(probe?.flavor);
  const anchor = stage.instructions.find((i) => ['CMD', 'ENTRYPOINT'].includes(i.getKeyword()));
  const last = stage.instructions[stage.instructions.length - 1] ?? stage.from;
  const line = anchor ? anchor.getRange().start.line : Math.min(last.getRange().end.line + 1, file.lines.length);
  const what = stage.index === stagesOf(file).length - 1 ? 'the final stage' : `the shipped stage \`${stage.name ?? stage.index}\``;
  const message = `${what} has no HEALTHCHECK, so a hung service still looks healthy; add one that probes the app`;
  // Say where the values come from: a route and a port the audit found, or the conventional ones it assumes.
  const target = `GET ${route} on port ${port}`;
  const assumed = [!found && 'health route', !portFact && 'port'].filter(Boolean);
  const said = assumed.length ? `${target} (assumed: the code names no ${assumed.join(' or ')})` : target;
  if (!probe) {
    return {
      message: `${message} (${imageOf(file, stage)} has no curl, wget or language runtime to probe ${said} with: install curl or wget in the final stage, or give the app a health subcommand and call it with HEALTHCHECK CMD)`,
      range: keywordRange(stage.from),
      data: { route, port },
    };
  }
  const why = [
    found ? `Probes ${route}: ${found.why}.` : `No health route was found in the code: the app must answer GET ${route} (see observability/health-endpoint).`,
    portFact ? `Port ${port}: ${portFact.why}.` : `No port was found (no EXPOSE, compose port or listen call): ${port} is the usual default, change it if the app listens elsewhere.`,
    `Probe: ${probe.why}.`,
  ];
  const caveats = [found ? '' : 'no health route found', portFact ? '' : `port ${port} assumed`].filter(Boolean);
  return {
    message,
    range: keywordRange(stage.from),
    fix: insertAtLineFix(`Add a HEALTHCHECK that probes ${target} with ${probe.flavor}${caveats.length ? ` (${caveats.join('; ')})` : ''}`, file, line, healthcheckInstruction(probe.flavor, port, route, why)),
    data: { flavor: probe.flavor, port, route },
  };
}

/** The shipped stages the rule judges: they serve (EXPOSE, or the project serves HTTP) and Docker or compose runs them. */
function judged(file: SourceFile, ctx: RuleContext): Stage[] {
  // Kubernetes ignores HEALTHCHECK, so none is asked of an image only it runs; but one that is declared
  // and contacts nothing still claims a check that does not exist (and `docker run` reads it).
  if (kubernetesOnly(file, ctx.ws)) return shippedTargets(file, ctx.ws).filter((stage) => checksNothing(file, stage) !== undefined);
  return shippedTargets(file, ctx.ws).filter((stage) => ctx.facts.servesHttp || stageChain(file, stage).some((s) => s.instructions.some((i) => i.getKeyword() === 'HEALTHCHECK' || i.getKeyword() === 'EXPOSE')));
}

/**
 * True when the repository deploys with Kubernetes (manifests or Helm charts whose containers have
 * liveness or readiness probes) and no compose file runs this image: Kubernetes ignores HEALTHCHECK.
 */
function kubernetesOnly(file: SourceFile, ws: Workspace): boolean {
  return versionMemo(ws, `docker/healthcheck:k8s-only:${file.path}`, () => {
    if (!kubernetesProbes(ws)) return false;
    if (buildsOf(ws, file.path).some((b) => b.via === 'compose')) return false;
    return !composeRunImageDockerfiles(ws).has(file.path);
  });
}

/** True when Kubernetes workloads (manifests, or the templates of a Helm chart) declare liveness or readiness probes. */
function kubernetesProbes(ws: Workspace): boolean {
  return versionMemo(ws, 'docker/healthcheck:k8s-probes', () => {
    for (const p of ws.pathsOfKind('k8s')) {
      const f = ws.read(p);
      if (f && workloadsOf(f).some((w) => w.containers.some((c) => c.value.livenessProbe !== undefined || c.value.readinessProbe !== undefined))) return true;
    }
    const charts = ws.files.filter((f) => /(^|\/)Chart\.ya?ml$/.test(f)).map((f) => f.slice(0, f.lastIndexOf('/') + 1));
    for (const chart of charts) {
      for (const t of ws.files) {
        if (!t.startsWith(`${chart}templates/`)) continue;
        if (/^\s*(livenessProbe|readinessProbe):/m.test(ws.read(t)?.text ?? '')) return true;
      }
    }
    return false;
  });
}
