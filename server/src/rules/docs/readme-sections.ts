/**
 * docs/readme-sections: the README tells a newcomer how to install, run and test the project, each
 * under its own heading with real instructions (a command, a link: prose alone earns nothing), or
 * with the command itself (a quick start that says
 * `docker compose up -d` tells how to install and run).
 */
import type { Workspace } from '../../core/workspace';
import type { Evidence, WorkspaceRule } from '../../core/types';
import { findDoc, gradeDocument } from '../lib/util';
import { firstHit } from '../lib/evidence';
import { README_PATHS } from './readme';

const SECTIONS = [
  { name: 'install', pattern: /install|setup|set up|getting started|quick ?start|prerequisites|requirements|build/i },
  { name: 'run', pattern: /\b(run|running|usage|start|deploy|how to use|configuration)\b/i },
  { name: 'test', pattern: /\btest(s|ing)?\b|development|contributing/i },
];

/**
 * Commands that answer a section whatever its heading says: a README whose quick start is
 * `docker compose up -d` tells a newcomer how to install and run the project.
 */
const COMMANDS: Record<string, RegExp> = {
  install: /(?:^|[`$\s])(?:npm (?:ci|install|i)\b|yarn(?: install)?\b|pnpm (?:install|i)\b|pip3? install\b|poetry install\b|uv sync\b|go (?:install|build)\b|cargo (?:install|build)\b|brew install\b|apt(?:-get)? install\b|docker (?:pull|build)\b|docker[- ]compose (?:-f \S+ )?(?:pull|build|up)\b|helm install\b|make(?: install| build)?\b)/m,
  run: /(?:^|[`$\s])(?:docker[- ]compose (?:-f \S+ )?up\b|docker run\b|podman run\b|npm (?:start|run (?:dev|start|serve))\b|yarn (?:start|dev)\b|go run\b|cargo run\b|python3? (?:-m \S+|manage\.py runserver|\S+\.py)\b|uvicorn\b|gunicorn\b|flask run\b|make (?:run|start|dev|serve)\b|java -jar\b|\.\/mvnw spring-boot:run|\.\/gradlew bootRun|kubectl apply\b|helm install\b)/m,
  test: /(?:^|[`$\s])(?:npm (?:test|run test)\b|yarn test\b|pnpm test\b|pytest\b|python3? -m (?:pytest|unittest)\b|tox\b|nox\b|go test\b|cargo test\b|make (?:test|check)\b|just (?:test|check)\b|task test\b|cargo nextest\b|\.\/mvnw (?:test|verify)|\.\/gradlew test|mvn (?:test|verify)|bundle exec rspec|dotnet test\b)/m,
};

/**
 * A command line that runs the project's own program by its name (`http-echo -listen=:8080`, `./miniserve
 * .`): the names of its Go module, Cargo packages and binaries, npm `bin` entries and `cmd/<name>` folders.
 */
function ownProgramCommand(ws: Workspace): RegExp | undefined {
  const names = new Set<string>();
  const mod = /^module\s+(\S+)/m.exec(ws.read('go.mod')?.text ?? '');
  if (mod) names.add(mod[1].replace(/\/v\d+$/, '').split('/').pop() ?? '');
  for (const p of ws.files) {
    const m = /^cmd\/([\w.-]+)\//.exec(p);
    if (m) names.add(m[1]);
  }
  const cargo = ws.read('Cargo.toml')?.toml;
  if (cargo?.ok) {
    const pkg = (cargo.value as { package?: { name?: unknown }; bin?: { name?: unknown }[] });
    if (typeof pkg.package?.name === 'string') names.add(pkg.package.name);
    for (const b of Array.isArray(pkg.bin) ? pkg.bin : []) if (typeof b?.name === 'string') names.add(b.name);
  }
  const npm = ws.read('package.json');
  if (npm?.json.ok) {
    const bin = (npm.json.value as { bin?: unknown; name?: unknown } | null)?.bin;
    if (typeof bin === 'string' && typeof (npm.json.value as { name?: unknown }).name === 'string') names.add(String((npm.json.value as { name: string }).name).replace(/^@[^/]+\//, ''));
    else if (bin && typeof bin === 'object') for (const k of Object.keys(bin)) names.add(k);
  }
  const usable = [...names].filter((n) => /^[\w][\w.-]{1,40}$/.test(n)).map((n) => n.replace(/[.]/g, '\\.'));
  if (usable.length === 0) return undefined;
  // The name at the start of a command (after a prompt, a backtick or `./`), followed by an option, a path or
  // a quoted argument (not a word: "http-echo is a small server" is prose).
  return new RegExp(`(?:^[ \\t]*(?:\\$[ \\t]+)?|\`)(?:\\.\\/)?(?:${usable.join('|')})[ \\t]+[-./"'~]`, 'm');
}

export const rule: WorkspaceRule = {
  id: 'docs/readme-sections',
  category: 'documentation',
  severity: 'medium',
  level: 'mvp',
  title: 'README explains install, run and test',
  rationale: 'Install, run and test instructions in the README let a new engineer or a responder get the service going without asking anyone.',
  scope: 'workspace',
  applies(facts) {
    // Install, run and test instructions are asked of code; a repository without any has nothing to run.
    return facts.kind !== 'codeless' || 'no code: nothing to install, run or test (docs/readme asks for the README itself)';
  },
  check({ ws }) {
    const file = findDoc(ws, README_PATHS);
    if (!file) return { status: 'not-applicable', findings: [], reason: 'no README (see docs/readme)' };
    // Install, run and test instructions are concrete by nature: a command, a link, a version.
    const graded = gradeDocument(file, SECTIONS, 'the README', 5, true);
    if (graded.status === 'pass') return graded;
    // A section without its heading still counts when the README gives its command.
    const data = graded.findings[0]?.data as { missing?: string[]; thin?: string[] } | undefined;
    const open = [...(data?.missing ?? []), ...(data?.thin ?? [])];
    const evidence: Evidence[] = [...(graded.evidence ?? [])];
    const stillOpen: string[] = [];
    const own = ownProgramCommand(ws);
    for (const name of open) {
      const hit = firstHit(file, COMMANDS[name]) ?? (name === 'run' && own ? firstHit(file, own) : undefined);
      if (hit) evidence.push({ message: `${name}: ${hit.text.slice(0, 80)}`, file: file.path, line: hit.line });
      else stillOpen.push(name);
    }
    if (stillOpen.length === 0) return { status: 'pass', findings: [], evidence };
    if (stillOpen.length === open.length) return graded;
    const score = (SECTIONS.length - stillOpen.length) / SECTIONS.length;
    return {
      status: 'partial',
      score,
      evidence,
      findings: [{ message: `the README ${file.path} does not say how to ${stillOpen.join(', ')} the project: add a section with the command`, file: file.path, range: file.lineRange(0), data: { missing: stillOpen } }],
    };
  },
};
