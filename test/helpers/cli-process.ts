// The CLI from its TypeScript sources in a process of its own (for tests that need real concurrent processes).
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv);
