// Draws media/icon.png (128×128), the extension's Marketplace icon: a readiness gauge with a check
// mark on a dark rounded square. Pure Node (zlib for the PNG), so it needs no image tools:
// `node scripts/editor-icon.mjs`. The PNG is committed; run this again only to change the design.
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';

const N = 128;
const SS = 4; // supersampling per axis
const bg = [30, 42, 58];
const track = [58, 74, 96];
const arc = [76, 201, 140];
const white = [245, 248, 250];

const cx = 64, cy = 72, r1 = 34, r2 = 46;
function segDist(px, py, ax, ay, bx, by) {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}
function colorAt(x, y) {
  // Rounded square.
  const rr = 24;
  const qx = Math.max(rr - x, 0, x - (N - rr)), qy = Math.max(rr - y, 0, y - (N - rr));
  if (Math.hypot(qx, qy) > rr) return null;
  let c = bg;
  const d = Math.hypot(x - cx, y - cy);
  if (d >= r1 && d <= r2 && y <= cy + 10) {
    const a = Math.atan2(cy - y, x - cx);
    const t = a < -Math.PI / 2 ? 1 : 1 - a / Math.PI; // 0 at left end, 1 at right end
    const inArc = a >= -0.3 || a <= -Math.PI + 0.3;
    if (inArc) c = t <= 0.78 ? arc : track;
  }
  // Check mark.
  if (segDist(x, y, 46, 74, 58, 86) < 6 || segDist(x, y, 58, 86, 84, 56) < 6) c = white;
  return c;
}
const raw = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) {
  raw[y * (N * 4 + 1)] = 0;
  for (let x = 0; x < N; x++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < SS; sy++)
      for (let sx = 0; sx < SS; sx++) {
        const c = colorAt(x + (sx + 0.5) / SS, y + (sy + 0.5) / SS);
        if (!c) continue;
        r += c[0]; g += c[1]; b += c[2]; a++;
      }
    const o = y * (N * 4 + 1) + 1 + x * 4;
    raw[o] = a ? Math.round(r / a) : 0;
    raw[o + 1] = a ? Math.round(g / a) : 0;
    raw[o + 2] = a ? Math.round(b / a) : 0;
    raw[o + 3] = Math.round((255 * a) / (SS * SS));
  }
}
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
fs.writeFileSync(new URL('../media/icon.png', import.meta.url), png);
console.log(`media/icon.png: ${png.length} bytes`);
