/** What a merchant or a staff member does to get into the back office, in the words the page shows. */
import { inject } from "vitest";

/** The shop's owner signs in with the bootstrap ADMIN_TOKEN (behind "Sign in with the admin token"). */
export async function signInAsOwner(page) {
  await page.goto("/admin");
  await page.getByText("Sign in with the admin token").click();
  await page.getByLabel("Admin token").fill(inject("adminToken"));
  await page.getByRole("button", { name: "Sign in with the token" }).click();
  await page.getByRole("navigation", { name: "Back office" }).waitFor({ state: "attached" });
}

/** A staff member signs in with their email and password. */
export async function signInAsStaff(page, email, password) {
  await page.goto("/admin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("navigation", { name: "Back office" }).waitFor({ state: "attached" });
}
