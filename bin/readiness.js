#!/usr/bin/env node
// The `readiness` command: runs the bundled CLI.
require('../dist/cli.js');
