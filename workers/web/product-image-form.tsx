import { IMAGE_TYPES } from "../../src/catalog/image-type";

/** The dashboard's form for a product's picture: multipart, posted to this site like every form. */
export function ProductImageForm() {
  return (
    <section aria-labelledby="images">
      <h2 id="images">Product pictures</h2>
      <p class="muted">
        A PNG, JPEG or WebP file of up to 5 MiB replaces the product's picture in the shop.
      </p>
      <form method="post" action="/admin/product-image" enctype="multipart/form-data">
        <div class="field">
          <label for="image-slug">Product slug</label>
          <small id="image-slug-hint" class="muted">
            As in the product's address: /products/<em>slug</em>
          </small>
          <input
            id="image-slug"
            name="slug"
            type="text"
            required
            pattern="[a-z0-9]+(-[a-z0-9]+)*"
            aria-describedby="image-slug-hint"
          />
        </div>
        <div class="field">
          <label for="image-file">Picture</label>
          <input
            id="image-file"
            name="image"
            type="file"
            required
            accept={Object.values(IMAGE_TYPES).join(",")}
          />
        </div>
        <button type="submit">Upload picture</button>
      </form>
    </section>
  );
}
