import { defineConfig } from 'vite';
import { budget } from './tools/budget.js';

export default defineConfig({
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    target: 'es2022',
    // Every browser the page supports knows modulepreload; the polyfill would be dead weight.
    modulePreload: { polyfill: false },
    // Fonts and icons stay files (cacheable, CSP-friendly), never data: URLs in the CSS.
    assetsInlineLimit: 0,
  },
  plugins: [budget({ codeGzipBytes: 50 * 1024, fontBytes: 120 * 1024 })],
});
