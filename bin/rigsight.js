#!/usr/bin/env node
import module from 'node:module';

// Compiled code of rigsight and its dependencies is cached (in the OS temp folder): later starts skip parsing.
module.enableCompileCache?.();
const { main } = await import('../dist/src/cli/main.js');

process.exitCode = await main(process.argv);
