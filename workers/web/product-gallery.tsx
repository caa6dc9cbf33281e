// A product's pictures on its page: the chosen variant's first picture, large and loaded at once
// with its size reserved, then the others as a row of small ones. Where Cloudflare resizes images
// (IMAGE_RESIZING = "cloudflare"), each comes in the widths its slot needs, as WebP or AVIF where
// the browser takes them; elsewhere (locally) the uploaded file itself.
import type { Product } from "../../src/schemas/catalog";

type Picture = Product["images"][number] | Product["variants"][number]["images"][number];

/** The widths offered in a picture's `srcset` (never wider than the file). */
const WIDTHS = [160, 320, 480, 640, 960, 1280];

/** A product picture's `src`, `srcset` and `sizes` for a slot `sizes` wide. */
export function pictureSources(env: Env, picture: Picture, sizes: string) {
  const resizing: string = env.IMAGE_RESIZING ?? "";
  if (resizing !== "cloudflare") return { src: picture.url };
  const widths = WIDTHS.filter((w) => w < picture.width);
  const resized = (w: number) =>
    `/cdn-cgi/image/width=${w},format=auto,fit=scale-down${picture.url}`;
  return {
    src: resized(Math.min(picture.width, 640)),
    srcset: [
      ...widths.map((w) => `${resized(w)} ${w}w`),
      `${resized(picture.width)} ${picture.width}w`,
    ].join(", "),
    sizes,
  };
}

/** The pictures of the chosen variant (or of the product), the first of them large. */
export function Gallery(props: {
  env: Env;
  product: Product;
  variant: Product["variants"][number] | undefined;
}) {
  const { env, product } = props;
  const pictures = props.variant?.images.length ? props.variant.images : product.images;
  const [main, ...others] = pictures;
  return (
    <div class="gallery">
      {main ? (
        <img
          {...pictureSources(env, main, "(max-width: 640px) 100vw, 50vw")}
          alt={main.alt}
          width={main.width}
          height={main.height}
          fetchpriority="high"
          data-main-picture
        />
      ) : (
        <img
          src={product.imageUrl}
          alt={product.title}
          width="400"
          height="400"
          fetchpriority="high"
          data-main-picture
        />
      )}
      {others.length > 0 ? (
        <ul class="thumbs" aria-label="More pictures">
          {others.map((p) => (
            <li>
              <a href={p.url}>
                <img
                  {...pictureSources(env, p, "96px")}
                  alt={p.alt}
                  width={p.width}
                  height={p.height}
                  loading="lazy"
                />
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** What the page's script needs to show a variant's first picture when it is chosen. */
export function mainPictureOf(env: Env, product: Product, variant: Product["variants"][number]) {
  const main = variant.images[0] ?? product.images[0];
  if (!main) return null;
  return {
    ...pictureSources(env, main, "(max-width: 640px) 100vw, 50vw"),
    alt: main.alt,
    width: main.width,
    height: main.height,
  };
}
