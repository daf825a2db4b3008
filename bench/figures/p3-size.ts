/**
 * P3: bytes of the serialized provider (`__provider`) stored with every resource: from this checkout,
 * and from the package installed out of `npm pack` in a folder outside the repository (../lib/pack.ts).
 */
import * as fs from "fs";
import * as os from "os";
import { providerSource, startHost } from "../../tools/host";
import { providerConfig, email, type BenchContext } from "../lib/context";
import {
  EXPECTED_REQUIRE,
  installedApp,
  installedProviderSource,
  packedTarball,
  PULUMI_SDK_FOR_INSTALL,
} from "../lib/pack";
import { atMost, info, notMeasured, type FigureResult, type Row } from "../lib/report";

const LIMIT_BYTES = 1024;

/** Runs P3. */
export async function p3(ctx: BenchContext): Promise<FigureResult> {
  const repoText = await providerSource();
  const repoBytes = Buffer.byteLength(repoText, "utf8");
  const notes: string[] = [];
  const rows: Row[] = [
    info(
      "P3",
      "serialized provider per resource, from this checkout (`providerSource()`)",
      repoBytes,
      `${repoBytes} B`,
    ),
  ];
  const details: Record<string, unknown> = { repoBytes, repoText };
  let app: string;
  let installedText: string;
  try {
    app = await installedApp(ctx.log);
    installedText = await installedProviderSource();
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
  details.tarballBytes = fs.statSync(await packedTarball()).size;
  details.installDir = app;
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
}
