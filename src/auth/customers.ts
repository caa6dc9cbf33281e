import { eq } from "drizzle-orm";
import { type Db, uniqueViolation } from "../db/client";
import { customers } from "../db/schema";
import { AppError } from "../errors";
import { newId } from "../ids";
import { decoyHash, hashPassword, verifyPassword } from "./password";

export interface Customer {
  id: string;
  email: string;
  name: string | null;
}

export const emailKey = (email: string) => email.trim().toLowerCase();

export async function registerCustomer(
  db: Db,
  input: { email: string; password: string; name?: string | undefined },
): Promise<Customer> {
  const customer = { id: newId("cus"), email: input.email.trim(), name: input.name ?? null };
  try {
    await db.insert(customers).values({
      ...customer,
      emailKey: emailKey(input.email),
      passwordHash: await hashPassword(input.password),
    });
  } catch (err) {
    if (uniqueViolation(err)) throw new AppError("conflict", "An account with this email exists.");
    throw err;
  }
  return customer;
}

/** The customer whose email and password these are, or null; both failures take the same time. */
export async function authenticateCustomer(
  db: Db,
  email: string,
  password: string,
): Promise<Customer | null> {
  const row = await db.query.customers.findFirst({
    where: eq(customers.emailKey, emailKey(email)),
  });
  const valid = await verifyPassword(password, row?.passwordHash ?? (await decoyHash()));
  return row && valid ? { id: row.id, email: row.email, name: row.name } : null;
}

export async function findCustomer(db: Db, id: string): Promise<Customer | null> {
  const row = await db.query.customers.findFirst({
    columns: { id: true, email: true, name: true },
    where: eq(customers.id, id),
  });
  return row ?? null;
}
