/**
 * Pictures for the demo catalog, drawn by the project itself at seed time: a flat illustration of
 * each product's kind (a tee, a boot, a mug, a tent…) in its colour on a soft background, as a real
 * PNG (scripts/load-catalog.mjs uploads them through the admin API, which checks every one). A
 * product with a Colour option gets one picture per colour, shown with that colour's variants.
 * No licence question: nothing here is anyone else's. They are drawn once, by running this file,
 * and committed (scripts/demo-pictures/), so a seed only uploads them.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";

const SIZE = 480;

/** Shapes in a unit square (0..1): polygons, circles, rings, rounded rectangles. */
const poly = (...points) => ({ kind: "poly", points });
const circle = (x, y, r) => ({ kind: "circle", x, y, r });
const ring = (x, y, r, inner) => ({ kind: "ring", x, y, r, inner });
const rect = (x, y, w, h, r = 0.03) => ({ kind: "rect", x, y, w, h, r });

const SHAPES = {
  apparel: [
    poly(
      [0.3, 0.2],
      [0.42, 0.16],
      [0.5, 0.22],
      [0.58, 0.16],
      [0.7, 0.2],
      [0.86, 0.36],
      [0.76, 0.46],
      [0.7, 0.4],
      [0.7, 0.84],
      [0.3, 0.84],
      [0.3, 0.4],
      [0.24, 0.46],
      [0.14, 0.36],
    ),
  ],
  footwear: [
    poly(
      [0.2, 0.3],
      [0.44, 0.3],
      [0.46, 0.52],
      [0.7, 0.58],
      [0.84, 0.66],
      [0.84, 0.78],
      [0.2, 0.78],
    ),
    rect(0.18, 0.76, 0.68, 0.06, 0.02),
  ],
  home: [
    rect(0.3, 0.36, 0.4, 0.46, 0.06),
    poly([0.5, 0.14], [0.57, 0.28], [0.5, 0.33], [0.43, 0.28]),
  ],
  kitchen: [rect(0.26, 0.3, 0.38, 0.5, 0.05), ring(0.66, 0.54, 0.13, 0.07)],
  outdoor: [poly([0.5, 0.16], [0.86, 0.8], [0.14, 0.8]), poly([0.5, 0.5], [0.6, 0.8], [0.4, 0.8])],
  "electronics-accessories": [rect(0.2, 0.26, 0.6, 0.42, 0.04), rect(0.12, 0.68, 0.76, 0.06, 0.02)],
  stationery: [rect(0.28, 0.18, 0.44, 0.64, 0.03), rect(0.28, 0.18, 0.07, 0.64, 0.01)],
};

/** Colour names the demo's options use, and a palette for products without one. */
const NAMED = {
  white: [238, 236, 228],
  black: [44, 44, 48],
  sage: [142, 166, 135],
  charcoal: [70, 72, 78],
  navy: [42, 58, 98],
  natural: [214, 198, 168],
};
const PALETTE = [
  [196, 98, 70],
  [70, 112, 156],
  [118, 146, 92],
  [176, 140, 60],
  [130, 96, 150],
  [84, 140, 140],
  [160, 84, 104],
];

const hash = (text) => [...text].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7);
const mix = (a, b, t) => a.map((v, i) => Math.round(v + (b[i] - v) * t));

function inside(shape, x, y) {
  switch (shape.kind) {
    case "circle":
      return (x - shape.x) ** 2 + (y - shape.y) ** 2 <= shape.r ** 2;
    case "ring": {
      const d = (x - shape.x) ** 2 + (y - shape.y) ** 2;
      return d <= shape.r ** 2 && d >= shape.inner ** 2;
    }
    case "rect": {
      const dx = Math.max(shape.x + shape.r - x, 0, x - (shape.x + shape.w - shape.r));
      const dy = Math.max(shape.y + shape.r - y, 0, y - (shape.y + shape.h - shape.r));
      return dx * dx + dy * dy <= shape.r ** 2;
    }
    default: {
      let odd = false;
      const p = shape.points;
      for (let i = 0, j = p.length - 1; i < p.length; j = i++) {
        const [xi, yi] = p[i];
        const [xj, yj] = p[j];
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd;
      }
      return odd;
    }
  }
}

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A PNG of `category`'s shape in `fill` on a soft background tinted by `seed`. */
function draw(category, fill, seed) {
  const shapes = SHAPES[category] ?? [circle(0.5, 0.5, 0.3)];
  const tint = PALETTE[hash(seed) % PALETTE.length];
  const top = mix([250, 249, 246], tint, 0.12);
  const bottom = mix([250, 249, 246], tint, 0.28);
  const shadow = mix(bottom, [0, 0, 0], 0.12);
  const rows = Buffer.alloc((SIZE * 3 + 1) * SIZE);
  const hit = (x, y) => {
    for (const s of shapes) if (inside(s, x, y)) return true;
    return false;
  };
  const SAMPLES = [-0.25, 0.25];
  for (let py = 0; py < SIZE; py++) {
    const row = py * (SIZE * 3 + 1);
    for (let px = 0; px < SIZE; px++) {
      // 2×2 samples per pixel, so edges are smooth.
      let r = 0;
      let g = 0;
      let b = 0;
      for (const sy of SAMPLES) {
        const y = (py + 0.5 + sy) / SIZE;
        const light = Math.max(0, 0.18 - y * 0.2);
        for (const sx of SAMPLES) {
          const x = (px + 0.5 + sx) / SIZE;
          if (hit(x, y)) {
            r += fill[0] + (255 - fill[0]) * light;
            g += fill[1] + (255 - fill[1]) * light;
            b += fill[2] + (255 - fill[2]) * light;
          } else if (hit(x - 0.015, y - 0.02)) {
            r += shadow[0];
            g += shadow[1];
            b += shadow[2];
          } else {
            r += top[0] + (bottom[0] - top[0]) * y;
            g += top[1] + (bottom[1] - top[1]) * y;
            b += top[2] + (bottom[2] - top[2]) * y;
          }
        }
      }
      const at = row + 1 + px * 3;
      rows[at] = Math.round(r / 4);
      rows[at + 1] = Math.round(g / 4);
      rows[at + 2] = Math.round(b / 4);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Where the drawn pictures are kept (committed: drawing them all takes a while). */
export const PICTURES_DIR = fileURLToPath(new URL("demo-pictures/", import.meta.url));

/**
 * The pictures of one demo product: `{ file, alt, skus, colour }`, one per colour for a product
 * with a Colour option (each shown with its colour's variants), else one of the whole product.
 */
export function demoPictures(product) {
  const colours = product.options?.find((o) => o.name === "Colour")?.values ?? [];
  if (colours.length === 0) {
    return [{ file: `${product.slug}.png`, alt: product.title, skus: [], colour: null }];
  }
  return colours.map((colour) => ({
    file: `${product.slug}-${colour.toLowerCase()}.png`,
    alt: `${product.title} in ${colour}`,
    skus: product.variants.filter((v) => v.options?.Colour === colour).map((v) => v.sku),
    colour,
  }));
}

/** Draws one of demoPictures' pictures of `product`. */
export function drawPicture(product, picture) {
  const own = PALETTE[(hash(product.slug) >>> 3) % PALETTE.length];
  const fill = picture.colour ? (NAMED[picture.colour.toLowerCase()] ?? own) : own;
  return draw(product.category, fill, product.slug);
}

// `node scripts/demo-pictures.mjs`: draws every demo product's pictures into PICTURES_DIR again.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { demoCatalog } = await import("./demo-catalog.mjs");
  mkdirSync(PICTURES_DIR, { recursive: true });
  for (const product of demoCatalog()) {
    for (const picture of demoPictures(product)) {
      writeFileSync(join(PICTURES_DIR, picture.file), drawPicture(product, picture));
    }
  }
  console.log(`Drew the demo's pictures into ${PICTURES_DIR}.`);
}
