/**
 * docker/non-root-user: the image that ships must run as a non-root user, so that a compromise of the
 * process is not a compromise of the container's root.
 *
 * The user in effect is the last USER of the final stage, or of the stages it is built FROM (a USER
 * set in a parent stage is inherited). Without any USER the image runs as its base image's user: root
 * for almost every image, non-root for images whose reference says so (distroless `:nonroot`,
 * `*-rootless`, `*-unprivileged`). A base image named by a build argument is judged by the argument's
 * default, which the build may replace: a default known to run as root (an official image, distroless
 * without `nonroot`, Microsoft's and Red Hat's bases) is reported as root; without a default, or with
 * an image of another publisher that may set its own USER, the rule cannot know and says so at low
 * severity instead of claiming root. An image built `FROM scratch` with no CMD or ENTRYPOINT runs no
 * program, so it has no user to judge, unless it sets USER itself.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import type { Instruction } from '../lib/dockerfile';
import { insertAtLineFix } from '../lib/util';
import type { SourceFile } from '../../core/source';
import { expandArgs, keywordRange, rangeOf, runsProgram, shippedTargets, stageChain, stagesOf, type Stage } from '../lib/dockerfile';
import { knownRootImage, parseImageRef, runsAsNonRootByDefault } from '../lib/images';

/** The last USER along a stage chain (the stage first, then the stages it is built FROM), with its stage. */
function lastUser(chain: Stage[]): { ins: Instruction; stage: Stage } | undefined {
  for (const stage of chain) {
    const users = stage.instructions.filter((i) => i.getKeyword() === 'USER');
    if (users.length > 0) return { ins: users[users.length - 1], stage };
  }
  return undefined;
}

/** A shipped stage has a user to judge when its image runs a program or sets USER itself (`USER root` in a scratch image is still root). */
function judged(file: SourceFile, stage: Stage): boolean {
  return runsProgram(file, stage) || stageChain(file, stage).some((s) => s.instructions.some((i) => i.getKeyword() === 'USER'));
}

export const rule: FileRule = {
  id: 'docker/non-root-user',
  category: 'containers',
  severity: 'high',
  level: 'mvp',
  title: 'Container runs as a non-root user',
  rationale: 'Processes in a container run as root unless the image sets USER; a non-root user limits what an attacker who takes over the process can do.',
  related: [
    { tool: 'hadolint', id: 'DL3002' },
    { tool: 'trivy', id: 'DS-0002' },
    { tool: 'checkov', id: 'CKV_DOCKER_3' },
    { tool: 'checkov', id: 'CKV_DOCKER_8' },
  ],
  fixable: true,
  scope: 'file',
  kinds: ['dockerfile'],
  examines: (file, ctx) => shippedTargets(file, ctx.ws).some((s) => judged(file, s)),
  examinesWhat: 'FROM (a stage whose image ships and runs a program)',
  checkFile(file, ctx) {
    // Every stage the project ships as an image: the final one, and the targets its builds select.
    const findings: RuleFinding[] = [];
    const seen = new Set<string>();
    for (const stage of shippedTargets(file, ctx.ws).filter((s) => judged(file, s))) {
      for (const f of judgeStage(file, stage)) {
        const key = `${f.range?.start.line}:${f.message}`;
        if (!seen.has(key)) findings.push(f);
        seen.add(key);
      }
    }
    return findings;
  },
};

/** The findings about the user one shipped stage runs as. */
function judgeStage(file: SourceFile, stage: Stage): RuleFinding[] {
  const final = stage.index === stagesOf(file).length - 1;
  const what = final ? 'the final stage' : `the shipped stage \`${stage.name ?? stage.index}\``;
  const chain = stageChain(file, stage);
  const last = lastUser(chain);
  const findings: RuleFinding[] = [];
  if (last) {
    const name = (last.ins.getArgumentsContent() ?? '').trim().split(':')[0].toLowerCase();
    if (name === 'root' || name === '0') {
      const where = last.stage === stage ? what : `stage \`${last.stage.name ?? last.stage.index}\`, which ${what} is built FROM`;
      findings.push({ message: `the last USER of the shipped image is \`${name}\` (set in ${where}); switch to an unprivileged user`, range: rangeOf(last.ins) });
    }
    return findings;
  }
  const root = chain[chain.length - 1];
  const written = root.from.getImage() ?? root.from.getImageName() ?? '';
  const image = expandArgs(file, written);
  const fromArg = written.includes('$');
  if (!image.includes('$') && runsAsNonRootByDefault(image)) return [];
  const bare = parseImageRef(image).name.toLowerCase();
  const user = /(^|\/)node$/.test(bare) ? 'node' : '10001:10001';
  const anchor = stage.instructions.find((i) => ['CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(i.getKeyword()));
  const line = anchor ? anchor.getRange().start.line : file.lines.length;
  const fix = insertAtLineFix(`Add \`USER ${user}\` to ${what}`, file, line, `USER ${user}\n`);
  if (image.includes('$') || (fromArg && !knownRootImage(image))) {
    const what = image.includes('$') ? 'a build argument without a default here' : `a build argument whose default, \`${image}\`, may set its own USER`;
    findings.push({
      message: `the shipped image never sets USER and its base image \`${written}\` comes from ${what}, so whether it runs as root depends on the image passed at build time; set USER in ${what} to be sure`,
      range: keywordRange(stage.from),
      severity: 'low',
      fix,
      data: { user },
    });
    return findings;
  }
  const source = fromArg ? ` (its base image is \`${image}\`, the default of \`${written}\`)` : '';
  findings.push({
    message: `the shipped image never sets USER, so the container runs as root, the base image's user${source}`,
    range: keywordRange(stage.from),
    fix,
    data: { user },
  });
  return findings;
}
