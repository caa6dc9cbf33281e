/**
 * Catalog data for local runs: a hand-written demo store, and synthetic products in bulk for
 * benchmarks. Both are plain data in the shape POST /api/v1/admin/products accepts.
 */

import { demoPrices } from "./demo-markets.mjs";

const CURRENCY = "USD";
/** Categories taxed at the reduced rate where there is one. */
const REDUCED = new Set(["STA"]);

/** A variant before it gets its sku; `cents` is the price in minor units. */
const v = (title, cents, stock, options) => ({ title, cents, stock, options });

/** A Colour × Size variant, titled "Black / M" (its sku then ends in BLACK-M). */
const cs = (colour, size, cents, stock) =>
  v(`${colour} / ${size}`, cents, stock, { Colour: colour, Size: size });

/** Turns a variant title into a sku suffix: "Charcoal / M" becomes "CHARCOAL-M". */
const skuSuffix = (title) =>
  title
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

const DEMO_CATEGORIES = [
  {
    slug: "apparel",
    name: "Apparel",
    code: "APP",
    products: [
      {
        slug: "merino-wool-crew-sweater",
        title: "Merino Wool Crew Sweater",
        description:
          "A fine-gauge crew neck knitted from soft merino wool. Warm without bulk, breathes on milder days and resists odour, so it needs washing less often.",
        variants: [v("S", 8900, 14), v("M", 8900, 22), v("L", 8900, 18), v("XL", 8900, 2)],
      },
      {
        slug: "waterproof-rain-shell",
        title: "Waterproof Rain Shell",
        description:
          "A packable waterproof jacket with taped seams, an adjustable hood and pit zips. Folds into its own chest pocket for the commute or the trail.",
        variants: [v("S", 12900, 9), v("M", 12900, 15), v("L", 12900, 11)],
      },
      {
        slug: "organic-cotton-tee",
        title: "Organic Cotton Tee",
        description:
          "An everyday t-shirt in heavyweight organic cotton jersey with a relaxed fit and a collar that keeps its shape wash after wash.",
        // Options: Sage comes in M only, Black in S is sold out, and L costs more.
        options: [
          { name: "Colour", values: ["White", "Black", "Sage"] },
          { name: "Size", values: ["S", "M", "L"] },
        ],
        variants: [
          cs("White", "S", 2800, 30),
          cs("White", "M", 2800, 60),
          cs("White", "L", 3200, 24),
          cs("Black", "S", 2800, 0),
          cs("Black", "M", 2800, 48),
          cs("Black", "L", 3200, 20),
          cs("Sage", "M", 2800, 25),
        ],
      },
      {
        slug: "lambswool-beanie",
        title: "Lambswool Beanie",
        description:
          "A ribbed beanie in soft lambswool with a deep turn-up cuff. Warm, light and itch-free.",
        variants: [v("Charcoal", 3200, 40), v("Mustard", 3200, 3)],
      },
      {
        slug: "linen-button-shirt",
        title: "Linen Button Shirt",
        description:
          "A breezy long-sleeve shirt in washed European linen that gets softer with every wear. Mother-of-pearl buttons.",
        variants: [v("S", 7400, 10), v("M", 7400, 16), v("L", 7400, 12)],
      },
      {
        slug: "fleece-quarter-zip",
        title: "Fleece Quarter Zip",
        description:
          "A midweight recycled polyester fleece pullover with a quarter zip and zippered hand pockets. Layers under a shell on cold hikes.",
        variants: [v("M", 6500, 20), v("L", 6500, 17)],
      },
      {
        slug: "wool-blend-overshirt",
        title: "Wool Blend Overshirt",
        description:
          "A brushed wool blend overshirt cut like a shirt and worn like a light jacket. Two chest pockets with flaps.",
        variants: [v("M", 11800, 0), v("L", 11800, 0)],
      },
    ],
  },
  {
    slug: "footwear",
    name: "Footwear",
    code: "FTW",
    products: [
      {
        slug: "waterproof-hiking-boot",
        title: "Waterproof Hiking Boot",
        description:
          "A mid-height hiking boot with a waterproof breathable membrane, grippy lugged outsole and a cushioned midsole for long days on rough ground.",
        variants: [
          v("US 8", 15900, 6),
          v("US 9", 15900, 9),
          v("US 10", 15900, 7),
          v("US 11", 15900, 1),
        ],
      },
      {
        slug: "canvas-low-top-sneaker",
        title: "Canvas Low-Top Sneaker",
        description:
          "A classic low-top in sturdy cotton canvas with a vulcanised rubber sole. Goes with everything.",
        variants: [v("US 8", 5900, 25), v("US 9", 5900, 30), v("US 10", 5900, 28)],
      },
      {
        slug: "wool-felt-slippers",
        title: "Wool Felt Slippers",
        description:
          "Boiled wool felt slippers with a suede sole. Warm feet on cold floors, and they mould to your foot over time.",
        variants: [v("S", 4500, 15), v("M", 4500, 18), v("L", 4500, 12)],
      },
      {
        slug: "trail-running-shoe",
        title: "Trail Running Shoe",
        description:
          "A light trail runner with a rock plate, 4 mm drop and sticky rubber for wet roots and loose gravel.",
        variants: [v("US 9", 13500, 10), v("US 10", 13500, 12)],
      },
      {
        slug: "leather-chelsea-boot",
        title: "Leather Chelsea Boot",
        description:
          "A pull-on Chelsea boot in full-grain leather with elastic side panels and a resoleable stitched sole.",
        variants: [v("US 9", 18900, 5), v("US 10", 18900, 4)],
      },
      {
        slug: "merino-hiking-socks",
        title: "Merino Hiking Socks",
        description:
          "Cushioned crew socks knitted from merino wool with reinforced heels and toes. Pack of two pairs.",
        variants: [v("M", 2400, 80), v("L", 2400, 64)],
      },
    ],
  },
  {
    slug: "home",
    name: "Home",
    code: "HOM",
    products: [
      {
        slug: "chunky-wool-throw-blanket",
        title: "Chunky Wool Throw Blanket",
        description:
          "A hand-knitted throw in chunky New Zealand wool. Drape it over the sofa for cosy evenings.",
        variants: [v("Oatmeal", 14900, 8), v("Slate", 14900, 5)],
      },
      {
        slug: "linen-duvet-cover",
        title: "Linen Duvet Cover",
        description:
          "A stonewashed linen duvet cover with coconut shell buttons. Breathable in summer, warm in winter.",
        variants: [v("Queen", 17900, 14), v("King", 19900, 9)],
      },
      {
        slug: "soy-wax-candle",
        title: "Soy Wax Candle",
        description:
          "A hand-poured soy wax candle in an amber glass jar with a cotton wick. About 50 hours of burn time.",
        variants: [v("Cedar & Smoke", 2600, 45), v("Fig Leaf", 2600, 38), v("Sea Salt", 2600, 2)],
      },
      {
        slug: "ceramic-table-lamp",
        title: "Ceramic Table Lamp",
        description:
          "A glazed ceramic lamp base with a linen drum shade. Warm dimmable light for a bedside or reading corner.",
        variants: [v("Chalk", 11900, 7), v("Moss", 11900, 6)],
      },
      {
        slug: "woven-storage-basket",
        title: "Woven Storage Basket",
        description: "A hand-woven seagrass basket with handles, for blankets, toys or laundry.",
        variants: [v("Small", 3400, 20), v("Large", 4900, 16)],
      },
      {
        slug: "turkish-cotton-towel-set",
        title: "Turkish Cotton Towel Set",
        description:
          "Absorbent, quick-drying towels woven from long-staple Turkish cotton. Set of two bath towels and two hand towels.",
        variants: [v("White", 7800, 24), v("Stone", 7800, 19)],
      },
      {
        slug: "oak-wall-shelf",
        title: "Oak Wall Shelf",
        description:
          "A solid oak floating shelf with hidden steel brackets. Oiled finish, 60 cm long.",
        variants: [v("60 cm", 8500, 11)],
      },
    ],
  },
  {
    slug: "kitchen",
    name: "Kitchen",
    code: "KIT",
    products: [
      {
        slug: "stoneware-coffee-mug",
        title: "Stoneware Coffee Mug",
        description:
          "A hand-thrown stoneware mug holding 12 oz, with a speckled glaze and a comfortable handle. Dishwasher and microwave safe.",
        variants: [v("Speckled White", 2200, 50), v("Midnight Blue", 2200, 34)],
      },
      {
        slug: "insulated-travel-mug",
        title: "Insulated Travel Mug",
        description:
          "A double-wall stainless steel travel mug with a leakproof lid. Keeps coffee hot for six hours and fits most cup holders.",
        variants: [v("12 oz", 2900, 40), v("16 oz", 3400, 36)],
      },
      {
        slug: "cast-iron-skillet",
        title: "Cast Iron Skillet",
        description:
          "A pre-seasoned cast iron pan that goes from stovetop to oven to campfire. Will outlast you.",
        variants: [v("10 inch", 4500, 22), v("12 inch", 5900, 15)],
      },
      {
        slug: "chef-knife",
        title: "Chef's Knife",
        description:
          "An 8-inch chef's knife forged from high-carbon stainless steel with a pakkawood handle. Holds a keen edge.",
        variants: [v("8 inch", 9900, 13)],
      },
      {
        slug: "pour-over-coffee-set",
        title: "Pour-Over Coffee Set",
        description:
          "A porcelain pour-over dripper, glass carafe and 100 paper filters: everything for a clean, bright cup of coffee.",
        variants: [v("White", 4800, 18), v("Black", 4800, 3)],
      },
      {
        slug: "end-grain-cutting-board",
        title: "End Grain Cutting Board",
        description:
          "A walnut end grain cutting board that is kind to knife edges. Finished with food-safe oil.",
        variants: [v("Medium", 7900, 9), v("Large", 10900, 6)],
      },
      {
        slug: "linen-tea-towels",
        title: "Linen Tea Towels",
        description:
          "Absorbent, lint-free linen tea towels that dry glassware without streaks. Set of three.",
        variants: [v("Natural", 2400, 30), v("Striped", 2400, 26)],
      },
    ],
  },
  {
    slug: "outdoor",
    name: "Outdoor",
    code: "OUT",
    products: [
      {
        slug: "waterproof-dry-bag",
        title: "Waterproof Dry Bag",
        description:
          "A roll-top waterproof dry bag in welded ripstop. Keeps clothes and electronics dry on kayaks, boats and rainy hikes.",
        variants: [v("10 L", 2500, 35), v("20 L", 3200, 28), v("35 L", 3900, 12)],
      },
      {
        slug: "enamel-camp-mug",
        title: "Enamel Camp Mug",
        description:
          "A classic enamel steel mug for coffee at camp. Light, tough and safe on the fire.",
        variants: [v("Blue", 1600, 70), v("Forest", 1600, 55)],
      },
      {
        slug: "down-sleeping-bag",
        title: "Down Sleeping Bag",
        description:
          "A three-season mummy bag filled with responsibly sourced 650-fill down, rated to -5 °C. Packs to the size of a loaf of bread.",
        variants: [v("Regular", 27900, 6), v("Long", 29900, 3)],
      },
      {
        slug: "ultralight-backpacking-tent",
        title: "Ultralight Backpacking Tent",
        description:
          "A two-person freestanding tent weighing 1.3 kg, with a waterproof fly, two doors and two vestibules.",
        variants: [v("2 Person", 38900, 4)],
      },
      {
        slug: "trekking-poles",
        title: "Trekking Poles",
        description:
          "Collapsible aluminium trekking poles with cork grips and flick locks. Sold as a pair.",
        variants: [v("Pair", 8900, 17)],
      },
      {
        slug: "merino-wool-base-layer",
        title: "Merino Wool Base Layer",
        description:
          "A long-sleeve base layer in 200 gsm merino wool. Regulates temperature and stays fresh for days on the trail.",
        variants: [v("S", 7900, 10), v("M", 7900, 14), v("L", 7900, 9)],
      },
      {
        slug: "camp-stove",
        title: "Compact Camp Stove",
        description:
          "A tiny canister stove that boils a litre of water in about three minutes. Piezo ignition, folds into its own case.",
        variants: [v("Standard", 5400, 21)],
      },
    ],
  },
  {
    slug: "electronics-accessories",
    name: "Electronics Accessories",
    code: "ELC",
    products: [
      {
        slug: "braided-usb-c-cable",
        title: "Braided USB-C Cable",
        description:
          "A nylon braided USB-C to USB-C cable rated for 100 W charging and 10 Gbps data. Survives backpacks and pets.",
        variants: [v("1 m", 1900, 120), v("2 m", 2400, 90)],
      },
      {
        slug: "wireless-charging-pad",
        title: "Wireless Charging Pad",
        description:
          "A slim 15 W wireless charger wrapped in wool felt, with a non-slip base. Works through most cases.",
        variants: [v("Grey Felt", 3900, 27)],
      },
      {
        slug: "leather-laptop-sleeve",
        title: "Leather Laptop Sleeve",
        description:
          "A vegetable-tanned leather sleeve lined with wool felt that protects a laptop from scratches and bumps.",
        variants: [v("13 inch", 8900, 8), v("15 inch", 9900, 5)],
      },
      {
        slug: "waterproof-phone-pouch",
        title: "Waterproof Phone Pouch",
        description:
          "A waterproof pouch with a lanyard that keeps a phone dry at the beach or on the river. The touchscreen still works through it.",
        variants: [v("Clear", 1500, 64)],
      },
      {
        slug: "portable-power-bank",
        title: "Portable Power Bank",
        description:
          "A 10,000 mAh power bank with USB-C fast charging in and out. Charges most phones twice.",
        variants: [v("10000 mAh", 4900, 33), v("20000 mAh", 6900, 0)],
      },
      {
        slug: "aluminium-laptop-stand",
        title: "Aluminium Laptop Stand",
        description:
          "An adjustable aluminium stand that lifts a laptop to eye level for better posture. Folds flat for travel.",
        variants: [v("Silver", 5900, 19), v("Space Grey", 5900, 14)],
      },
      {
        slug: "cable-organizer-roll",
        title: "Cable Organizer Roll",
        description:
          "A waxed canvas roll with elastic loops and zip pockets for cables, chargers and earbuds.",
        variants: [v("Olive", 2900, 25)],
      },
    ],
  },
  {
    slug: "stationery",
    name: "Stationery",
    code: "STA",
    products: [
      {
        slug: "dot-grid-notebook",
        title: "Dot Grid Notebook",
        description:
          "A lay-flat A5 notebook with 192 pages of 100 gsm dot grid paper that takes fountain pen ink without bleeding.",
        variants: [v("Black", 2200, 75), v("Terracotta", 2200, 40), v("Ocean", 2200, 38)],
      },
      {
        slug: "waterproof-field-notebook",
        title: "Waterproof Field Notebook",
        description:
          "Write in the rain: a pocket notebook of waterproof stone paper that works with pencil or ballpoint.",
        variants: [v("3-Pack", 1800, 44)],
      },
      {
        slug: "brass-fountain-pen",
        title: "Brass Fountain Pen",
        description:
          "A solid brass fountain pen with a steel nib that develops a warm patina as you use it. Takes standard cartridges.",
        variants: [v("Fine", 6400, 12), v("Medium", 6400, 10)],
      },
      {
        slug: "linen-desk-planner",
        title: "Linen Desk Planner",
        description:
          "An undated weekly planner bound in linen cloth, with a ribbon marker and monthly overviews.",
        variants: [v("Sand", 3200, 26)],
      },
      {
        slug: "recycled-kraft-envelopes",
        title: "Recycled Kraft Envelopes",
        description:
          "A pack of 50 envelopes made from recycled kraft paper with a peel-and-seal flap.",
        variants: [v("C6", 1200, 90), v("DL", 1300, 70)],
      },
      {
        slug: "desk-organizer-tray",
        title: "Desk Organizer Tray",
        description:
          "A solid walnut tray for pens, clips and a phone. Cork-lined so nothing rattles.",
        variants: [v("Walnut", 4200, 13)],
      },
    ],
  },
];

/**
 * The hand-written demo store: 47 products in 7 categories, with a few nearly sold out, priced in
 * every demo market (stationery is taxed at the reduced rate where there is one).
 */
export function demoCatalog() {
  return DEMO_CATEGORIES.flatMap((category) =>
    category.products.map((p, i) => {
      const number = String(i + 1).padStart(3, "0");
      return {
        slug: p.slug,
        title: p.title,
        description: p.description,
        category: category.slug,
        categoryName: category.name,
        ...(p.options ? { options: p.options } : {}),
        variants: p.variants.map((variant) => ({
          sku: `${category.code}-${number}-${skuSuffix(variant.title)}`,
          title: variant.title,
          price: { amount: variant.cents, currency: CURRENCY },
          stock: variant.stock,
          prices: demoPrices(variant.cents),
          ...(variant.options ? { options: variant.options } : {}),
          ...(REDUCED.has(category.code) ? { taxClass: "reduced" } : {}),
        })),
      };
    }),
  );
}

const GENERATED_CATEGORIES = [
  { slug: "bags", name: "Bags", nouns: ["tote", "backpack", "duffel", "pouch"] },
  { slug: "bedding", name: "Bedding", nouns: ["pillow", "quilt", "sheet set", "blanket"] },
  { slug: "lighting", name: "Lighting", nouns: ["lamp", "lantern", "pendant", "sconce"] },
  { slug: "garden", name: "Garden", nouns: ["planter", "trowel", "watering can", "bench"] },
  { slug: "toys", name: "Toys", nouns: ["puzzle", "building set", "plush", "kite"] },
  { slug: "tools", name: "Tools", nouns: ["hammer", "screwdriver", "toolbox", "tape measure"] },
  { slug: "bath", name: "Bath", nouns: ["towel", "bath mat", "soap dish", "robe"] },
  { slug: "pet-supplies", name: "Pet Supplies", nouns: ["dog bed", "leash", "cat bowl", "collar"] },
  { slug: "fitness", name: "Fitness", nouns: ["yoga mat", "jump rope", "kettlebell", "bottle"] },
  { slug: "travel", name: "Travel", nouns: ["packing cube", "passport wallet", "toiletry bag"] },
];

const ADJECTIVES = [
  "classic",
  "everyday",
  "compact",
  "rugged",
  "soft",
  "lightweight",
  "modern",
  "vintage",
  "deluxe",
  "minimal",
  "heritage",
  "coastal",
];
const MATERIALS = [
  "cotton",
  "wool",
  "linen",
  "leather",
  "bamboo",
  "steel",
  "ceramic",
  "oak",
  "canvas",
  "recycled",
];
const FEATURES = [
  "built to last",
  "easy to clean",
  "machine washable",
  "gift ready",
  "water resistant",
  "made in small batches",
  "backed by a lifetime warranty",
  "designed for daily use",
];
const VARIANT_PAIRS = [
  ["Standard", "Large"],
  ["Natural", "Charcoal"],
  ["Small", "Medium"],
];

/**
 * A word that appears in about one in ten generated products (it is one of the materials), so
 * searching for it returns full pages.
 */
export const COMMON_SEARCH_WORD = MATERIALS[0];

/** mulberry32: a tiny seeded PRNG, so generated catalogs are identical on every run. */
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const article = (word) => (/^[aeiou]/.test(word) ? "An" : "A");

const capitalize = (words) => words.replace(/\b\w/g, (ch) => ch.toUpperCase());

/** `n` synthetic products `gen-000000`..., 1 or 2 variants each, the same for the same `n`. */
export function generatedCatalog(n) {
  const random = seededRandom(20_261_101);
  const pick = (list) => list[Math.floor(random() * list.length)];
  return Array.from({ length: n }, (_, i) => {
    const id = String(i).padStart(6, "0");
    const category = pick(GENERATED_CATEGORIES);
    const [adjective, material, noun] = [pick(ADJECTIVES), pick(MATERIALS), pick(category.nouns)];
    // Two different features: the second is offset from the first by 1..length-1.
    const first = Math.floor(random() * FEATURES.length);
    const second = (first + 1 + Math.floor(random() * (FEATURES.length - 1))) % FEATURES.length;
    const features = [FEATURES[first], FEATURES[second]];
    const price = 500 + Math.floor(random() * 195) * 100 - 1;
    const variantTitles = random() < 0.5 ? ["One Size"] : pick(VARIANT_PAIRS);
    return {
      slug: `gen-${id}`,
      title: capitalize(`${adjective} ${material} ${noun}`),
      description: `${article(adjective)} ${adjective} ${noun} made from ${material}, ${features.join(" and ")}.`,
      category: category.slug,
      categoryName: category.name,
      variants: variantTitles.map((title, j) => ({
        sku: `GEN-${id}-${j + 1}`,
        title,
        price: { amount: price + j * 500, currency: CURRENCY },
        stock: Math.floor(random() * 200),
      })),
    };
  });
}
