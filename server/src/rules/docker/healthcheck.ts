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
 * compose file runs the image, the rule has nothing to ask.
 */
import type { FileRule, RuleContext, RuleFinding } from '../../core/types';
import type { Workspace } from '../../core/workspace';
import type { SourceFile } from '../../core/source';
import { insertAtLineFix } from '../lib/util';
import { baseImageOf, keywordRange, runCommands, shippedTargets, stageChain, stagesOf, commandName, commandArgs, type Stage } from '../lib/dockerfile';
import { healthcheckIn, ownImageDockerfiles, servicesOf } from '../lib/compose';
import { buildsOf, versionMemo } from '../lib/builds';
import { workloadsOf } from '../lib/k8s';
import { defaultPort, healthcheckInstruction, type ProbeFlavor } from '../lib/container-scaffold';

/** Which probe the image can run: its runtime, busybox wget, or curl when the image installs it. */
function flavorOf(file: SourceFile, stage: Stage): ProbeFlavor | undefined {
  const chain = stageChain(file, stage);
  const image = baseImageOf(file, stage);
  if (/(^|\/)node(:|$)/.test(image)) return 'node';
  if (/(^|\/)python(:|$)/.test(image)) return 'python';
  if (/(distroless|scratch|chainguard\/static|wolfi)/.test(image)) return undefined;
  if (/(^|\/)(alpine|busybox)(:|$)|[:-]alpine/.test(image)) return 'wget';
  if (/(^|\/)nginx(:|$)/.test(image)) return 'curl';
  const installsCurl = runCommands(file, chain).some(({ cmd }) => ['apt-get', 'apk', 'yum', 'dnf', 'microdnf'].includes(commandName(cmd)) && commandArgs(cmd).some((w) => w.value === 'curl' || w.value.startsWith('curl=')));
  return installsCurl ? 'curl' : undefined;
}

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
  kinds: ['dockerfile'],
  applies: (facts) => (facts.isService ? true : 'the project is not a service'),
  examines: (file, ctx) => judged(file, ctx).length > 0,
  examinesWhat: 'shipped stage that serves (EXPOSE, or an HTTP project) of an image Docker or compose runs',
  checkFile(file, ctx) {
    const findings: RuleFinding[] = [];
    for (const stage of judged(file, ctx)) {
      if (healthcheckIn(file, stage) !== undefined) continue;
      const exposed = stageChain(file, stage).flatMap((s) => s.instructions.filter((i) => i.getKeyword() === 'EXPOSE'));
      const flavor = flavorOf(file, stage);
      const firstPort = exposed.flatMap((e) => e.getArguments().map((a) => /^(\d+)/.exec(a.getValue())?.[1])).find((p) => p && Number(p) > 0 && Number(p) < 65536);
      const port = firstPort ? Number(firstPort) : defaultPort(flavor);
      const anchor = stage.instructions.find((i) => ['CMD', 'ENTRYPOINT'].includes(i.getKeyword()));
      const line = anchor ? anchor.getRange().start.line : stage.instructions.length > 0 ? stage.instructions[stage.instructions.length - 1].getRange().end.line + 1 : stage.from.getRange().end.line + 1;
      const what = stage.index === stagesOf(file).length - 1 ? 'the final stage' : `the shipped stage \`${stage.name ?? stage.index}\``;
      const message = `${what} has no HEALTHCHECK, so a hung service still looks healthy; add one that probes the app`;
      if (!flavor) {
        findings.push({ message: `${message} (this image has no curl or wget: add a health subcommand to the binary and call it with HEALTHCHECK CMD)`, range: keywordRange(stage.from) });
        continue;
      }
      findings.push({
        message,
        range: keywordRange(stage.from),
        fix: insertAtLineFix(`Add a HEALTHCHECK that probes http://127.0.0.1:${port}/health`, file, Math.min(line, file.lines.length), healthcheckInstruction(flavor, port)),
        data: { flavor, port },
      });
    }
    return findings;
  },
};

/** The shipped stages the rule judges: they serve (EXPOSE, or the project serves HTTP) and Docker or compose runs them. */
function judged(file: SourceFile, ctx: RuleContext): Stage[] {
  if (kubernetesOnly(file, ctx.ws)) return [];
  return shippedTargets(file, ctx.ws).filter((stage) => {
    const chain = stageChain(file, stage);
    return ctx.facts.servesHttp || chain.some((s) => s.instructions.some((i) => i.getKeyword() === 'HEALTHCHECK' || i.getKeyword() === 'EXPOSE'));
  });
}

/**
 * True when the repository deploys with Kubernetes (manifests or Helm charts whose containers have
 * liveness or readiness probes) and no compose file runs this image: Kubernetes ignores HEALTHCHECK.
 */
function kubernetesOnly(file: SourceFile, ws: Workspace): boolean {
  return versionMemo(ws, `docker/healthcheck:k8s-only:${file.path}`, () => {
    if (!kubernetesProbes(ws)) return false;
    if (buildsOf(ws, file.path).some((b) => b.via === 'compose')) return false;
    for (const p of ws.pathsOfKind('compose')) {
      const f = ws.read(p);
      if (f && servicesOf(f).some((svc) => typeof svc.value.image === 'string' && svc.value.build === undefined && ownImageDockerfiles(ws, svc.value.image).includes(file.path))) return false;
    }
    return true;
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
