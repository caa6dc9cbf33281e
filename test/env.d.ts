declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
  }
}

declare module "*.md?raw" {
  const text: string;
  export default text;
}

declare module "*.mjs?raw" {
  const text: string;
  export default text;
}

declare module "*.json?raw" {
  const text: string;
  export default text;
}

declare module "*.html?raw" {
  const text: string;
  export default text;
}
