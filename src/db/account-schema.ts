import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { customers } from "./schema";

/** Failed sign-ins per email and client address (or dashboard and address), in a fixed window. */
export const authFailures = sqliteTable("auth_failures", {
  key: text("key").primaryKey(),
  windowStart: integer("window_start").notNull(),
  failures: integer("failures").notNull(),
});

/** Sessions (the dashboard's, shoppers') ended by a logout; kept until their token would have expired. */
export const revokedSessions = sqliteTable("revoked_sessions", {
  sid: text("sid").primaryKey(),
  expiresAt: integer("expires_at").notNull(),
});

/**
 * A customer's request to set a new password: the link's token is an HMAC of the row's id (so
 * the email can be rendered again for every attempt without keeping the token anywhere), and
 * only its SHA-256 is stored. Used once (`used_at`), and only until `expires_at`.
 */
export const passwordResets = sqliteTable(
  "password_resets",
  {
    id: text("id").primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id),
    /** The shop's address the request came to, for the link in the email. */
    origin: text("origin").notNull(),
    expiresAt: text("expires_at").notNull(),
    usedAt: text("used_at"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("password_resets_customer").on(t.customerId, t.createdAt)],
);

/**
 * A link that verifies an address: the customer's own at registration, or a new one they asked
 * to change to (which becomes theirs only when verified). Its token is an HMAC of the id, as a
 * reset's; only its SHA-256 is stored; used once, for a day.
 */
export const emailVerifications = sqliteTable(
  "email_verifications",
  {
    id: text("id").primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id),
    email: text("email").notNull(),
    origin: text("origin").notNull(),
    expiresAt: text("expires_at").notNull(),
    usedAt: text("used_at"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("email_verifications_customer").on(t.customerId, t.createdAt)],
);

/**
 * Every request for a reset, known email or not, by the email's key: the limit per email counts
 * them, and writing one for every request keeps an unknown email's answer as slow as a known one.
 */
export const passwordResetRequests = sqliteTable(
  "password_reset_requests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    emailKey: text("email_key").notNull(),
    at: text("at").notNull(),
  },
  (t) => [index("password_reset_requests_email").on(t.emailKey, t.at)],
);

/** What a member of staff or an integration may do in the back office and the admin API. */
export const STAFF_ROLES = ["owner", "manager", "support", "fulfillment"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * Keys of integrations for the admin API, each with a role: shown once when made, stored as the
 * SHA-256 of the key, revocable one by one, with when each was last used.
 */
export const apiKeys = sqliteTable("api_keys", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  role: text("role", { enum: STAFF_ROLES }).notNull(),
  keyHash: text("key_hash").notNull().unique(),
  /** The key's first characters, to tell keys apart in a list. */
  prefix: text("prefix").notNull(),
  createdAt: text("created_at").notNull(),
  lastUsedAt: text("last_used_at"),
  revokedAt: text("revoked_at"),
});

/**
 * One entry per admin change: who (the bootstrap ADMIN_TOKEN, an API key, the dashboard's
 * session), what, on what, the request's body as the change, and the request's id. Never updated.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: text("at").notNull(),
    actorKind: text("actor_kind").notNull(),
    actorId: text("actor_id").notNull(),
    actorName: text("actor_name").notNull(),
    action: text("action").notNull(),
    target: text("target").notNull(),
    changes: text("changes"),
    requestId: text("request_id"),
  },
  (t) => [index("audit_log_at").on(t.at), index("audit_log_target").on(t.target, t.id)],
);

/**
 * A customer's saved addresses, at most `MAX_ADDRESSES` each. `last_used_at` is set by a
 * checkout that shipped to it, so the next checkout starts from the last one used.
 */
export const customerAddresses = sqliteTable(
  "customer_addresses",
  {
    id: text("id").primaryKey(),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id),
    name: text("name").notNull(),
    line1: text("line1").notNull(),
    line2: text("line2"),
    city: text("city").notNull(),
    region: text("region"),
    postalCode: text("postal_code").notNull(),
    country: text("country").notNull(),
    lastUsedAt: text("last_used_at"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("customer_addresses_customer").on(t.customerId, t.lastUsedAt)],
);

/**
 * Members of staff, who sign in to the back office with their email and password (and a TOTP
 * code once they set one up). Invited first (no password until they accept); `removed_at` ends
 * the membership, and raising `session_version` ends every session of theirs. One live member
 * per email; a removed one may be invited again.
 */
export const staff = sqliteTable(
  "staff",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    emailKey: text("email_key").notNull(),
    name: text("name"),
    role: text("role", { enum: STAFF_ROLES }).notNull(),
    passwordHash: text("password_hash"),
    /** The TOTP secret (base32) once two-factor sign-in is set up. */
    totpSecret: text("totp_secret"),
    /** The last TOTP time step accepted: a code works once. */
    totpLastStep: integer("totp_last_step"),
    sessionVersion: integer("session_version").notNull().default(0),
    invitedBy: text("invited_by").notNull(),
    createdAt: text("created_at").notNull(),
    joinedAt: text("joined_at"),
    lastSignInAt: text("last_sign_in_at"),
    removedAt: text("removed_at"),
  },
  (t) => [uniqueIndex("staff_live_email").on(t.emailKey).where(sql`removed_at IS NULL`)],
);

/**
 * An invitation to the back office (or a new one, for a member who lost their password): its
 * link's token is an HMAC of the id, as a password reset's; only its SHA-256 is stored; used
 * once, for a week; a newer invitation ends the older ones.
 */
export const staffInvites = sqliteTable(
  "staff_invites",
  {
    id: text("id").primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    staffId: text("staff_id")
      .notNull()
      .references(() => staff.id),
    origin: text("origin").notNull(),
    expiresAt: text("expires_at").notNull(),
    usedAt: text("used_at"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("staff_invites_staff").on(t.staffId, t.createdAt)],
);
