/**
 * Loads the checked-in package schema (`schema.json` at the package root), which `GetSchema` serves
 * and the SDKs under sdk/ are generated from.
 */
import * as fs from "fs";
import * as path from "path";
import { DataTrailsError } from "../client";

/**
 * The package root: the folder holding package.json and schema.json. This file runs from
 * dist/provider/plugin/, three levels below it.
 */
export const PACKAGE_ROOT = path.resolve(__dirname, "..", "..", "..");

/** Where the schema served by the plugin lives. */
export const SCHEMA_FILE = path.join(PACKAGE_ROOT, "schema.json");

/**
 * The schema's text, as served by `GetSchema`.
 *
 * @throws DataTrailsError naming the file and the fix when it is missing or not JSON.
 */
export function loadSchema(file: string = SCHEMA_FILE): string {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new DataTrailsError(
      `the datatrails plugin cannot read its schema ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)}): ` +
        "reinstall pulumi-datatrails-invites, or in a checkout run `npm run gen:schema`",
    );
  }
  try {
    JSON.parse(text);
  } catch (err) {
    throw new DataTrailsError(
      `the datatrails plugin's schema ${file} is not JSON (${(err as Error).message}): run \`npm run gen:schema\``,
    );
  }
  return text;
}
