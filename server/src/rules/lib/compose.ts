/**
 * A view of Docker Compose files as services, shared by the compose rules: the services map, their
 * healthchecks (including one inherited from the Dockerfile a service builds, or from the Dockerfile of
 * the repository's own image it runs), one-shot services, and a helper that inserts keys into a
 * service's block mapping.
 */
import type { SourceFile } from '../../core/source';
import { asArray, asRecord } from '../../core/source';
import type { Fix, Range } from '../../core/types';
import { insertIntoBlockMap } from './yaml-edit';
import type { Workspace } from '../../core/workspace';
import { buildTargets, stageChain, stagesOf, type Stage } from './dockerfile';
import { imageBuilds, imageName, versionMemo } from './builds';
import { servicesOf, type ComposeService } from './compose-services';

export { servicesOf, type ComposeService } from './compose-services';

/** The range of a service's key, or of a key inside it. */
export function serviceRange(file: SourceFile, name: string, ...path: (string | number)[]): Range {
  return file.yamlPathRange(['services', name, ...path]);
}

/** The names of the services a service depends on, and the condition it waits for. */
export function dependsOn(svc: ComposeService): { name: string; condition: string | undefined; listForm: boolean }[] {
  const d = svc.value.depends_on;
  if (Array.isArray(d)) return d.filter((x) => typeof x === 'string').map((name) => ({ name: name as string, condition: undefined, listForm: true }));
  const m = asRecord(d);
  if (!m) return [];
  return Object.entries(m).map(([name, v]) => {
    const c = asRecord(v)?.condition;
    return { name, condition: typeof c === 'string' ? c : undefined, listForm: false };
  });
}

/** Services others wait for with `service_completed_successfully`: one-shot jobs such as migrations. */
export function oneShotServices(services: ComposeService[]): Set<string> {
  const out = new Set<string>();
  for (const s of services) for (const d of dependsOn(s)) if (d.condition === 'service_completed_successfully') out.add(d.name);
  for (const s of services) if (s.value.restart === 'no' && asArray(s.value.profiles).length > 0) out.add(s.name);
  return out;
}

/** How a service's health is checked: in the compose file, by the image it builds or runs, disabled, or not at all. */
export function healthcheckOf(ws: Workspace, file: SourceFile, svc: ComposeService): 'compose' | 'dockerfile' | 'disabled' | undefined {
  const hc = asRecord(svc.value.healthcheck);
  if (hc) {
    const test = hc.test;
    if (hc.disable === true || (Array.isArray(test) && test[0] === 'NONE')) return 'disabled';
    if (test !== undefined) return 'compose';
  }
  let images: { file: SourceFile; target?: string }[];
  if (svc.value.build !== undefined) {
    // The build of this very service (its Dockerfile and target), as the build reader resolved it.
    const line = file.yamlPathRange(['services', svc.name, 'build']).start.line + 1;
    images = imageBuilds(ws)
      .filter((b) => b.via === 'compose' && b.where.file === file.path && b.where.line === line)
      .flatMap((b) => {
        const df = ws.read(b.dockerfile);
        return df ? [{ file: df, ...(b.target ? { target: b.target } : {}) }] : [];
      });
  } else if (typeof svc.value.image === 'string') {
    // An image the repository builds itself (`image: ghcr.io/owner/app:1.2`): its Dockerfile's HEALTHCHECK.
    images = ownImageDockerfiles(ws, svc.value.image).flatMap((p) => {
      const df = ws.read(p);
      return df ? [{ file: df }] : [];
    });
  } else images = [];
  let found: 'dockerfile' | 'disabled' | undefined;
  for (const { file: df, target } of images) {
    const stages = target ? stagesOf(df).filter((s) => s.name === target) : buildTargets(df, ws);
    for (const stage of stages) {
      const h = healthcheckIn(df, stage);
      if (h === 'dockerfile') return 'dockerfile';
      if (h === 'disabled') found = 'disabled';
    }
  }
  return found;
}

/** The HEALTHCHECK a stage's image carries: its own last one, or the one of the stage it is built FROM. */
export function healthcheckIn(df: SourceFile, stage: Stage): 'dockerfile' | 'disabled' | undefined {
  for (const s of stageChain(df, stage)) {
    const hcs = s.instructions.filter((i) => i.getKeyword() === 'HEALTHCHECK');
    if (hcs.length > 0) return /^\s*none\s*$/i.test(hcs[hcs.length - 1].getArgumentsContent() ?? '') ? 'disabled' : 'dockerfile';
  }
  return undefined;
}

/**
 * The Dockerfiles of the repository's own image named by a reference: an image some build of the
 * repository tags with that name (`docker build -t`, build-push-action `tags`, GoReleaser
 * `image_templates`, compose `image` beside `build`), or, when CI publishes under an expression such as
 * `ghcr.io/${{ github.repository }}`, an image whose `owner/name` is the repository's own slug (from
 * its metadata: go.mod, package.json, Cargo.toml, pyproject.toml, issue templates) built by CI.
 */
export function ownImageDockerfiles(ws: Workspace, ref: string): string[] {
  if (ref.includes('$') || ref.includes('{{')) return [];
  const name = bareName(imageName(ref));
  const index = ownImageIndex(ws);
  const tagged = index.byName.get(name);
  if (tagged) return tagged;
  const slug = repositorySlug(ws);
  if (!slug || !(name === slug || name.endsWith(`/${slug}`))) return [];
  if (index.published.length > 0) return index.published;
  return ws.exists('Dockerfile') ? ['Dockerfile'] : [];
}

/**
 * The builds of the workspace indexed once per version: the Dockerfiles each bare image name is built
 * from, and the Dockerfiles CI or GoReleaser publish (asked once per compose service, which would
 * otherwise rescan every build for every service of every compose file).
 */
function ownImageIndex(ws: Workspace): { byName: Map<string, string[]>; published: string[] } {
  return versionMemo(ws, 'compose:own-image-index', () => {
    const byName = new Map<string, string[]>();
    const published = new Set<string>();
    for (const b of imageBuilds(ws)) {
      for (const image of new Set(b.images.map(bareName))) {
        const list = byName.get(image) ?? [];
        if (!list.includes(b.dockerfile)) list.push(b.dockerfile);
        byName.set(image, list);
      }
      if (b.via === 'ci' || b.via === 'goreleaser') published.add(b.dockerfile);
    }
    return { byName, published: [...published] };
  });
}

/** The Dockerfiles of the repository's own images that some compose service runs by `image:` alone (no `build:`). */
export function composeRunImageDockerfiles(ws: Workspace): Set<string> {
  return versionMemo(ws, 'compose:image-only-dockerfiles', () => {
    const out = new Set<string>();
    for (const p of ws.pathsOfKind('compose')) {
      const f = ws.read(p);
      if (!f) continue;
      for (const svc of servicesOf(f)) {
        if (typeof svc.value.image === 'string' && svc.value.build === undefined) for (const d of ownImageDockerfiles(ws, svc.value.image)) out.add(d);
      }
    }
    return out;
  });
}

/** An image name without the Docker Hub registry and `library/` prefixes. */
function bareName(name: string): string {
  return name.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '').replace(/^library\//, '');
}

/** Where a repository's metadata names its own home: the file, and the lines that hold the link. */
const SLUG_SOURCES: { file: RegExp; line: RegExp }[] = [
  { file: /^go\.mod$/, line: /^module\s/ },
  { file: /^package\.json$/, line: /"(url|repository|homepage)"\s*:/ },
  { file: /^Cargo\.toml$/, line: /^\s*(repository|homepage)\s*=/ },
  { file: /^(pyproject\.toml|setup\.cfg)$/, line: /^\s*["']?(url|homepage|repository|source|source[ _-]code|code)["']?\s*=/i },
  { file: /^setup\.py$/, line: /\burl\s*=/ },
  { file: /^\.github\/ISSUE_TEMPLATE\/config\.ya?ml$/, line: /^\s*url:/ },
];

/** The repository's `owner/name` on GitHub or GitLab, lower-cased, as its own metadata names its home (the most named one). */
export function repositorySlug(ws: Workspace): string | undefined {
  return versionMemo(ws, 'compose:repository-slug', () => {
    const counts = new Map<string, number>();
    for (const src of SLUG_SOURCES) {
      for (const p of ws.files.filter((f) => src.file.test(f))) {
        const lines = (ws.read(p)?.text ?? '').slice(0, 200_000).split('\n');
        for (const l of lines) {
          if (!src.line.test(l)) continue;
          const m = /\b(?:github|gitlab)\.com[/:]([\w.-]+)\/([\w.-]+?)(?:\.git)?(?=[/"'\s#?)]|$)/i.exec(l);
          if (!m) continue;
          const slug = `${m[1]}/${m[2]}`.toLowerCase();
          counts.set(slug, (counts.get(slug) ?? 0) + 1);
        }
      }
    }
    let best: string | undefined;
    for (const [slug, n] of counts) if (!best || n > counts.get(best)!) best = slug;
    return best;
  });
}

/** A fix that inserts lines near the top of a service's block mapping (see `insertIntoBlockMap`). */
export function insertIntoService(file: SourceFile, name: string, title: string, lines: string[]): Fix | undefined {
  return insertIntoBlockMap(file, file.yamlNode(['services', name]), title, lines);
}

/** True for compose files meant for local development or tests (`compose.dev.yml`, `docker-compose.override.yml`). */
export function isDevCompose(path: string): boolean {
  return /(^|[.-])(dev|development|local|test|tests|ci|override|debug)([.-]|$)/i.test(path.slice(path.lastIndexOf('/') + 1).replace(/\.ya?ml$/i, ''));
}

/** `applies` of the rules that judge only production compose files (restart policy, resource limits). */
export function productionComposeOnly(_facts: unknown, ctx: { ws: Workspace }): true | string {
  return ctx.ws.pathsOfKind('compose').some((p) => !isDevCompose(p)) ? true : 'only development compose files';
}

/** The long-running services of a production compose file: none for a development file, no one-shot jobs. */
export function longRunningServices(file: SourceFile): ComposeService[] {
  if (isDevCompose(file.path)) return [];
  const services = servicesOf(file);
  const oneShot = oneShotServices(services);
  return services.filter((s) => !oneShot.has(s.name));
}
