/** Entry point of the bundled CLI (`dist/cli.js`): runs `main` with the process arguments. */
import { main } from './main';

main(process.argv).then((code) => {
  process.exitCode = code;
});
