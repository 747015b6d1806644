// Builds kommunrag's browser code into the Python package (assistant/web/static/), so that
// `pip install` alone serves it. `node build.mjs --outdir DIR` builds elsewhere (the test that
// checks the committed build matches the source). Output is deterministic for a given source.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const flag = process.argv.indexOf("--outdir");
const out = resolve(flag > 0 ? process.argv[flag + 1] : join(here, "..", "assistant", "web", "static"));
const common = { bundle: true, minify: true, legalComments: "none", target: "es2019", logLevel: "warning" };

rmSync(out, { recursive: true, force: true });
for (const dir of ["widget", "app", "docs"]) mkdirSync(join(out, dir), { recursive: true });

await build({ ...common, entryPoints: [join(here, "src/loader.ts")], format: "iife", outfile: join(out, "widget/kommunrag.js") });
await build({ ...common, entryPoints: [join(here, "src/app/main.ts")], format: "iife", outfile: join(out, "app/app.js") });
await build({ ...common, entryPoints: [join(here, "src/app/styles.css")], outfile: join(out, "app/app.css") });

// Swagger UI for /docs, from the swagger-ui-dist package (Apache-2.0), instead of a CDN.
const swagger = join(here, "node_modules/swagger-ui-dist");
for (const name of ["swagger-ui-bundle.js", "swagger-ui.css", "LICENSE", "NOTICE"]) {
  copyFileSync(join(swagger, name), join(out, "docs", name));
}
writeFileSync(
  join(out, "docs/docs.js"),
  'window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });\n',
);

const bytes = (path) => readFileSync(join(out, path));
const short = (...paths) => {
  const h = createHash("sha256");
  for (const p of paths) h.update(bytes(p));
  return h.digest("hex").slice(0, 12);
};
const manifest = {
  app: short("app/app.js"),
  css: short("app/app.css"),
  docs: short("docs/swagger-ui-bundle.js", "docs/swagger-ui.css", "docs/docs.js"),
  loader: short("widget/kommunrag.js"),
  loader_integrity: "sha384-" + createHash("sha384").update(bytes("widget/kommunrag.js")).digest("base64"),
};
writeFileSync(join(out, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(`built ${out}: loader ${manifest.loader}, app ${manifest.app}`);
