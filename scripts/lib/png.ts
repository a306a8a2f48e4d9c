/**
 * A small lossless PNG encoder for RGBA pixels (8-bit truecolour with alpha dropped), with
 * an optional posterise step: the neon gradients and glows of a page screenshot cost most
 * of its bytes, and rounding each channel to fewer levels shrinks the file a great deal
 * while staying indistinguishable at a glance.
 */
import { deflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Encodes `rgba` (width × height × 4 bytes, as a canvas gives them) as an RGB PNG.
 * `levels` (2–256) posterises each channel to that many steps; 256 keeps every value.
 */
export function encodePng(rgba: Uint8Array, width: number, height: number, levels = 256): Buffer {
  const step = 255 / (Math.max(2, Math.min(256, levels)) - 1);
  const rowBytes = width * 3;
  const rows: Buffer[] = [];
  let previous = Buffer.alloc(rowBytes);
  for (let y = 0; y < height; y += 1) {
    const row = Buffer.alloc(rowBytes);
    for (let x = 0; x < width; x += 1) {
      for (let c = 0; c < 3; c += 1) {
        const value = rgba[(y * width + x) * 4 + c] ?? 0;
        row[x * 3 + c] = levels >= 256 ? value : Math.round(Math.round(value / step) * step);
      }
    }
    // Each row takes the filter that leaves the smallest sum of residuals.
    let best: Buffer | null = null;
    let bestCost = Infinity;
    for (let filter = 0; filter < 5; filter += 1) {
      const out = Buffer.alloc(rowBytes + 1);
      out[0] = filter;
      let cost = 0;
      for (let i = 0; i < rowBytes; i += 1) {
        const raw = row[i] ?? 0;
        const left = i >= 3 ? (row[i - 3] ?? 0) : 0;
        const up = previous[i] ?? 0;
        const upLeft = i >= 3 ? (previous[i - 3] ?? 0) : 0;
        const predicted =
          filter === 0
            ? 0
            : filter === 1
              ? left
              : filter === 2
                ? up
                : filter === 3
                  ? (left + up) >> 1
                  : paeth(left, up, upLeft);
        const residual = (raw - predicted) & 0xff;
        out[i + 1] = residual;
        cost += residual < 128 ? residual : 256 - residual;
      }
      if (cost < bestCost) {
        bestCost = cost;
        best = out;
      }
    }
    rows.push(best ?? Buffer.alloc(rowBytes + 1));
    previous = row;
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
