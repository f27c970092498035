#!/usr/bin/env node
'use strict';
// Launcher: runs the TypeScript CLI through tsx, with the repository's tsconfig (path aliases) wherever the cwd is.
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..', '..');
process.env.TSX_TSCONFIG_PATH = process.env.TSX_TSCONFIG_PATH || path.join(root, 'tsconfig.json');
require('tsx/cjs');
const { main } = require(path.join(root, 'apps', 'cli', 'src', 'main.ts'));

main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  isTTY: process.stderr.isTTY === true,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`shuji: ${error && error.stack ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
