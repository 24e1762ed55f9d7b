// Builds the web app (web/ → web/dist) when the build is missing or older than its sources, so that
// `npm start` on a fresh clone serves the app without a separate build step.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const built = 'web/dist/index.html';
const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
    const path = join(dir, entry.name);
    return Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }, 0);
// The web app's sources, and the contracts it shares with the server.
const sources = Math.max(
  newest('web/src'),
  newest('src/contracts'),
  statSync('web/index.html').mtimeMs,
  statSync('web/vite.config.ts').mtimeMs,
);
if (!existsSync(built) || statSync(built).mtimeMs < sources) {
  console.error('trialkit: building the web app (vite build)…');
  execSync('npx vite build web --logLevel warn', { stdio: 'inherit' });
}
