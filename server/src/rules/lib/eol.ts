/**
 * The time-aware rules' view of two offline tables kept in rules/lib/data/, each with the date it was
 * taken: end-of-life dates of runtimes and base images (eol.json, endoflife.date's form) and the first
 * Node 24 major of each official action (action-runtimes.json). It answers whether a version is past
 * its end of life on a given day, which Node.js release is the active LTS, which versions are current
 * (what scaffolds and fixes write), and whether an action version still declares a removed runtime.
 */
import eolData from './data/eol.json';
import runtimeData from './data/action-runtimes.json';

/** The products the EOL table knows. */
export type Product = 'nodejs' | 'python' | 'go' | 'debian' | 'alpine' | 'ubuntu';

/** One release cycle, as endoflife.date lists it. */
export interface Cycle {
  releaseCycle: string;
  codename?: string;
  releaseDate: string;
  lts?: string | boolean;
  support?: string;
  eol: string | boolean;
  eoes?: string;
}

/** Human names of the products, for messages. */
export const PRODUCT_NAMES: Record<Product, string> = { nodejs: 'Node.js', python: 'Python', go: 'Go', debian: 'Debian', alpine: 'Alpine Linux', ubuntu: 'Ubuntu' };

/** The day the EOL table was taken. */
export const EOL_TABLE_TAKEN: string = eolData.taken;
/** The day the action runtime table was taken. */
export const ACTION_TABLE_TAKEN: string = runtimeData.taken;

const products = eolData.products as Record<Product, Cycle[]>;

/** The cycles of a product, newest first. */
export function cycles(product: Product): Cycle[] {
  return products[product];
}

/** The cycle a version string belongs to (`18`, `v18.19.0`, `3.8.10`, `1.22.3`, `bookworm`, `12`, `3.16`, `22.04`), if the table knows it. */
export function cycleOf(product: Product, version: string): Cycle | undefined {
  const v = version.trim().toLowerCase().replace(/^v(?=\d)/, '');
  const list = products[product];
  const byCodename = list.find((c) => c.codename && c.codename.toLowerCase() === v);
  if (byCodename) return byCodename;
  let key: string | undefined;
  if (product === 'nodejs' || product === 'debian') key = /^(\d+)(?:[.-]|$)/.exec(v)?.[1];
  else if (product === 'ubuntu') key = /^(\d+\.\d{2})(?:\.|$)/.exec(v)?.[1];
  else key = /^(\d+\.\d+)(?:\.|$|[a-z-])/.exec(v)?.[1];
  if (!key) return undefined;
  if (product === 'go') key = key.replace(/^(\d+)\.0*(\d)/, '$1.$2');
  return list.find((c) => c.releaseCycle === key);
}

function date(s: string | boolean | undefined): Date | undefined {
  if (typeof s !== 'string') return undefined;
  const d = new Date(`${s}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/**
 * The day a cycle stops getting free security fixes: Debian's LTS end (free, by the Debian LTS team),
 * Ubuntu's end of standard maintenance (ESM needs a Pro subscription), the `eol` of the others.
 */
export function endOfLife(product: Product, c: Cycle): Date | undefined {
  if (c.eol === true) return new Date(0);
  if (product === 'debian') return date(c.eoes) ?? date(c.eol);
  return date(c.eol);
}

/** When a version is past its end of life on `now`: its cycle and the day; otherwise undefined. */
export function pastEndOfLife(product: Product, version: string, now: Date): { cycle: Cycle; eol: Date } | undefined {
  const c = cycleOf(product, version);
  if (!c) return undefined;
  const eol = endOfLife(product, c);
  return eol && eol.getTime() <= now.getTime() ? { cycle: c, eol } : undefined;
}

/** A day as `YYYY-MM-DD`. */
export function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The Node.js major in active LTS on a day (the newest LTS whose active support has not ended), as a string. */
export function activeNodeLts(now: Date): string {
  const t = now.getTime();
  const lts = products.nodejs.filter((c) => typeof c.lts === 'string' && date(c.lts)!.getTime() <= t);
  const active = lts.find((c) => (date(c.support)?.getTime() ?? Infinity) > t);
  return (active ?? lts[0] ?? products.nodejs[0]).releaseCycle;
}

/** The newest released cycle of a product on a day (for Ubuntu, the newest LTS), e.g. what a scaffold should write. */
export function currentCycle(product: Product, now: Date): Cycle {
  const t = now.getTime();
  const released = products[product].filter((c) => (date(c.releaseDate)?.getTime() ?? Infinity) <= t && (product !== 'ubuntu' || c.lts === true));
  return released[0] ?? products[product][products[product].length - 1];
}

/** A version the project already uses when it is still supported, else the current one (Node.js: the active LTS). */
export function supportedOrCurrent(product: Product, version: string | undefined, now: Date): string {
  if (version && cycleOf(product, version) && !pastEndOfLife(product, version, now)) return version;
  return product === 'nodejs' ? activeNodeLts(now) : currentCycle(product, now).releaseCycle;
}

interface RuntimeEntry { node24: number; notNode?: number[]; source: string }
const actions = runtimeData.actions as Record<string, RuntimeEntry>;

/** The first Node 24 major of an official action (by lower-case `owner/repo`, sub-actions included), if the table has it. */
export function firstNode24Major(slug: string): { major: number; action: string; notNode: number[] } | undefined {
  const [owner, repo] = slug.toLowerCase().split('/');
  const action = `${owner}/${repo}`;
  const e = actions[action];
  return e ? { major: e.node24, action, notNode: e.notNode ?? [] } : undefined;
}

/** The day GitHub removed the Node 20 action runtime from its runners. */
export const NODE20_REMOVED: string = runtimeData.node20Removed;

/** An end-of-life runtime or OS found in something a project uses, for messages. */
export interface EolHit {
  product: Product;
  cycle: Cycle;
  eol: Date;
  /** e.g. "Node.js 18", "Debian 10 (buster)". */
  label: string;
}

/** How a cycle is named in messages. */
export function cycleLabel(product: Product, c: Cycle): string {
  return `${PRODUCT_NAMES[product]} ${c.releaseCycle}${c.codename && product !== 'nodejs' ? ` (${c.codename})` : ''}`;
}

function hit(product: Product, version: string, now: Date): EolHit | undefined {
  const p = pastEndOfLife(product, version, now);
  return p ? { product, cycle: p.cycle, eol: p.eol, label: cycleLabel(product, p.cycle) } : undefined;
}

/** The runtime images whose tag starts with the runtime's version (`node:18-alpine`, `python:3.8-slim`, `golang:1.20`). */
const RUNTIME_IMAGES: Record<string, Product> = { node: 'nodejs', python: 'python', golang: 'go' };
/** The OS images whose tag is the release (`debian:buster-slim`, `alpine:3.16`, `ubuntu:20.04`). */
const OS_IMAGES: Record<string, Product> = { debian: 'debian', alpine: 'alpine', ubuntu: 'ubuntu' };

/**
 * What is past its end of life in an image reference: the runtime of an official runtime image and
 * the OS its variant names (`node:18-bullseye` is both Node.js 18 and Debian 11), or the release of an
 * OS image. Only Docker Hub's official images are judged (`node`, `library/node`, `docker.io/library/node`).
 */
/**
 * Whether the end-of-life table knows the releases of an image (an official OS or runtime image with
 * a tag): only those can be judged; `scratch`, distroless or a private image cannot.
 */
export function imageTracked(image: string): boolean {
  const ref = image.trim();
  if (ref === '' || ref.includes('$') || ref.includes('{{')) return false;
  const at = ref.indexOf('@');
  const noDigest = at >= 0 ? ref.slice(0, at) : ref;
  const colon = noDigest.lastIndexOf(':');
  if (colon <= noDigest.lastIndexOf('/')) return false;
  const name = noDigest.slice(0, colon).toLowerCase().replace(/^(?:docker\.io\/)?(?:library\/)?/, '');
  return name in OS_IMAGES || name in RUNTIME_IMAGES;
}

export function imageEol(image: string, now: Date): EolHit[] {
  const ref = image.trim();
  if (ref === '' || ref.includes('$') || ref.includes('{{')) return [];
  const at = ref.indexOf('@');
  const noDigest = at >= 0 ? ref.slice(0, at) : ref;
  const colon = noDigest.lastIndexOf(':');
  if (colon <= noDigest.lastIndexOf('/')) return [];
  const name = noDigest.slice(0, colon).toLowerCase().replace(/^(?:docker\.io\/)?(?:library\/)?/, '');
  const tag = noDigest.slice(colon + 1).toLowerCase();
  const out: EolHit[] = [];
  const os = OS_IMAGES[name];
  if (os) {
    const h = hit(os, tag.replace(/-slim$|-backports$/, ''), now);
    if (h) out.push(h);
    return out;
  }
  const runtime = RUNTIME_IMAGES[name];
  if (!runtime) return out;
  const version = /^(\d+(?:\.\d+)*)/.exec(tag)?.[1];
  const r = version ? hit(runtime, version, now) : undefined;
  if (r) out.push(r);
  const alpine = /alpine(\d+\.\d+)/.exec(tag)?.[1];
  const a = alpine ? hit('alpine', alpine, now) : undefined;
  if (a) out.push(a);
  const codename = products.debian.find((c) => c.codename && new RegExp(`(?:^|-)${c.codename}(?:-|$)`).test(tag))?.codename;
  const d = codename ? hit('debian', codename, now) : undefined;
  if (d) out.push(d);
  const ubuntu = products.ubuntu.find((c) => c.codename && new RegExp(`(?:^|-)${c.codename}(?:-|$)`).test(tag))?.codename;
  const u = ubuntu ? hit('ubuntu', ubuntu, now) : undefined;
  if (u) out.push(u);
  return out;
}

/** Node.js version aliases used by nvm and setup-node (`lts/hydrogen`), mapped to their major. */
export function nodeAlias(v: string): string | undefined {
  const m = /^lts\/([a-z]+)$/i.exec(v.trim());
  if (!m) return undefined;
  return products.nodejs.find((c) => c.codename?.toLowerCase() === m[1].toLowerCase())?.releaseCycle;
}

/** What is past its end of life in a runtime version as CI, nvm or pyenv write it (`18`, `18.x`, `lts/hydrogen`, `3.8`, `1.21.x`). */
export function versionEol(product: Product, version: string, now: Date): EolHit | undefined {
  const v = version.trim().replace(/^['"]|['"]$/g, '');
  const alias = product === 'nodejs' ? nodeAlias(v) : undefined;
  const plainVersion = alias ?? v.replace(/\.x$/i, '').replace(/^v(?=\d)/, '');
  if (!/^\d+(\.\d+)*$/.test(plainVersion)) return undefined;
  return hit(product, plainVersion, now);
}
