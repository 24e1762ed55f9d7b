#!/usr/bin/env -S node --single-threaded-gc
// The installed `trialkit` command: runs the TypeScript CLI through tsx (no build step). Node runs with
// --single-threaded-gc, as `npm run trialkit` does: screening is a throughput job, and on a machine
// whose cores are all busy screening, V8's concurrent GC threads only compete with the work
// (docs/decisions/0005-parallel-screening.md).
import { register } from 'tsx/esm/api';

register();
const { runProcess } = await import('../src/cli/main.ts');
await runProcess(process.argv.slice(2));
