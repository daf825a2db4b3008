// Writes schema.json (the package schema the plugin serves and the SDKs are generated from) from the
// TypeScript tables it derives from: `npm run gen:schema`. With `--check`, writes nothing and exits 1
// when the checked-in file differs (the schema test does the same comparison).
import * as fs from "fs";
import * as path from "path";
import { publishedSchema, readPackageInfo } from "../provider/plugin";
import { REPO_ROOT } from "../tools/repo-root";

/**
 * schema.json's exact text for the current sources: the tables' schema at package.json's version,
 * with the download location derived from package.json's repository.
 */
export function schemaText(): string {
  return `${JSON.stringify(publishedSchema(readPackageInfo(REPO_ROOT)), null, 2)}\n`;
}

if (require.main === module) {
  const file = path.join(REPO_ROOT, "schema.json");
  const text = schemaText();
  if (process.argv.includes("--check")) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    if (current !== text) {
      console.error(`${file} is out of date: run \`npm run gen:schema\` and commit it`);
      process.exit(1);
    }
  } else {
    fs.writeFileSync(file, text);
    console.log(`wrote ${file}`);
  }
}
