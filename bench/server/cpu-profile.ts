/**
 * `--cpu-prof`: a V8 CPU profile of one phase only (node --cpu-prof would include the preparation,
 * which screens thousands of bundles). Server and load clients share the process, so the profile shows
 * both; the summary groups self time by function and source file, largest first.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DATA_DIR = fileURLToPath(new URL('../.data', import.meta.url));
const REPO_URL = new URL('../..', import.meta.url).href;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

export async function profiled<T>(
  name: string,
  work: () => Promise<T>,
): Promise<{ result: T; lines: string[] }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  let profile: Profile;
  let result: T;
  try {
    result = await work();
  } finally {
    profile = ((await session.post('Profiler.stop')) as { profile: Profile }).profile;
    session.disconnect();
  }
  mkdirSync(DATA_DIR, { recursive: true });
  const file = join(DATA_DIR, `server-${name}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  return { result, lines: [`cpu profile of ${name}: ${file}`, ...summarize(profile)] };
}

/** Where a source file sits, short: the package of node_modules, else the path under the repository. */
function place(url: string): string {
  if (!url) return '(native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  return url.startsWith(REPO_URL) ? url.slice(REPO_URL.length) : url.replace(/^file:\/\//, '');
}

function summarize(profile: Profile, top = 18): string[] {
  const total = profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0);
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (!hits) continue;
    const where = place(node.callFrame.url);
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${where}${node.callFrame.url ? `:${node.callFrame.lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + hits);
    byPlace.set(where, (byPlace.get(where) ?? 0) + hits);
  }
  const pct = (hits: number) => `${((100 * hits) / total).toFixed(1).padStart(5)} %`;
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [
    '  self time by source:',
    ...sorted(byPlace).map(([k, v]) => `  ${pct(v)}  ${k}`),
    '  self time by function:',
    ...sorted(byFunction).map(([k, v]) => `  ${pct(v)}  ${k}`),
  ];
}
