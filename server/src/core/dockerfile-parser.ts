/**
 * dockerfile-ast's parser with the speed-up of `./dockerfile-perf` applied. `SourceFile.docker` loads
 * this module on the first Dockerfile it parses, so an audit without Dockerfiles (and the CLI's
 * `--version` or `--help`) never loads the parser; the CLI's build keeps it in a file of its own
 * (see `esbuild.mjs`), with the patch in the same file as the classes it patches.
 */
import './dockerfile-perf';

export { DockerfileParser } from 'dockerfile-ast';
