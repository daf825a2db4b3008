// Writes schema.json (the package schema the plugin serves and the SDKs are generated from) from the
// TypeScript tables it derives from: `npm run gen:schema`. With `--check`, writes nothing and exits 1
// when the checked-in file differs (the schema test does the same comparison).
import * as path from "path";
import { publishedSchema, readPackageInfo } from "../provider/plugin";
import { writeOrCheck } from "../tools/generated-file";
import { REPO_ROOT } from "../tools/repo-root";

/**
 * schema.json's exact text for the current sources: the tables' schema at package.json's version,
 * with the download location derived from package.json's repository.
 */
export function schemaText(): string {
  return `${JSON.stringify(publishedSchema(readPackageInfo(REPO_ROOT)), null, 2)}\n`;
}

if (require.main === module) {
  writeOrCheck(path.join(REPO_ROOT, "schema.json"), schemaText(), "npm run gen:schema");
}
