// The one place that knows where the repository is. Every compiled file (dist/test, dist/bench,
// dist/scripts, dist/tools) finds the repository root through REPO_ROOT instead of counting `..`
// from its own __dirname, so moving a file cannot silently point it somewhere else.
import * as path from "path";

/**
 * The repository root: the folder holding package.json. This file is compiled to dist/tools/, two
 * levels below it.
 */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");
