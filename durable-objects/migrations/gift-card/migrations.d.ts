// Types for drizzle-kit's generated migrations.js (which it rewrites on every `npm run db:generate:do`).
declare const migrations: {
  journal: { entries: { idx: number; when: number; tag: string; breakpoints: boolean }[] };
  migrations: Record<string, string>;
};
export default migrations;
