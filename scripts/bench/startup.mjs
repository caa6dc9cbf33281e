/**
 * The Worker's size and startup cost, as `wrangler check startup` measures them: it builds the
 * deploy bundle and profiles its start in a local workerd. The CPU profile is written beside the
 * bench result, to open in Chrome DevTools.
 */
import { spawnSync } from "node:child_process";

const number = (text, pattern) => {
  const match = pattern.exec(text);
  return match ? Number(match[1]) : null;
};

export function measureStartup(root, outfile) {
  console.log("Profiling the Worker's startup (wrangler check startup)...");
  const run = spawnSync("npx", ["wrangler", "check", "startup", "--outfile", outfile], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, CI: "true" },
  });
  const output = `${run.stdout}\n${run.stderr}`;
  const startup = {
    bundleKiB: number(output, /Bundle: ([\d.]+) KiB/),
    gzipKiB: number(output, /gzip: ([\d.]+) KiB/),
    activeMs: number(output, /Active: ([\d.]+) ms/),
    profile: outfile,
  };
  if (run.status !== 0 || startup.gzipKiB === null) {
    throw new Error(`wrangler check startup failed:\n${output.slice(-2000)}`);
  }
  return startup;
}
