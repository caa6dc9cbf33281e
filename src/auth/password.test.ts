import { describe, expect, it } from "vitest";
import { hashPassword, PBKDF2_ITERATIONS, verifyPassword } from "./password";

describe("password hashing", () => {
  it("verifies the right password and rejects a wrong one", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(stored).toMatch(new RegExp(`^pbkdf2-sha256\\$${PBKDF2_ITERATIONS}\\$`));
    expect(await verifyPassword("correct horse battery", stored)).toBe(true);
    expect(await verifyPassword("correct horse batterY", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("salts every hash", async () => {
    const [a, b] = await Promise.all([
      hashPassword("same password"),
      hashPassword("same password"),
    ]);
    expect(a).not.toBe(b);
  });

  it("keeps verifying hashes made with another work factor", async () => {
    const stored = await hashPassword("older password", 1_000);
    expect(await verifyPassword("older password", stored)).toBe(true);
  });

  it("never matches a malformed stored hash", async () => {
    for (const stored of [
      "",
      "plain",
      "md5$1$a$b",
      "pbkdf2-sha256$x$AAAA$AAAA",
      "pbkdf2-sha256$1000$AAAA$",
    ]) {
      expect(await verifyPassword("anything", stored)).toBe(false);
    }
  });
});
