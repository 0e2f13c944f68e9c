/**
 * A view of Docker Compose files as services, shared by the compose rules: the services map, their
 * healthchecks (including one inherited from the Dockerfile a service builds), one-shot services, and a
 * helper that inserts keys into a service's block mapping.
 */
import type { SourceFile } from '../../core/source';
import { asArray, asRecord } from '../../core/source';
import type { Fix, Range } from '../../core/types';
import { insertIntoBlockMap } from './yaml-edit';
import type { Workspace } from '../../core/workspace';
import { finalStage } from './dockerfile';
import { dirOf } from './container-scaffold';

/** One service of a compose file. */
export interface ComposeService {
  name: string;
  value: Record<string, unknown>;
}

/** The services of a compose file (first YAML document), or none when the file is not valid. */
export function servicesOf(file: SourceFile): ComposeService[] {
  const services = asRecord(asRecord(file.yaml)?.services);
  if (!services) return [];
  return Object.entries(services).flatMap(([name, v]) => {
    const value = asRecord(v);
    return value ? [{ name, value }] : [];
  });
}

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

/** How a service's health is checked: in the compose file, by the Dockerfile it builds, disabled, or not at all. */
export function healthcheckOf(ws: Workspace, file: SourceFile, svc: ComposeService): 'compose' | 'dockerfile' | 'disabled' | undefined {
  const hc = asRecord(svc.value.healthcheck);
  if (hc) {
    const test = hc.test;
    if (hc.disable === true || (Array.isArray(test) && test[0] === 'NONE')) return 'disabled';
    if (test !== undefined) return 'compose';
  }
  const build = svc.value.build;
  if (build === undefined) return undefined;
  const b = asRecord(build);
  const context = typeof build === 'string' ? build : typeof b?.context === 'string' ? b.context : '.';
  const dockerfile = typeof b?.dockerfile === 'string' ? b.dockerfile : 'Dockerfile';
  if (/^[a-z]+:\/\//i.test(context) || context.startsWith('git@')) return undefined;
  const path = normalise(`${dirOf(file.path)}/${context}/${dockerfile}`);
  const df = path ? ws.read(path) : undefined;
  if (!df) return undefined;
  const hcs = finalStage(df)?.instructions.filter((i) => i.getKeyword() === 'HEALTHCHECK') ?? [];
  if (hcs.length === 0) return undefined;
  return /^\s*none\s*$/i.test(hcs[hcs.length - 1].getArgumentsContent() ?? '') ? 'disabled' : 'dockerfile';
}

/** Normalises a relative POSIX path (`a/./b/../c` → `a/c`); undefined when it leaves the workspace. */
function normalise(p: string): string | undefined {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(seg);
  }
  return out.join('/');
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
