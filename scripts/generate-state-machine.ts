/**
 * Writes the workflow's definition (statemachines/dsr.asl.json), the file CDK deploys and the
 * local stack runs, from its source (statemachines/dsr.ts).
 * Run: npx tsx scripts/generate-state-machine.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATE_MACHINE_FILE } from '../infra/function-catalog';
import { renderDefinition } from '../statemachines/asl';
import { DSR_STATE_MACHINE } from '../statemachines/dsr';

const file = join(import.meta.dirname, '..', STATE_MACHINE_FILE);
const text = renderDefinition(DSR_STATE_MACHINE);
writeFileSync(file, text);
console.log(`${STATE_MACHINE_FILE}: ${text.split('\n').length - 1} lines`);
