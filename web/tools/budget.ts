/**
 * Build step that weighs what the browser downloads and fails the build over budget:
 * HTML + JS + CSS counted gzipped (as served), fonts counted as shipped (woff2 is already
 * compressed). It also writes `.gz` beside the hashed JS and CSS under assets/ so the
 * embedded server and nginx can serve them precompressed; index.html gets none, because an
 * operator may replace it and a stale .gz beside it would win.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

export interface BudgetLimits {
  /** Gzipped bytes of every .html, .js and .css file together. */
  codeGzipBytes: number;
  /** Bytes of every font file together. */
  fontBytes: number;
}

const CODE = /\.(html|js|css)$/;
const FONT = /\.(woff2?|ttf|otf)$/;

export function budget(limits: BudgetLimits): Plugin {
  return {
    name: 'kite-budget',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir ?? 'dist';
      const rows: string[] = [];
      let code = 0;
      let fonts = 0;
      for (const [file, output] of Object.entries(bundle).sort(([a], [b]) => a.localeCompare(b))) {
        const bytes = Buffer.from(output.type === 'chunk' ? output.code : output.source);
        if (CODE.test(file)) {
          const gz = gzipSync(bytes, { level: 9 });
          if (file.startsWith('assets/')) {
            mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
            writeFileSync(path.join(dir, `${file}.gz`), gz);
          }
          code += gz.length;
          rows.push(
            `  ${file.padEnd(48)} ${kib(bytes.length).padStart(10)}  gzip ${kib(gz.length).padStart(9)}`,
          );
        } else if (FONT.test(file)) {
          fonts += bytes.length;
          rows.push(`  ${file.padEnd(48)} ${kib(bytes.length).padStart(10)}`);
        }
      }
      const codeLine = `HTML+JS+CSS ${kib(code)} gzip of ${kib(limits.codeGzipBytes)}`;
      const fontLine = `fonts ${kib(fonts)} of ${kib(limits.fontBytes)}`;
      console.log(`\nweight budget:\n${rows.join('\n')}\n  ${codeLine}\n  ${fontLine}\n`);
      const over = [
        code > limits.codeGzipBytes ? `over budget: ${codeLine}` : '',
        fonts > limits.fontBytes ? `over budget: ${fontLine}` : '',
      ].filter(Boolean);
      if (over.length) this.error(over.join('; '));
    },
  };
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}
