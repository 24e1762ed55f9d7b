import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web app is served by the trialkit server from web/dist; `npx vite web` serves it for development
// with /api proxied to a server on :3000.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
