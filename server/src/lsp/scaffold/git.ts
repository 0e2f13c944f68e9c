/**
 * Repository hygiene templates: a .gitignore for the stack that always ignores `.env` files and keys
 * (but not `.env.example`), and a `.env.example` listing the variables the code reads, without values.
 */
import { gitignoreFor } from '../../rules/security/gitignore-env';
import type { StackProfile } from './stack';

/**
 * A .gitignore for a profile: the one security/gitignore-env proposes (dependencies and build output
 * of the detected stacks, then every secret pattern it requires), so that the two never disagree.
 */
export function gitignore(p: StackProfile): string {
  return gitignoreFor(p.facts);
}

/** A .env.example listing the variables the code reads. */
export function envExample(p: StackProfile): string {
  const vars = p.envVars.length > 0 ? p.envVars : p.servesHttp ? ['PORT'] : ['LOG_LEVEL'];
  const lines = [
    '# Configuration of the service, one variable per line. Copy this file to `.env` for local runs;',
    '# real values live in the secret store of each environment, never in the repository.',
    '',
  ];
  for (const v of vars) {
    if (v === 'PORT') lines.push(`# The port the HTTP server listens on.`, `PORT=${p.port}`);
    else if (/DATABASE_URL|DB_URL/.test(v)) lines.push('# Connection string of the database (a secret outside local runs).', `${v}=`);
    else if (/SECRET|TOKEN|PASSWORD|KEY/.test(v)) lines.push('# A secret: set it from the secret store.', `${v}=`);
    else if (v === 'LOG_LEVEL') lines.push('# debug, info, warn or error.', 'LOG_LEVEL=info');
    else lines.push(`${v}=`);
  }
  lines.push('');
  return lines.join('\n');
}
