#!/usr/bin/env node
// Runs the TypeScript command line without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../local/cli.ts');
