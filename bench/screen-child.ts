/**
 * Workload (b) of bench:screen: the real `trialkit screen --format ndjson` (the CLI's main) on a
 * file, output to /dev/null. Prints { exitCode, maxRssMb } as JSON on stdout afterwards.
 */
import { main } from '../src/cli/main.ts';
// The index date alone: the generator module would load the protocol, which is not the workload's.
import { INDEX_DATE } from './population/basics.ts';

const file = process.argv[2];
if (!file) throw new Error('usage: screen-child.ts <file.ndjson>');
const exitCode = await main([
  'screen',
  file,
  '--format',
  'ndjson',
  '--as-of',
  INDEX_DATE,
  '--out',
  '/dev/null',
]);
process.stdout.write(`${JSON.stringify({ exitCode, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
