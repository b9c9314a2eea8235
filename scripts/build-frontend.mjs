// Builds the portal's stylesheet and copies GOV.UK Frontend's script and the assets the
// stylesheet refers to into static/build/. The build output is not committed: `make` runs
// this after `npm ci`.
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "static", "build");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
// Must agree with $govuk-assets-path in static/scss/app.scss.
const assetsUrl = "/static/build/assets/";
mkdirSync(out, { recursive: true });

const result = sass.compile(join(root, "static", "scss", "app.scss"), {
  style: "compressed",
  importers: [new sass.NodePackageImporter()],
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "app.css"), result.css);
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));

// GOV.UK Frontend's images (the stylesheet refers to the crest; the favicons and icons are
// there for templates). Fonts are left out: app.scss turns the GDS font face off.
const assets = join(out, "assets");
rmSync(assets, { recursive: true, force: true });
cpSync(join(govuk, "assets"), assets, {
  recursive: true,
  filter: (source) => !source.startsWith(join(govuk, "assets", "fonts")),
});

// Production's collectstatic (CompressedManifestStaticFilesStorage) stops on a url() that
// names a missing file; stop here instead, with the file's name.
const missing = [...result.css.matchAll(/url\(["']?([^"')]+)["']?\)/g)]
  .map((match) => match[1])
  .filter((url) => url.startsWith(assetsUrl))
  .filter((url) => !existsSync(join(assets, url.slice(assetsUrl.length).split(/[?#]/)[0])));
if (missing.length) {
  console.error(`static/build/app.css refers to files the build did not copy: ${[...new Set(missing)].join(", ")}`);
  process.exit(1);
}
console.log(`static/build: app.css (${result.css.length} bytes), govuk-frontend.min.js, assets/`);
