// The one way a script writes a generated file, or with `--check` (in .ci/run) only compares it.
import * as fs from "fs";

/**
 * Writes `text` to `file`; with `--check` among the arguments writes nothing and exits 1 when the
 * checked-in file differs, naming the command that regenerates it.
 * @param command - What regenerates the file, e.g. `npm run gen:schema`.
 */
export function writeOrCheck(file: string, text: string, command: string, argv = process.argv): void {
  if (argv.includes("--check")) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    if (current !== text) {
      console.error(`${file} is out of date: run \`${command}\` and commit it`);
      process.exit(1);
    }
  } else {
    fs.writeFileSync(file, text);
    console.log(`wrote ${file}`);
  }
}
