/**
 * docker/base-image-eol: base images are not past their end of life: the runtime of an official
 * runtime image (`node:18`, `python:3.8-slim`, `golang:1.21`), the OS its variant names
 * (`node:22-bullseye`, `python:3.12-alpine3.18`) and OS images themselves (`debian:buster`,
 * `alpine:3.16`, `ubuntu:20.04`). An EOL base gets no security fixes, so every rebuild ships the same
 * known vulnerabilities. Stages that ship (the final stage and the stages it is built from) are high;
 * build-only stages are low. Dates come from the offline table in rules/lib/data/eol.json (with the
 * day it was taken); `FROM ${IMAGE}` is resolved through the global ARG defaults.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import type { SourceFile } from '../../core/source';
import { globalArgs, isStageReference, shippedStages, stagesOf } from '../lib/dockerfile';
import { day, imageEol, imageTracked } from '../lib/eol';

/** The base images of a Dockerfile's stages (not other stages), resolved through the global ARGs. */
function baseImages(file: SourceFile) {
  const args = globalArgs(file);
  const out: { stage: ReturnType<typeof stagesOf>[number]; image: string }[] = [];
  for (const stage of stagesOf(file)) {
    const written = stage.from.getImage() ?? '';
    if (!written || isStageReference(file, stage.from.getImageName())) continue;
    out.push({ stage, image: written.replace(/\$\{?(\w+)\}?/g, (m, name: string) => args.get(name) ?? m) });
  }
  return out;
}

export const rule: FileRule = {
  id: 'docker/base-image-eol',
  category: 'containers',
  severity: 'high',
  level: 'mvp',
  title: 'Base images are not past their end of life',
  rationale: 'A base image whose runtime or OS reached end of life gets no security fixes: every rebuild ships the same known vulnerabilities.',
  scope: 'file',
  kinds: ['dockerfile'],
  // Nothing earns nothing: `FROM scratch`, distroless or a private image has no release the table knows.
  examines: (file) => baseImages(file).some((b) => imageTracked(b.image)),
  examinesWhat: 'base image whose releases the end-of-life table knows (official OS and runtime images with a tag)',
  checkFile(file, ctx) {
    const shipped = new Set(shippedStages(file).map((s) => s.index));
    const findings: RuleFinding[] = [];
    for (const { stage, image } of baseImages(file)) {
      const r = stage.from.getImageRange();
      const range = r ? { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } } : file.lineRange(0);
      const ships = shipped.has(stage.index);
      for (const h of imageEol(image, ctx.now)) {
        findings.push({
          message: `\`${image}\` is built on ${h.label}, which reached its end of life on ${day(h.eol)} and gets no security fixes${ships ? '' : ' (a build stage: it does not ship, but builds with unpatched tools)'}: move to a supported release`,
          range,
          ...(ships ? {} : { severity: 'low' as const }),
        });
      }
    }
    return findings;
  },
};
