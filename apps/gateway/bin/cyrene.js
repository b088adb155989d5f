#!/usr/bin/env node
// The operator CLI (`npx cyrene …`). The gateway runs from its TypeScript sources with no build
// step, so this launcher registers tsx's loader in this same process (no second process to
// forward signals to) and hands over to src/cli/main.ts.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
