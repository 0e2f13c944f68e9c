/**
 * Container image references (`registry/name:tag@digest`) as written in Dockerfiles, compose files and
 * Kubernetes manifests, and the one judgement the image rules share: is this reference pinned?
 */

/** The parts of an image reference. */
export interface ImageRef {
  name: string;
  tag: string | null;
  digest: string | null;
}

/** Splits an image reference; the tag is the part after the last `:` that follows the last `/`. */
export function parseImageRef(ref: string): ImageRef {
  let rest = ref.trim();
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1) || null;
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) return { name: rest.slice(0, colon), tag: rest.slice(colon + 1) || null, digest };
  return { name: rest, tag: null, digest };
}

/** Why an image reference is not pinned, or null when it is pinned (or cannot be judged, like `${IMAGE}`). */
export function unpinnedReason(ref: string): string | null {
  const trimmed = ref.trim();
  if (trimmed === '' || trimmed.includes('$') || trimmed.includes('{{')) return null;
  const { name, tag, digest } = parseImageRef(trimmed);
  if (name.toLowerCase() === 'scratch') return null;
  if (digest) return null;
  if (!tag) return `\`${trimmed}\` has no tag, so it means \`latest\` and changes under you`;
  if (tag.toLowerCase() === 'latest') return `\`${trimmed}\` uses the moving \`latest\` tag`;
  return null;
}

/** Official images whose default variants are built on Debian (or Ubuntu), where /bin/sh is dash. */
const DEBIAN_BASED = /^(?:docker\.io\/)?(?:library\/)?(debian|ubuntu|node|python|ruby|golang|openjdk|eclipse-temurin|amazoncorretto-debian|php|perl|rust|gcc|buildpack-deps|nginx|httpd|postgres|mysql|mariadb|redis|mongo|elixir|erlang|haskell|julia|r-base|maven|gradle|clojure|swift|dart|ghost|wordpress|drupal|tomcat|jetty|neo4j|rabbitmq|memcached|traefik|kong|composer|mcr\.microsoft\.com\/dotnet\/(?:sdk|aspnet|runtime|runtime-deps))$/;
const RED_HAT = /(^|\/)(centos|fedora|rockylinux|almalinux|oraclelinux|amazonlinux|rhel\d*|ubi\d*(?:-minimal|-init|-micro)?|ubi|openeuler|photon)$/;

/**
 * What `/bin/sh` is in an image, judged from its reference: `ash` on Alpine and BusyBox, `bash` on the
 * Red Hat family, `dash` on Debian, Ubuntu and the official images built on them; undefined when the
 * reference does not say (an image of your own registry, a variable, `scratch`, distroless).
 */
export function binShOf(ref: string): 'ash' | 'bash' | 'dash' | undefined {
  const r = ref.trim().toLowerCase();
  if (r === '' || r.includes('$')) return undefined;
  const { name, tag } = parseImageRef(r);
  const t = tag ?? '';
  if (/(^|\/)(alpine|busybox)$/.test(name) || /(^|[-.])alpine/.test(t)) return 'ash';
  if (/(distroless|scratch|chainguard|wolfi)/.test(r)) return undefined;
  if (RED_HAT.test(name)) return 'bash';
  if (DEBIAN_BASED.test(name) || /(bookworm|bullseye|buster|stretch|trixie|jammy|focal|noble|bionic|xenial)/.test(t)) return 'dash';
  return undefined;
}

/**
 * True when an image reference says the image runs as an unprivileged user by default: the
 * `nonroot` tags of distroless and Chainguard, `*-rootless` and `*-unprivileged` images.
 */
export function runsAsNonRootByDefault(ref: string): boolean {
  return /(non-?root|rootless|unprivileged)/i.test(ref) && !ref.includes('$');
}

/** Official images whose own Dockerfile sets a non-root USER. */
const OFFICIAL_NON_ROOT = new Set(['elasticsearch', 'kibana', 'logstash', 'sonarqube']);

/**
 * True when an image is known to run as root unless a USER says otherwise: Docker's official images
 * (`debian`, `node`, `python`..., except the few that set a USER), distroless without a `nonroot`
 * tag, Microsoft's and Red Hat's base images. Any other image may set its own USER: unknown.
 */
export function knownRootImage(ref: string): boolean {
  const r = ref.trim().toLowerCase();
  if (r === '' || r.includes('$') || runsAsNonRootByDefault(r)) return false;
  const name = parseImageRef(r).name.replace(/^(docker\.io\/|index\.docker\.io\/)?(library\/)?/, '');
  if (!name.includes('/')) return !OFFICIAL_NON_ROOT.has(name);
  return /^(gcr\.io\/distroless\/|mcr\.microsoft\.com\/|registry\.access\.redhat\.com\/ubi|registry\.redhat\.io\/ubi)/.test(name);
}
