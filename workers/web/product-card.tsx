import { formatMoney } from "../../src/money";
import type { ProductSummary } from "../../src/schemas/catalog";

/** How many cards the widest grid shows in its first row: their pictures load at once. */
export const FIRST_ROW = 4;

export function ProductCard(props: { product: ProductSummary; locale: string; eager: boolean }) {
  const { product, locale } = props;
  return (
    <li class="card">
      <a href={`/products/${product.slug}`}>
        <img
          src={product.imageUrl}
          alt={product.title}
          width="400"
          height="400"
          loading={props.eager ? "eager" : "lazy"}
        />
        <div class="body">
          <h2>{product.title}</h2>
          <span class="price">{formatMoney(product.price, locale)}</span>{" "}
          {product.inStock ? (
            <span class="stock-in">In stock</span>
          ) : (
            <span class="stock-out">Out of stock</span>
          )}
        </div>
      </a>
    </li>
  );
}
