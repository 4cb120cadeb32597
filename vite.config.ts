import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { RENDERER_CSP } from './shared/security/content-security-policy.js';

/** Writes the one CSP into index.html too, for the desktop app's app:// pages (headers also carry it). */
function contentSecurityPolicyMeta(): Plugin {
  const policy = RENDERER_CSP.split('; ')
    .filter((directive) => !directive.startsWith('frame-ancestors'))
    .join('; ');
  return {
    name: 'triad-csp-meta',
    transformIndexHtml: (html) => html.replace('%TRIAD_CSP%', policy),
  };
}

/** The sandboxed preload must be one CommonJS file that requires nothing but electron. */
const preloadBuild = defineConfig({
  build: {
    outDir: 'dist/electron/preload',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    target: 'node20',
    lib: {
      entry: resolve(import.meta.dirname, 'electron/preload/index.ts'),
      formats: ['cjs'],
      fileName: () => 'index.cjs',
    },
    rollupOptions: { external: ['electron'] },
  },
});

const rendererBuild = defineConfig({
  root: resolve(import.meta.dirname, 'renderer'),
  base: './',
  plugins: [react(), contentSecurityPolicyMeta()],
  build: {
    outDir: resolve(import.meta.dirname, 'dist/renderer'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1200,
  },
  test: {
    root: import.meta.dirname,
    projects: [
      {
        test: {
          name: 'node',
          root: import.meta.dirname,
          environment: 'node',
          include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'scripts/**/*.test.ts'],
          globalSetup: ['scripts/build-backend-for-threads.ts'],
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          root: import.meta.dirname,
          environment: 'happy-dom',
          include: ['renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['renderer/test-setup.ts'],
        },
      },
    ],
  },
});

export default defineConfig(({ mode }) => (mode === 'preload' ? preloadBuild : rendererBuild));
