/**
 * ops/config-validated: a service validates its configuration when it starts, so a missing or
 * malformed setting stops the rollout instead of failing the first request that needs it. Evidence:
 * a schema over the settings (pydantic-settings `BaseSettings`, envalid `cleanEnv`, zod or Joi over
 * `process.env`, convict, `@nestjs/config` with a validation schema, env-var's `.required()`,
 * `@t3-oss/env`, kelseyhightower/envconfig or caarlos0/env with required tags, cleanenv, Spring
 * `@ConfigurationProperties` with `@Validated`, Starlette `Config` with casts, dynaconf validators,
 * django-environ, a JSON schema over the configuration file, envy/config in Rust).
 *
 * Reads that fail fast on a missing value without checking its type or format (`os.environ["X"]`,
 * `ENV.fetch`, `int(os.getenv(...))`, a hand-written "X is required" exit) earn half the credit. It
 * applies to services configured through environment variables (five or more of their own, read by
 * their server code; SDK and platform variables do not count); a service configured by flags or files
 * is not applicable. A `Validate()` method on the configuration, or hand-written parsing that reports
 * every bad value, counts as validation.
 *
 * The schema may also be over the configuration the project reads from files: a zod, Joi or ajv
 * schema applied to the loaded configuration object (juice-shop validates its node-config YAML with
 * zod at start-up and exits on failure), or framework checks run at start (Django system checks
 * registered with `@register()` that inspect `settings` and return errors, which `manage.py check` and
 * `migrate` run; a check that only warns stops nothing).
 * Either way the evidence cited is the validation of the configuration the service actually reads.
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { findPractices, practiceEvidence, type Practice } from '../lib/code-evidence';
import { envReads } from '../lib/env-vars';
import { SERVER_CODE } from '../lib/api-routes';
import { outcome } from '../lib/util';

const SCHEMA: Practice[] = [
  { name: 'settings schema (Python)', pattern: /\bfrom\s+pydantic_settings\s+import\b|\bclass\s+\w+\(\s*(?:pydantic\.)?BaseSettings\s*\)|\bfrom\s+pydantic\s+import\b[^\n]*\bBaseSettings\b|\bimport\s+environ\b[\s\S]{0,400}\benviron\.Env\(|\bfrom\s+environs\s+import\b|\bfrom\s+starlette\.config\s+import\s+Config\b|\bfrom\s+dynaconf\s+import\b[^\n]*\bValidator\b|\benviron_config\b|\bfrom\s+decouple\s+import\b/ },
  { name: 'settings schema (Node)', pattern: /(?:require\(\s*|from\s+)['"](?:envalid|convict|env-var|@t3-oss\/env-[\w-]+|dotenv-safe|@sinclair\/typebox)['"]|\bcleanEnv\(|\.(?:safe)?parse\(\s*(?:process\.)?env\s*\)|\.validate\(\s*process\.env\b|\bvalidationSchema\s*:|ConfigModule\.forRoot\(\s*\{[^}]*\bvalidate\s*:/ },
  { name: 'settings schema (Go)', pattern: /"github\.com\/(?:kelseyhightower\/envconfig|caarlos0\/env|ilyakaznacheev\/cleanenv|sethvargo\/go-envconfig|Netflix\/go-env)[\w/.-]*"|\benv:"[^"]*,required|\brequired:"true"|\benv-required:"true"|\bvalidate\.Struct\(\s*(?:&?cfg|&?conf|&?config|&?c)\b|\.ValidateConfig\(|jsonschema\.\w*Compile\w*\([^)]*config/i },
  { name: 'settings schema (JVM)', pattern: /@ConfigurationProperties\b[\s\S]{0,300}@Validated\b|@Validated\b[\s\S]{0,300}@ConfigurationProperties\b/ },
  { name: 'configuration validated by the code', pattern: /\bfunc\s*\(\s*\w+\s+\*?\w*(?:Config|Settings|Options|Opts)\s*\)\s*Validate\(\)\s*error|\bconfigx\.(?:New|Provider)\b|\bfn\s+validate\s*\(\s*&self\s*\)[^{]*->\s*Result|\bEnvError\b/ },
  { name: 'schema over the loaded configuration', pattern: /\b\w*(?:[Ss]chema|Validator|validator)\w*\.(?:safe)?[Pp]arse(?:Async)?\(\s*(?:config|configuration|conf|cfg|settings)\w*\b|\b\w*(?:[Ss]chema|Validator)\w*\.validate(?:Async)?\(\s*(?:config|configuration|conf|cfg|settings)\w*\s*[,)]|\bajv\.validate\(\s*\w+\s*,\s*(?:config|configuration|conf|cfg|settings)\w*\s*\)/ },
  { name: 'Django system checks over the settings', pattern: /@(?:checks\.)?register\([^)\n]*\)\s*\n\s*def\s+\w+\(\s*app_configs\b(?=[\s\S]{0,3000}?\bsettings\.[A-Z])[\s\S]{0,3000}?\b(?:Error|Critical)\(/ },
  { name: 'settings schema (Rust/.NET/Ruby)', pattern: /\benvy::(?:from_env|prefixed)\b|\btry_deserialize::<|\.ValidateDataAnnotations\(\)|\.ValidateOnStart\(\)|\bDotenv\.require_keys\b|\bAnyway::Config\b/ },
];
const FAIL_FAST: Practice[] = [
  { name: 'required settings fail fast', pattern: /\bos\.environ\[\s*['"][A-Z][A-Z0-9_]+['"]\s*\]|\bENV\.fetch\(\s*['"][A-Z]|\b(?:int|float|bool)\(\s*os\.(?:getenv|environ\.get)\(|\benv(?:int|bool|float)\(|\bget_(?:int|bool|float|list)_from_env\(|\bos\.Getenv\("[A-Z0-9_]+"\)\s*==\s*""[\s\S]{0,120}?(?:log\.Fatal|panic\(|os\.Exit)|\bif\s+not\s+os\.(?:getenv|environ\.get)\([^)]*\)\s*:\s*\n\s*(?:raise|sys\.exit)|\bif\s*\(\s*!process\.env\.\w+\s*\)\s*\{?\s*\n?\s*(?:throw|process\.exit)|\bstrconv\.(?:Atoi|ParseBool|ParseInt)\(\s*os\.Getenv\(|\benv::var\("[A-Z0-9_]+"\)\s*\.(?:expect|unwrap)\(/ },
];
const HINT = /Config|config|app_configs|Settings|Options|Opts|configx|EnvError|settings|pydantic|environ|starlette|dynaconf|decouple|envalid|convict|env-var|t3-oss|dotenv-safe|typebox|cleanEnv|process\.env|validationSchema|ConfigModule|envconfig|caarlos0|cleanenv|required|validate|Validat|ConfigurationProperties|envy|try_deserialize|Dotenv|Anyway|jsonschema/;

/** Build scripts, examples and test tools read variables that do not configure the running service. */
const HELPER = /(?:^|\/)(?:_?examples?|samples?|scripts?|hack|tools|dev|docs?|benchmarks?|e2e)\/|(?:^|\/)build\.rs$|(?:^|\/)cmd\/[\w-]*test[\w-]*\//;
/** Variables that SDKs, shells and platforms set, which a service reads but does not own. */
const PLATFORM = /^(?:AWS_\w+|GOOGLE_\w+|GCP_\w+|AZURE_\w+|KUBECONFIG|KUBERNETES_\w+|DOCKER_\w+|HOMEDRIVE|HOMEPATH|USERPROFILE|APPDATA|LOCALAPPDATA|PROGRAMDATA|SYSTEMROOT|WINDIR|XDG_\w+|TMPDIR|TEMP|TMP|TZ|LANG|LC_\w+|TERM|SHELL|USER|LOGNAME|HOSTNAME|PWD|OMP_\w+|PYTHON\w*|GO\w+|CARGO_\w+|RUST_\w+|NODE_\w+|npm_\w+|SSL_CERT_\w+|REQUESTS_CA_BUNDLE|HTTPS?_PROXY|NO_PROXY|https?_proxy|no_proxy|GITHUB_\w+|CI|DEBUG)$/;

export const rule: WorkspaceRule = {
  id: 'ops/config-validated',
  category: 'operations',
  severity: 'low',
  level: 'production',
  title: 'Configuration is validated at start-up',
  rationale: 'A missing or malformed setting should stop the deployment at start-up, where the rollout catches it, not surface as an error on the first request that needs it.',
  roadmap: [{ topic: 'configuration validation', match: /config(uration)? validation|validat(e|es|ing|ion) (the )?config|config(uration)? (is )?validated|fail fast/, rank: 880 }],
  projectKinds: SERVICE_KINDS,
  scope: 'workspace',
  applies(facts) {
    return facts.isService ? true : 'not a long-running service';
  },
  check({ ws }) {
    // Scripts and tools validate files for developers; the evidence must be what the service runs.
    const hits = findPractices(ws, SCHEMA, 2, (h) => h.length >= 2, HINT, { ...SERVER_CODE, exclude: new RegExp(`${SERVER_CODE.exclude!.source}|${HELPER.source}`, 'i') });
    if (hits.length > 0) return outcome.pass(practiceEvidence(hits));
    const reads = envReads(ws).filter((r) => !SERVER_CODE.exclude!.test(r.file) && !HELPER.test(r.file) && !PLATFORM.test(r.name));
    const names = new Set(reads.map((r) => r.name));
    if (names.size < 5) return outcome.na(`nothing to examine: the server code reads ${names.size === 0 ? 'no' : `only ${names.size}`} environment variable(s); its configuration comes from flags or files`);
    const evidence: Evidence[] = [{ message: `${names.size} environment variables read, e.g. ${reads[0].name}`, file: reads[0].file, line: reads[0].line }];
    const fast = findPractices(ws, FAIL_FAST, 2, (h) => h.length >= 1, /environ|ENV|getenv|env|Getenv|process/, SERVER_CODE);
    if (fast.length > 0) {
      return outcome.partial(0.5, [{ message: `${names.size} environment variables configure the service; some fail fast when missing or are converted at start-up (${fast[0].file}:${fast[0].line}), but nothing validates the whole configuration; declare it once as a schema (pydantic-settings, envalid or zod, envconfig with required tags) and load it at start-up`, file: null }], [...evidence, ...practiceEvidence(fast)]);
    }
    return outcome.fail([{ message: `${names.size} environment variables configure the service (e.g. \`${reads[0].name}\` at ${reads[0].file}:${reads[0].line}) and none is validated at start-up; a missing or malformed value surfaces on the first request that needs it; declare the settings as a schema (pydantic-settings, envalid or zod, envconfig with required tags) and load it at start-up`, file: null }], evidence);
  },
};
