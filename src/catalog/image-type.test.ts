import { describe, expect, it } from "vitest";
import { sniffImageType } from "./image-type";

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(
    parts.flatMap((p) => (typeof p === "string" ? [...p].map((ch) => ch.charCodeAt(0)) : p)),
  );

describe("sniffImageType", () => {
  it("knows PNG, JPEG and WebP by their first bytes", () => {
    expect(sniffImageType(bytes([0x89], "PNG\r\n", [0x1a, 0x0a, 0, 0, 0, 13]))).toBe("png");
    expect(sniffImageType(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe("jpg");
    expect(sniffImageType(bytes("RIFF", [0x24, 0, 0, 0], "WEBPVP8 "))).toBe("webp");
  });

  it("refuses anything else, however it starts or however short", () => {
    for (const body of [
      bytes(),
      bytes([0x89], "PNG"),
      bytes([0xff, 0xd8]),
      bytes("RIFF", [0, 0, 0, 0], "WAVE"),
      bytes("GIF89a"),
      bytes("<svg xmlns='http://www.w3.org/2000/svg'/>"),
      bytes("%PDF-1.7"),
    ]) {
      expect(sniffImageType(body)).toBeNull();
    }
  });
});
