/**
 * What a secret looks like in configuration: variable names that hold credentials and values that are
 * literals rather than references. Shared by the Dockerfile ENV/ARG rule and the compose rule.
 */

const SECRET_NAME = /(^|[_.-])(password|passwd|secret|token|api[_-]?key|apikey|private[_-]?key|access[_-]?key|secret[_-]?key|client[_-]?secret|credentials?|auth[_-]?key)([_.-]|$)/i;
const NOT_A_SECRET = /([_.-])(file|path|dir|url|uri|endpoint|host|name|user|username|length|len|ttl|expiry|expires|timeout|header|type|id|env|enabled|required)$/i;

/** Names of settings about a credential (`USE_ID_TOKEN`, `VERIFY_PASSWORD`, `IS_SECRET_SET`): flags, not secrets. */
const SETTING_ABOUT = /(^|[_.-])(use|enable|disable|require|verify|validate|skip|allow|is|has)[_.-]/i;

/** Access key ids (`AWS_ACCESS_KEY_ID`): half of a credential pair, named like an id but never to be published. */
const ACCESS_KEY_ID = /(^|[_.-])access[_-]?key[_-]?id$/i;

/** True when a variable name says it holds a credential (`DB_PASSWORD`, `API_KEY`, `GITHUB_TOKEN`, `AWS_ACCESS_KEY_ID`). */
export function isSecretName(name: string): boolean {
  return ACCESS_KEY_ID.test(name) || (SECRET_NAME.test(name) && !NOT_A_SECRET.test(name) && !SETTING_ABOUT.test(name));
}

/** True when a value is a literal (not empty, not a `$VAR`/`${VAR}` reference, not a file path to a mounted secret). */
export function isLiteralValue(value: string | null | undefined): boolean {
  if (value === null || value === undefined) return false;
  const v = String(value).trim().replace(/^["']|["']$/g, '');
  if (v === '' || /^(true|false|yes|no|on|off|0|1)$/i.test(v)) return false;
  if (/^\$\{?[A-Za-z_]/.test(v) || /^\$\{[^}]*\}$/.test(v)) return false;
  if (v.startsWith('/run/secrets/')) return false;
  return true;
}

/**
 * The literal password of a URL with credentials (`redis://default:hunter2@redis:6379` gives `hunter2`),
 * or undefined: no credentials, an empty password, or one taken from a variable (`${REDIS_PASSWORD}`).
 */
export function urlPassword(value: string): string | undefined {
  const m = /^\s*["']?[a-z][\w+.-]*:\/\/[^\s/:@]*:([^\s/@]+)@[^\s@]/i.exec(value);
  if (!m) return undefined;
  const password = m[1];
  return password.includes('$') || !isLiteralValue(password) ? undefined : password;
}
