/**
 * The leaf vocabulary that the workspace, source files, path roles and facts share with the rules:
 * categories, path roles, project kinds, positions and ranges, file kinds, notes. It imports nothing,
 * so that `core/types.ts`, which names the workspace, source and facts types in a rule's context, can
 * re-export it without an import cycle.
 */

/** The areas a readiness report is split into; each rule belongs to exactly one. */
export type CategoryId =
  | 'containers'
  | 'ci-cd'
  | 'security'
  | 'testing'
  | 'observability'
  | 'documentation'
  | 'operations'
  | 'reliability'
  | 'performance'
  | 'quality'
  | 'roadmap'
  | 'manifest';

/**
 * The role of a tree of the repository (see `core/roles.ts`): the `product` is what ships; every other
 * role is a helper tree (a documentation site, a test harness or fixtures, examples and samples, a
 * local development stack, distro packaging, benchmark inputs, or a folder the manifest names).
 */
export type PathRole = 'product' | 'docs' | 'test' | 'example' | 'dev' | 'packaging' | 'bench' | 'helper';

/** Every path role, the product first. */
export const PATH_ROLES: readonly PathRole[] = ['product', 'docs', 'test', 'example', 'dev', 'packaging', 'bench', 'helper'];

/**
 * What kind of project the product is: a long-running `service` (or `daemon`), a `web-frontend`
 * served as static files, a command-line tool (`cli`), a `library`, an `example` (a demo, a tutorial's
 * or a course's code, a collection of samples: what it contains is meant to be read and copied, not
 * operated), or `codeless` (no code at all).
 */
export type ProjectKind = 'service' | 'daemon' | 'web-frontend' | 'cli' | 'library' | 'example' | 'codeless';

/** Every project kind. */
export const PROJECT_KINDS: readonly ProjectKind[] = ['service', 'daemon', 'web-frontend', 'cli', 'library', 'example', 'codeless'];

/** The kinds that run as long-lived processes: runbooks, health checks, load tests and DR are asked of them only. */
export const SERVICE_KINDS: readonly ProjectKind[] = ['service', 'daemon'];

/**
 * The kinds a team releases and maintains as a product of its own: process documents (contributing
 * guide, changelog, security policy) and the capacity of a deployment (replicas, autoscaling,
 * disruption budgets, benchmarks) are asked of them, not of examples, tutorials and sample collections.
 */
export const PRODUCT_KINDS: readonly ProjectKind[] = PROJECT_KINDS.filter((k) => k !== 'example');

/**
 * The kinds whose server code is judged for its own technical hygiene (cookie flags, CORS with
 * credentials, validated input, SIGTERM handled, a HEALTHCHECK in a serving image): services, and
 * examples, whose code is copied into services. Operating a service (runbooks, SLOs, alerts, DR,
 * rate limits, ownership) stays with `SERVICE_KINDS`.
 */
export const SERVER_CODE_KINDS: readonly ProjectKind[] = [...SERVICE_KINDS, 'example'];

/** A zero-based position in a text document. */
export interface Position {
  line: number;
  character: number;
}

/** A zero-based, end-exclusive range in a text document. */
export interface Range {
  start: Position;
  end: Position;
}

/** The kinds of file the engine recognises. */
export type FileKind =
  | 'dockerfile'
  | 'dockerignore'
  | 'compose'
  | 'workflow'
  | 'k8s'
  | 'markdown'
  | 'manifest'
  | 'package-json'
  | 'env'
  | 'gitignore'
  | 'source'
  | 'yaml'
  | 'json'
  | 'toml'
  | 'config'
  | 'other';

/** Something the engine skipped or could not read; always shown, never silent. */
export interface AuditNote {
  /**
   * `skipped-special`: a FIFO, socket, device or a file name that is not valid UTF-8; `skipped-link`: a
   * symbolic link leading outside the workspace (or nowhere); `limit`: a size or count cap applied;
   * `untrusted`: a manifest setting ignored in an untrusted workspace.
   */
  kind: 'skipped-large' | 'skipped-binary' | 'skipped-vendored' | 'skipped-special' | 'skipped-link' | 'unreadable' | 'symlink-loop' | 'vanished' | 'manifest' | 'limit' | 'untrusted' | 'info';
  path: string | null;
  message: string;
}

/** One tree of the repository with its role and why it was given that role. */
export interface RoleTree {
  path: string;
  role: PathRole;
  why: string;
}
