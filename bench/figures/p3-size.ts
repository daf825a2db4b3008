/**
 * P3: bytes of the serialized provider (`__provider`) stored with every resource: from this checkout,
 * and from the package installed out of `npm pack` in a folder outside the repository.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { providerSource, startHost } from "../../tools/host";
import { providerConfig, email, type BenchContext } from "../lib/context";
import { packedTarball, SERIALIZE_SCRIPT } from "../lib/pack";
import { atMost, info, notMeasured, type FigureResult, type Row } from "../lib/report";

const run = promisify(execFile);

/** The Pulumi SDK installed next to the packed package (the version this repository builds against). */
export const PULUMI_SDK_FOR_INSTALL = "@pulumi/pulumi@3.270.0";
/** What the installed provider must capture instead of code. */
export const EXPECTED_REQUIRE = 'require("pulumi-datatrails-invites/dynamic-provider")';
const LIMIT_BYTES = 1024;

/** Installs the packed repository (see ../lib/pack.ts) with npm, as a user would, in a temp folder. */
async function installPacked(
  dir: string,
  log: (m: string) => void,
): Promise<{ tarball: string; app: string }> {
  const tarball = await packedTarball();
  const app = path.join(dir, "app");
  fs.mkdirSync(app);
  fs.writeFileSync(
    path.join(app, "package.json"),
    JSON.stringify({ name: "p3-installed", version: "0.0.0", private: true }, null, 2),
  );
  log(`P3: npm install ${path.basename(tarball)} ${PULUMI_SDK_FOR_INSTALL} in ${app}`);
  await run(
    "npm",
    ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball, PULUMI_SDK_FOR_INSTALL],
    {
      cwd: app,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return { tarball, app };
}

/** Runs P3. */
export async function p3(ctx: BenchContext): Promise<FigureResult> {
  const repoText = await providerSource();
  const repoBytes = Buffer.byteLength(repoText, "utf8");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-p3-"));
  const notes: string[] = [];
  const rows: Row[] = [
    info(
      "P3",
      "serialized provider per resource, from this checkout (`providerSource()`)",
      repoBytes,
      `${repoBytes} B`,
    ),
  ];
  const details: Record<string, unknown> = { repoBytes, repoText, tempDir: dir };
  try {
    let installed: { tarball: string; app: string };
    try {
      installed = await installPacked(dir, ctx.log);
    } catch (err) {
      const why = `npm pack / npm install failed: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`;
      rows.push(
        notMeasured(
          "P3",
          "serialized provider per resource, installed from `npm pack`",
          `≤ ${LIMIT_BYTES} B`,
          why,
        ),
      );
      return { id: "P3", rows, details, notes };
    }
    const { tarball, app } = installed;
    details.tarballBytes = fs.statSync(tarball).size;
    fs.writeFileSync(path.join(app, "serialize.js"), SERIALIZE_SCRIPT);
    const out = await run(process.execPath, ["serialize.js"], { cwd: app, maxBuffer: 64 * 1024 * 1024 });
    const installedText = (JSON.parse(out.stdout) as { text: string }).text;
    const installedBytes = Buffer.byteLength(installedText, "utf8");
    const requiresBySubpath = installedText.includes(EXPECTED_REQUIRE);
    details.installedBytes = installedBytes;
    details.installedText = installedText;
    details.requiresBySubpath = requiresBySubpath;
    rows.push(
      atMost(
        "P3",
        "serialized provider per resource, installed from `npm pack`",
        installedBytes,
        " B",
        LIMIT_BYTES,
        0,
      ),
    );

    // The text must not only be small but work: load it in the real host from the install folder
    // and create, read and delete one invite.
    let works = false;
    let why = "";
    const host = await startHost({ cwd: app, provider: installedText });
    try {
      await host.configure(providerConfig(ctx.emu), ["datatrails:clientSecret"]);
      const checked = await host.check({}, { email: email(ctx, "p3-installed", 0) });
      const created = await host.create(checked.inputs);
      const read = await host.read(created.id, created.properties);
      await host.delete(created.id, created.properties);
      works = read.id === created.id;
    } catch (err) {
      why = err instanceof Error ? err.message : String(err);
    } finally {
      await host.stop();
    }
    details.installedWorksThroughHost = works;
    rows.push({
      id: "P3",
      figure: "installed text captures the handlers by package subpath and works in the host",
      value: requiresBySubpath && works ? 1 : 0,
      measured: `${requiresBySubpath ? "captures" : "does not capture"} \`${EXPECTED_REQUIRE}\`; create/read/delete through the host ${works ? "work" : `fail: ${why}`}`,
      target: `\`${EXPECTED_REQUIRE}\`, works`,
      met: requiresBySubpath && works,
    });
    notes.push(
      `installed: \`npm pack\` of this checkout (${details.tarballBytes as number} B tarball) installed with ${PULUMI_SDK_FOR_INSTALL} in a folder under ${os.tmpdir()}, ` +
        `then \`serializeFunction(() => inviteProvider, { allowSecrets: true })\` run there; text in results JSON.`,
    );
    return { id: "P3", rows, details, notes };
  } finally {
    if (!process.env.BENCH_KEEP_TMP) fs.rmSync(dir, { recursive: true, force: true });
  }
}
