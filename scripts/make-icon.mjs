// Draws keyscope's icon (a lens over a key's bit pattern) as build/icon.png, 1024x1024, with no image library:
// the pixels are computed here and written as a PNG with zlib. Run once; the PNG is committed.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const N = 1024;
const px = Buffer.alloc(N * N * 4);
const set = (x, y, [r, g, b, a]) => {
  const i = (y * N + x) * 4;
  px[i] = r;
  px[i + 1] = g;
  px[i + 2] = b;
  px[i + 3] = a;
};
const inRounded = (x, y, m, rad) => {
  const cx = Math.min(Math.max(x, m + rad), N - m - rad);
  const cy = Math.min(Math.max(y, m + rad), N - m - rad);
  return (x - cx) ** 2 + (y - cy) ** 2 <= rad ** 2;
};
for (let y = 0; y < N; y += 1) {
  for (let x = 0; x < N; x += 1) {
    if (!inRounded(x, y, 64, 180)) continue;
    const t = y / N;
    let c = [Math.round(11 + 20 * t), Math.round(92 - 30 * t), Math.round(173 - 40 * t), 255];
    // a key's bits: rows of small squares behind the lens
    const bx = Math.floor((x - 220) / 64);
    const by = Math.floor((y - 260) / 64);
    if (x > 220 && y > 260 && bx < 7 && by < 5 && (x - 220) % 64 < 44 && (y - 260) % 64 < 44 && ((bx * 7 + by * 3) % 5) < 3) c = [120, 180, 240, 255];
    // the lens: a ring, and a handle at 45 degrees
    const d = Math.hypot(x - 470, y - 430);
    if (d > 210 && d < 262) c = [255, 255, 255, 255];
    const along = (x - 470 + (y - 430)) / Math.SQRT2;
    const across = Math.abs(x - 470 - (y - 430)) / Math.SQRT2;
    if (along > 262 && along < 520 && across < 42) c = [255, 255, 255, 255];
    set(x, y, c);
  }
}
const raw = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y += 1) px.copy(raw, y * (N * 4 + 1) + 1, y * N * 4, (y + 1) * N * 4);
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr[8] = 8;
ihdr[9] = 6;
writeFileSync('build/icon.png', Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]));
