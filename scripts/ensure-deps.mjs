// Checks the Node.js version against package.json's `engines.node` (">=MAJOR.MINOR", the form this
// project writes), then installs dependencies with `npm ci` when they are missing or older than
// package-lock.json, so that `npm start`, `npm run demo` and `npm test` work on a fresh clone without a
// separate install step.
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';

const required = JSON.parse(readFileSync('package.json', 'utf8')).engines.node;
const [major, minor] = /^>=(\d+)\.(\d+)$/.exec(required)?.slice(1).map(Number) ?? [];
const [hasMajor, hasMinor] = process.versions.node.split('.').map(Number);
if (major === undefined || hasMajor < major || (hasMajor === major && hasMinor < minor)) {
  console.error(`trialkit: Node.js ${required} is needed (package.json engines); this is ${process.version}`);
  process.exit(1);
}

const installed = 'node_modules/.package-lock.json';
const stale = !existsSync(installed) || statSync(installed).mtimeMs < statSync('package-lock.json').mtimeMs;
if (stale) {
  console.error('trialkit: installing dependencies (npm ci)…');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
}
