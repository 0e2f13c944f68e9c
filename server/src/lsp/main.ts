/**
 * Entry point of the language server (bundled as dist/server.js). The transport comes from the
 * command line: `--node-ipc` when VS Code starts it, `--stdio` for other editors and the tests.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const fixed = process.env.READINESS_FIXED_NOW;
const now = fixed && !Number.isNaN(Date.parse(fixed)) ? () => new Date(fixed) : undefined;
startServer(createConnection(ProposedFeatures.all), now ? { now } : {});
