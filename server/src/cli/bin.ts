/** Entry point of the bundled CLI (`dist/cli.js`): runs `main` with the process arguments. */
import { main } from './main';

// `main` never rejects: it reports every error itself and resolves to the exit code.
void main(process.argv).then((code) => {
  process.exitCode = code;
});
