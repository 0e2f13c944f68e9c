/**
 * docker/healthcheck: the image of an HTTP service declares a HEALTHCHECK, so that Docker, compose and
 * orchestrators that read it can tell a hung process from a healthy one and restart it.
 *
 * Applies to services; a final stage that exposes no port in a project that serves no HTTP (a worker,
 * a command-line image) has nothing to judge. `HEALTHCHECK NONE` counts as a deliberate choice.
 */
import type { FileRule } from '../../core/types';
import type { SourceFile } from '../../core/source';
import { insertAtLineFix } from '../lib/util';
import { baseImageOf, finalStage, keywordRange, runCommands, shippedStages, commandName, commandArgs, type Stage } from '../lib/dockerfile';
import { defaultPort, healthcheckInstruction, type ProbeFlavor } from '../lib/container-scaffold';

/** Which probe the image can run: its runtime, busybox wget, or curl when the image installs it. */
function flavorOf(file: SourceFile, stage: Stage): ProbeFlavor | undefined {
  const image = baseImageOf(file, stage);
  if (/(^|\/)node(:|$)/.test(image)) return 'node';
  if (/(^|\/)python(:|$)/.test(image)) return 'python';
  if (/(distroless|scratch|chainguard\/static|wolfi)/.test(image)) return undefined;
  if (/(^|\/)(alpine|busybox)(:|$)|[:-]alpine/.test(image)) return 'wget';
  if (/(^|\/)nginx(:|$)/.test(image)) return 'curl';
  const installsCurl = runCommands(file, shippedStages(file)).some(({ cmd }) => ['apt-get', 'apk', 'yum', 'dnf', 'microdnf'].includes(commandName(cmd)) && commandArgs(cmd).some((w) => w.value === 'curl' || w.value.startsWith('curl=')));
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
  examines: (file, ctx) => {
    const stage = finalStage(file);
    return stage !== undefined && (ctx.facts.servesHttp || stage.instructions.some((i) => i.getKeyword() === 'HEALTHCHECK' || i.getKeyword() === 'EXPOSE'));
  },
  examinesWhat: 'final stage that serves (EXPOSE, or an HTTP project)',
  checkFile(file, ctx) {
    const stage = finalStage(file);
    if (!stage) return [];
    if (stage.instructions.some((i) => i.getKeyword() === 'HEALTHCHECK')) return [];
    const exposed = stage.instructions.filter((i) => i.getKeyword() === 'EXPOSE');
    if (exposed.length === 0 && !ctx.facts.servesHttp) return [];
    const flavor = flavorOf(file, stage);
    const firstPort = exposed.flatMap((e) => e.getArguments().map((a) => /^(\d+)/.exec(a.getValue())?.[1])).find((p) => p && Number(p) > 0 && Number(p) < 65536);
    const port = firstPort ? Number(firstPort) : defaultPort(flavor);
    const anchor = stage.instructions.find((i) => ['CMD', 'ENTRYPOINT'].includes(i.getKeyword()));
    const line = anchor ? anchor.getRange().start.line : file.lines.length;
    const message = 'the final stage has no HEALTHCHECK, so a hung service still looks healthy; add one that probes the app';
    if (!flavor) {
      return [{ message: `${message} (this image has no curl or wget: add a health subcommand to the binary and call it with HEALTHCHECK CMD)`, range: keywordRange(stage.from) }];
    }
    return [{
      message,
      range: keywordRange(stage.from),
      fix: insertAtLineFix(`Add a HEALTHCHECK that probes http://127.0.0.1:${port}/health`, file, line, healthcheckInstruction(flavor, port)),
      data: { flavor, port },
    }];
  },
};
