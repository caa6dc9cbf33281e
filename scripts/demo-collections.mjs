/** The demo store's tags and collections (loaded by scripts/load-catalog.mjs after its products). */

/** Products tagged `gift`, which the "Gifts under $50" rule matches. */
export const DEMO_GIFTS = [
  "soy-wax-candle",
  "stoneware-coffee-mug",
  "lambswool-beanie",
  "brass-fountain-pen",
  "merino-hiking-socks",
  "linen-tea-towels",
  "dot-grid-notebook",
  "enamel-camp-mug",
  "chunky-wool-throw-blanket",
];

/** Three collections on the home page, the first its hero. */
export const DEMO_COLLECTIONS = [
  {
    slug: "gifts-under-50",
    kind: "rule",
    title: "Gifts under $50",
    description: "Small things that last, wrapped in nothing but good taste: all under fifty.",
    rule: { tag: "gift", maxPrice: 5000, inStock: true },
    sort: "price_asc",
    featured: 0,
  },
  {
    slug: "staff-picks",
    kind: "manual",
    title: "Staff picks",
    description: "What the team wears, carries and cooks with.",
    products: [
      "organic-cotton-tee",
      "cast-iron-skillet",
      "waterproof-rain-shell",
      "pour-over-coffee-set",
      "leather-laptop-sleeve",
      "trekking-poles",
    ],
    featured: 1,
  },
  {
    slug: "new-in",
    kind: "rule",
    title: "New in",
    description: "The latest arrivals.",
    rule: {},
    sort: "newest",
    featured: 2,
  },
];
