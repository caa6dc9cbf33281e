import { describe, expect, it } from "vitest";
import { concat, imageBytes, pngOfSize } from "../../test/image-fixtures";
import { decodeImage } from "./image-decode";

const text = (s: string) => new TextEncoder().encode(s);
describe("decodeImage", () => {
  it("reads the format and size of whole pictures", async () => {
    expect(decodeImage(imageBytes("png"))).toEqual({ ext: "png", width: 2, height: 2 });
    expect(decodeImage(imageBytes("jpg"))).toEqual({ ext: "jpg", width: 2, height: 2 });
    expect(decodeImage(imageBytes("webp"))).toEqual({ ext: "webp", width: 2, height: 2 });
    expect(decodeImage(await pngOfSize(640, 480))).toEqual({ ext: "png", width: 640, height: 480 });
  });

  it("refuses a picture's first bytes followed by anything else", () => {
    const png = imageBytes("png");
    const jpg = imageBytes("jpg");
    const webp = imageBytes("webp");
    const cases: [string, Uint8Array][] = [
      ["a PNG signature, then HTML", concat(png.subarray(0, 8), text("<html><script>x</script>"))],
      ["a 3-byte JPEG start", jpg.subarray(0, 3)],
      ["a PNG cut short", png.subarray(0, png.length - 5)],
      ["a PNG with HTML after its end", concat(png, text("<html>"))],
      ["a JPEG without its end", jpg.subarray(0, jpg.length - 2)],
      [
        "a JPEG's header, then its end marker",
        concat(jpg.subarray(0, 20), Uint8Array.of(0xff, 0xd9)),
      ],
      ["a WebP cut short", webp.subarray(0, webp.length - 4)],
      ["a WebP with bytes after it", concat(webp, text("xx"))],
      ["RIFF WEBP and nothing", concat(text("RIFF"), Uint8Array.of(4, 0, 0, 0), text("WEBP"))],
    ];
    for (const [what, bytes] of cases) expect(decodeImage(bytes), what).toBeNull();
  });

  it("refuses a PNG whose chunk does not match its checksum", () => {
    const png = imageBytes("png").slice();
    png[20] = (png[20] ?? 0) ^ 1; // inside IHDR: the width
    expect(decodeImage(png)).toBeNull();
  });
});
