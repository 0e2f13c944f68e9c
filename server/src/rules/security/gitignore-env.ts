/**
 * security/gitignore-env: the root `.gitignore` keeps environment files (`.env`, `.env.local`,
 * `.env.production`...) out of git, tested with the `ignore` package the way git matches paths, while
 * `.env.example` stays committable. One `git add .` is all it takes to publish a `.env` otherwise.
 * The fix appends the missing patterns, or creates a `.gitignore` adapted to the stack. A repository
 * where nothing reads, creates or documents an env file has nothing to protect: not applicable. Where only
 * a front-end build tool (Vite, Next.js, Create React App...) reads env files, its own convention applies:
 * `.env` and `.env.[mode]` hold public values bundled into the client and are committed, and the local
 * secrets in `.env.local` and `.env.[mode].local` are what must stay out of git.
 */
import type { Evidence, RuleFinding, WorkspaceRule } from '../../core/types';
import { appendFix, createFileFix, outcome } from '../lib/util';
import { envFileUse } from '../lib/env-files';
import { ENV_PATTERNS, EXAMPLE, FRONTEND_ENV_PATTERNS, findCulprit, gitignoreFor, lastContentLine, matcher, missing, patternBlock } from '../lib/gitignore';

/** The `.gitignore` the fix creates (re-exported for the editor's scaffolding command). */
export { gitignoreFor };

export const rule: WorkspaceRule = {
  id: 'security/gitignore-env',
  category: 'security',
  severity: 'high',
  level: 'mvp',
  title: '.gitignore keeps .env files out of git',
  rationale: 'Secrets leak most often through a `.env` added with the rest of the tree; a .gitignore that covers env files makes the safe path the default one.',
  roadmap: [{ topic: '.gitignore', match: /\.gitignore|git ?ignore/, rank: 590 }],
  scaffold: 'gitignore',
  related: [{ tool: 'secretlint', id: '@secretlint/secretlint-rule-no-dotenv' }],
  fixable: true,
  scope: 'workspace',
  // The root .gitignore guards every tree: an env file a test harness or a docs site asks for leaks as well.
  roles: 'all',
  check({ ws, facts }) {
    // Nothing to protect when nothing in the repository reads, creates or documents an env file.
    const use = envFileUse(ws, facts.dependencies);
    if (!use) return outcome.na('nothing in the repository reads, creates or documents a .env file (no env file, no dotenv loader, no `env_file:`, no `.env` named in code, scripts or documents)');
    const used: Evidence = { message: `env files are used here (${use.message})`, ...(use.file ? { file: use.file } : {}), ...(use.line ? { line: use.line } : {}) };
    const file = ws.exists('.gitignore') ? ws.read('.gitignore') : undefined;
    if (!file) {
      return {
        status: 'fail',
        evidence: [used],
        findings: [{
          message: 'there is no .gitignore, so `git add .` would commit .env files and private keys; add one that ignores them',
          file: null,
          fix: createFileFix('Create .gitignore', '.gitignore', gitignoreFor(facts)),
        }],
      };
    }
    const ig = matcher(file);
    // A front-end build tool's own convention: `.env`/`.env.[mode]` are public and committed, `.env*.local` are not.
    const required = use.frontendOnly ? FRONTEND_ENV_PATTERNS : ENV_PATTERNS;
    const absent = missing(ig, required);
    const evidence: Evidence[] = [used];
    if (use.frontendOnly) evidence.push({ message: 'only a front-end build tool reads env files: by its convention `.env` and `.env.[mode]` hold public values and are committed, local secrets go in `.env*.local`' });
    evidence.push(...required.filter((r) => !absent.includes(r)).map((r) => ({ message: `${r.samples[0]} is ignored`, file: file.path })));
    const exampleIgnored = ig.ignores(EXAMPLE);
    const last = lastContentLine(file);
    const findings: RuleFinding[] = [];
    if (absent.length > 0) {
      const exception = exampleIgnored && !absent.some((m) => m.pattern === '.env.*') ? `!${EXAMPLE}\n` : '';
      findings.push({
        message: `.gitignore would not ignore env files such as ${absent.flatMap((m) => m.samples.filter((x) => !ig.ignores(x))).join(', ')}; append ${absent.map((m) => `\`${m.pattern}\``).join(' and ')}`,
        file: file.path,
        range: file.lineRange(last),
        fix: appendFix('Ignore .env files', file, `\n${patternBlock('Environment files hold secrets; only the example is committed', absent.map((m) => m.pattern))}${exception}`),
        data: { missing: absent.map((m) => m.pattern) },
      });
    }
    if (exampleIgnored) {
      findings.push({
        message: `.gitignore also ignores ${EXAMPLE}, which documents the variables and should be committed; add \`!${EXAMPLE}\` after this pattern`,
        file: file.path,
        range: file.lineRange(findCulprit(file.lines, EXAMPLE) ?? last),
        // When patterns are missing, their fix appends the exception too (two appends would collide).
        ...(absent.length === 0 ? { fix: appendFix(`Keep ${EXAMPLE} committable`, file, `!${EXAMPLE}\n`) } : {}),
      });
    }
    if (findings.length === 0) return { status: 'pass', findings, evidence };
    const score = (required.length - absent.length) / required.length - (exampleIgnored ? 0.25 : 0);
    return score > 0 ? { status: 'partial', score, findings, evidence } : { status: 'fail', findings, evidence };
  },
};
