import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** `npm run dev`: this app with hot reload; API, WebSocket and docs go to a running gateway. */
const gateway = process.env.GATEWAY_URL ?? 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
  resolve: {
    // The SDK from source, as the typecheck sees it: no SDK build before a console build, and
    // an SDK change reloads the console in development.
    alias: { '@cyrene/sdk': fileURLToPath(new URL('../../packages/sdk/src/index.ts', import.meta.url)) },
  },
  server: {
    proxy: {
      '/api': { target: gateway, ws: true },
      '/ws': { target: gateway, ws: true },
      '/docs': gateway,
      '/trpc': gateway,
    },
  },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1024 },
});
