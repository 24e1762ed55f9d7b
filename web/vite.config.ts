import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web app is served by the trialkit server from web/dist; `npx vite web` serves it for development
// with /api proxied to a server on :3000.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      // src/contracts (the API's shapes, shared with the server) builds zod schemas at module level and
      // does nothing else there: a module of it whose exports no page uses is left out, so a page that
      // needs only refusal codes (codes.ts: sign-in) downloads no zod. Pages that take constants from a
      // module with schemas (statuses, roles, the username rule) share one chunk with zod in it.
      treeshake: { moduleSideEffects: [{ test: /\/src\/contracts\//, sideEffects: false }] },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
