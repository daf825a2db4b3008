/**
 * The baselines the figures subtract, installed as packages beside this one in the bench's installed
 * folder (./pack.ts), so their resources record a one-line `require` exactly as this provider's do and
 * both sides carry state and RPCs of the same shape:
 * - `noop`: a dynamic provider that does nothing (create returns an id at once): the floor of Pulumi's
 *   engine, language host and dynamic-provider host (P1, P2, P5, P7).
 * - `direct`: a dynamic provider whose create, read and delete each send exactly the one API call the
 *   bare client sends for them, and nothing else, and whose resources have an Invite's inputs and
 *   outputs (same names, filled from the service's answer): the floor of an Invite made through this
 *   engine, SDK and host with one request from the host's process. Ours − direct is what this
 *   provider's own code adds to an op (P1) or a deployment (P7).
 */
import * as fs from "fs";
import * as path from "path";
import { installedApp, PACKAGE_NAME, serializedIn } from "./pack";

/** A baseline provider. */
export type Baseline = "noop" | "direct";

/** Package name of each baseline, as a program requires it. */
export const BASELINE_PACKAGES: Record<Baseline, string> = {
  noop: "bench-noop-provider",
  direct: "bench-direct-provider",
};

/** Environment variables the `direct` provider reads its URL and credentials from. */
export const DIRECT_ENV = {
  url: "BENCH_DIRECT_URL",
  clientId: "BENCH_DIRECT_CLIENT_ID",
  clientSecret: "BENCH_DIRECT_CLIENT_SECRET",
} as const;

// Each module is itself the provider, so the serializer records it as one require (as it does ours).
const SOURCES: Record<Baseline, string> = {
  noop: `"use strict";
module.exports = {
  async create(inputs) { return { id: String(inputs.email), outs: inputs }; },
  async delete() { return; },
};
`,
  direct: `"use strict";
const { DataTrailsClient } = require(${JSON.stringify(PACKAGE_NAME)});
let client;
function api() {
  client ??= new DataTrailsClient({
    url: process.env.${DIRECT_ENV.url},
    clientId: process.env.${DIRECT_ENV.clientId},
    clientSecret: process.env.${DIRECT_ENV.clientSecret},
  });
  return client;
}
module.exports = {
  async create(inputs) {
    const invite = await api().createInvite({ email: inputs.email }, { knownIdentities: [] });
    return {
      id: invite.identity,
      outs: {
        adopt: false,
        adopted: false,
        declaredEmail: inputs.email,
        declaredMessage: "",
        email: invite.email,
        expiryTime: invite.expiryTime,
        identity: invite.identity,
        memberIdentity: null,
        message: invite.message,
        renewExpired: true,
        status: "pending",
      },
    };
  },
  async read(id, props) {
    await api().getInvite(id);
    return { id, props };
  },
  async delete(id) {
    await api().deleteInvite(id);
  },
};
`,
};

let placed: Promise<string> | undefined;

/** The installed folder with both baseline packages placed in its node_modules. */
export function benchApp(): Promise<string> {
  placed ??= (async () => {
    const app = await installedApp();
    for (const baseline of Object.keys(SOURCES) as Baseline[]) {
      const dir = path.join(app, "node_modules", BASELINE_PACKAGES[baseline]);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(
        path.join(dir, "package.json"),
        JSON.stringify({ name: BASELINE_PACKAGES[baseline], version: "0.0.0", main: "index.js" }),
      );
      fs.writeFileSync(path.join(dir, "index.js"), SOURCES[baseline]);
    }
    return app;
  })();
  return placed;
}

const texts = new Map<Baseline, Promise<string>>();

/** The `__provider` text of a baseline, serialized in the installed folder as a program would. */
export function baselineProviderSource(baseline: Baseline): Promise<string> {
  let text = texts.get(baseline);
  if (!text) {
    text = (async () =>
      serializedIn(
        await benchApp(),
        baseline,
        `const provider = require(${JSON.stringify(BASELINE_PACKAGES[baseline])});`,
      ))();
    texts.set(baseline, text);
  }
  return text;
}
