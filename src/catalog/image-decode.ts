import { type ImageExtension, sniffImageType } from "./image-type";

/** A picture read far enough to know it is whole: its format and its size in pixels. */
export interface DecodedImage {
  ext: ImageExtension;
  width: number;
  height: number;
}

/** Larger than any picture a shop shows (and than WebP allows): such dimensions are a broken file. */
const MAX_SIDE = 16_383;

const u16be = (b: Uint8Array, at: number) => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
const u32be = (b: Uint8Array, at: number) => u16be(b, at) * 0x10000 + u16be(b, at + 2);
const u16le = (b: Uint8Array, at: number) => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u24le = (b: Uint8Array, at: number) => u16le(b, at) + (b[at + 2] ?? 0) * 0x10000;
const u32le = (b: Uint8Array, at: number) => u16le(b, at) + u16le(b, at + 2) * 0x10000;
const tag = (b: Uint8Array, at: number) => String.fromCharCode(...b.subarray(at, at + 4));

let crcTable: Uint32Array | undefined;

/** CRC-32 (ISO 3309, as PNG's chunks carry it) of `bytes`. */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (crcTable[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Every chunk whole with its CRC, IHDR first, some IDAT, and IEND last, at the very end. */
function png(b: Uint8Array): Omit<DecodedImage, "ext"> | null {
  let at = 8;
  let size: { width: number; height: number } | null = null;
  let data = false;
  while (at + 12 <= b.length) {
    const length = u32be(b, at);
    const type = tag(b, at + 4);
    const end = at + 12 + length;
    if (length > 0x7fffffff || end > b.length) return null;
    if (crc32(b.subarray(at + 4, at + 8 + length)) !== u32be(b, at + 8 + length)) return null;
    if (at === 8) {
      if (type !== "IHDR" || length !== 13) return null;
      size = { width: u32be(b, at + 8), height: u32be(b, at + 12) };
    }
    if (type === "IDAT") data = true;
    if (type === "IEND") return end === b.length && data ? size : null;
    at = end;
  }
  return null;
}

/** SOI, segments to a frame header (its size) and a scan, entropy-coded data, then EOI at the end. */
function jpeg(b: Uint8Array): Omit<DecodedImage, "ext"> | null {
  if (b.length < 4 || b[b.length - 2] !== 0xff || b[b.length - 1] !== 0xd9) return null;
  let at = 2;
  let size: { width: number; height: number } | null = null;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return null;
    const marker = b[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    const length = u16be(b, at + 2);
    if (length < 2 || at + 2 + length > b.length) return null;
    // SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC): the frame's height and width.
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      if (length < 8) return null;
      size = { height: u16be(b, at + 5), width: u16be(b, at + 7) };
    }
    // Start of scan: what follows is image data up to the EOI checked above.
    if (marker === 0xda) return size && at + 2 + length < b.length - 2 ? size : null;
    at += 2 + length;
  }
  return null;
}

/** A RIFF container of exactly its stated size whose first chunk (VP8, VP8L, VP8X) gives the size. */
function webp(b: Uint8Array): Omit<DecodedImage, "ext"> | null {
  if (b.length < 30 || u32le(b, 4) + 8 !== b.length) return null;
  for (let at = 12; at < b.length; ) {
    const chunk = u32le(b, at + 4);
    if (at + 8 + chunk > b.length) return null;
    at += 8 + chunk + (chunk % 2);
  }
  const first = tag(b, 12);
  const chunkSize = u32le(b, 16);
  if (first === "VP8X" && chunkSize >= 10) {
    return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  }
  if (first === "VP8L" && chunkSize >= 5 && b[20] === 0x2f) {
    const bits = u32le(b, 21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (first === "VP8 " && chunkSize >= 10 && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a) {
    return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  }
  return null;
}

/**
 * What a picture is and how large, read from its bytes (never from its name or the type a client
 * claims), or null unless it is a whole PNG, JPEG or WebP file: the structure of every part is
 * checked (PNG's chunks and their checksums, JPEG's segments to the scan and its end marker, the
 * RIFF container's size and chunks), not only the first bytes. Pixels are not decoded.
 */
export function decodeImage(bytes: Uint8Array): DecodedImage | null {
  const ext = sniffImageType(bytes);
  if (!ext) return null;
  const size = ext === "png" ? png(bytes) : ext === "jpg" ? jpeg(bytes) : webp(bytes);
  if (!size) return null;
  const { width, height } = size;
  const fits = (n: number) => Number.isInteger(n) && n > 0 && n <= MAX_SIDE;
  return fits(width) && fits(height) ? { ext, width, height } : null;
}
