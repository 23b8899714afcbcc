// Draws the two Teams app icons (a shield with a tick) and writes them as PNGs next to this file:
//   color.png   192×192, full colour, opaque background in the manifest's accentColor
//   outline.png  32×32,  white on transparent (Teams' rule for outline icons)
// Only node:zlib: a minimal PNG encoder (RGBA, 8 bits, no interlace). Run: node manifest/teams/make-icons.mjs
import { writeFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const ACCENT = [0x1f, 0x5f, 0x8b]; // #1F5F8B, also manifest.json accentColor
const WHITE = [0xff, 0xff, 0xff];
const SAMPLES = 4; // 4×4 supersampling per pixel for smooth edges

// Shield in unit coordinates (0..1, y down): a top edge that dips a little in the middle, straight
// sides, then curving in to a point at the bottom.
function inShield(x, y, inset = 0) {
  const cx = 0.5;
  const halfW = 0.34 - inset;
  const dx = Math.abs(x - cx);
  if (dx > halfW) return false;
  const top = 0.12 + inset + 0.05 * (1 - (dx / halfW) ** 2);
  const shoulder = 0.5;
  const bottom = 0.9 - inset * 1.6;
  if (y < top || y > bottom) return false;
  if (y <= shoulder) return true;
  const t = (y - shoulder) / (bottom - shoulder);
  return dx <= halfW * (1 - t * t);
}

function distToSegment(px, py, [ax, ay], [bx, by]) {
  const vx = bx - ax;
  const vy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * vx + (py - ay) * vy) / (vx * vx + vy * vy)));
  return Math.hypot(px - (ax + t * vx), py - (ay + t * vy));
}

const TICK = [
  [0.36, 0.48],
  [0.46, 0.6],
  [0.65, 0.38],
];
const inTick = (x, y, width) => distToSegment(x, y, TICK[0], TICK[1]) < width || distToSegment(x, y, TICK[1], TICK[2]) < width;

// Renders size×size RGBA; paint(x, y) returns [r, g, b, a] (a 0..1) for a point in unit coordinates.
function render(size, paint) {
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const [cr, cg, cb, ca] = paint((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size);
          r += cr * ca;
          g += cg * ca;
          b += cb * ca;
          a += ca;
        }
      }
      const i = (py * size + px) * 4;
      // Colour is averaged over the covered samples only (premultiplied), so edges stay white, not grey.
      rgba[i] = a ? Math.round(r / a) : 0;
      rgba[i + 1] = a ? Math.round(g / a) : 0;
      rgba[i + 2] = a ? Math.round(b / a) : 0;
      rgba[i + 3] = Math.round((a / (SAMPLES * SAMPLES)) * 255);
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Encodes size×size RGBA pixels as a PNG (colour type 6, filter 0 on every row). */
function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bits per channel
  ihdr[9] = 6; // colour type: RGBA
  ihdr[10] = 0; // deflate
  ihdr[11] = 0; // adaptive filtering
  ihdr[12] = 0; // no interlace
  const rows = [];
  for (let y = 0; y < size; y++) rows.push(Buffer.from([0]), rgba.subarray(y * size * 4, (y + 1) * size * 4));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

// Colour icon: white shield with an accent-coloured tick on an accent background.
const color = render(192, (x, y) => {
  if (inShield(x, y) && !inTick(x, y, 0.045)) return [...WHITE, 1];
  return [...ACCENT, 1];
});

// Outline icon: a white shield outline and tick on transparent; the stroke is ~2.5 px at 32 px.
const outline = render(32, (x, y) => {
  const stroke = inShield(x, y) && !inShield(x, y, 0.08);
  return stroke || (inShield(x, y) && inTick(x, y, 0.05)) ? [...WHITE, 1] : [0, 0, 0, 0];
});

writeFileSync(path.join(here, 'color.png'), encodePng(192, color));
writeFileSync(path.join(here, 'outline.png'), encodePng(32, outline));
console.log('wrote color.png (192×192) and outline.png (32×32) in', here);
