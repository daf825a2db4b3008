// Secret hygiene across every layer: distinctive token and client-secret values must never appear
// in the serialized provider, handler outputs, the dynamic-provider host's output, client errors
// (message, stack, JSON, util.inspect, causes), nor in the state and engine output of a real stack.
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import * as util from "util";
import * as pulumi from "@pulumi/pulumi";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { Invite } from "../../provider";
import { DataTrailsClient, DataTrailsError, type DataTrailsClientOptions } from "../../provider/client";
import * as handlers from "../../provider/resource/handlers";
import type { ProviderInputs, ProviderOutputs } from "../../provider/resource/handlers";
import { createBackend, createStack, ensurePulumiCli, type Backend } from "../../tools/pulumi";
import {
  hostError,
  HostPool,
  providerSource,
  SECRET_SIGNATURE,
  SECRET_SIGNATURE_KEY,
  type Host,
} from "../../tools/host";
import { configRequest, withEnv } from "../helpers/provider";
import { FakeDataTrails, TOKEN as TOKEN_PATH, type FakeReply } from "../bad-input/fake-datatrails";
import { rejection } from "../helpers/assert";

// Distinctive values: found anywhere, they leaked.
const TOKEN = "tok-7Qx9-SECRET-TOKEN-a1b2c3d4e5f6-never-print";
const CLIENT_ID = "app-reg-client-id-4711";
const CLIENT_SECRET = "cs-3Kp8-SECRET-CLIENT-f6e5d4c3b2a1-never-print";
const NON_ADMIN_TOKEN = "tok-0Zz1-SECRET-NONADMIN-99887766-never-print";
const SECRETS: Record<string, string> = {
  token: TOKEN,
  clientSecret: CLIENT_SECRET,
  nonAdminToken: NON_ADMIN_TOKEN,
};

/** Fails naming the secret and the place when any secret is in `text`. */
function expectNoSecret(text: string, where: string): void {
  for (const [name, secret] of Object.entries(SECRETS)) {
    const at = text.indexOf(secret);
    // The context (with the secret itself masked) shows where the leak is.
    const context =
      at < 0
        ? ""
        : text
            .slice(Math.max(0, at - 300), at + secret.length + 100)
            .split(secret)
            .join(`<${name}>`);
    expect(at, `${name} appears in ${where}: ...${context}...`).to.equal(-1);
  }
}

/** Every rendering of an error a user or a log could see. */
function renderings(err: unknown): [string, string][] {
  const out: [string, string][] = [
    ["String()", String(err)],
    ["util.inspect", util.inspect(err, { depth: Infinity, showHidden: true })],
    ["JSON.stringify", JSON.stringify(err, Object.getOwnPropertyNames(err ?? {}))],
    ["JSON.stringify (enumerable)", JSON.stringify(err) ?? ""],
  ];
  if (err instanceof Error) {
    out.push(["message", err.message], ["stack", err.stack ?? ""]);
    if (err.cause !== undefined)
      out.push(...renderings(err.cause).map(([k, v]): [string, string] => [`cause ${k}`, v]));
  }
  return out;
}

function expectCleanError(err: unknown, what: string): void {
  for (const [how, text] of renderings(err)) expectNoSecret(text, `${what} (${how})`);
}

/**
 * An error body that echoes credentials back: `raw` values verbatim (a process can only mask values
 * it knows, so these are the ones the caller holds), and every credential in the spellings that give
 * it away whoever holds it (a Bearer header, `token=` / `client_secret=` form fields, JSON fields).
 */
function echoBody(status: number, note: string, raw: string[]): FakeReply {
  const spelled = `Authorization: Bearer ${TOKEN}; token=${TOKEN}; client_secret=${CLIENT_SECRET}`;
  const echoed = `${raw.join(" ")}; ${spelled}`;
  return {
    status,
    body: {
      code: status === 401 ? 16 : 7,
      message: `${note}: ${echoed}`,
      token: TOKEN,
      clientSecret: CLIENT_SECRET,
      details: [{ request_id: "req-1", echoed }],
    },
  };
}

describe("secrets never leak", function () {
  this.timeout(120_000);

  let emu: RunningEmulator;
  let fake: FakeDataTrails;

  before(async () => {
    emu = await startEmulator({ port: 0, token: TOKEN, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    emu.addToken(NON_ADMIN_TOKEN, false);
    fake = await FakeDataTrails.start();
  });
  after(async () => {
    await emu?.stop();
    await fake?.stop();
  });
  beforeEach(() => {
    emu.reset();
    fake.reset();
  });

  describe("the serialized provider (__provider)", () => {
    it("holds no credential, even after the provider was configured with them in this process", async () => {
      await withEnv({ DATATRAILS_TOKEN: TOKEN, DATATRAILS_CLIENT_SECRET: CLIENT_SECRET }, async () => {
        await handlers.configure(
          configRequest({
            "datatrails:url": emu.url,
            "datatrails:clientId": CLIENT_ID,
            "datatrails:clientSecret": CLIENT_SECRET,
          }),
        );
        const text = await providerSource();
        expect(text.length).to.be.greaterThan(0);
        expectNoSecret(text, "the serialized provider");
      });
    });
  });

  describe("handler results", () => {
    for (const [label, config] of [
      ["a token", () => ({ "datatrails:url": emu.url, "datatrails:token": TOKEN })],
      [
        "client credentials",
        () => ({
          "datatrails:url": emu.url,
          "datatrails:clientId": CLIENT_ID,
          "datatrails:clientSecret": CLIENT_SECRET,
        }),
      ],
    ] as const) {
      it(`carry no credential through check, create, read, update and delete (${label})`, async () => {
        await withEnv({}, () => handlers.configure(configRequest(config())));
        const news = { email: "sec-handlers@example.com", message: "hi" } as ProviderInputs;
        const checked = await handlers.check({} as ProviderInputs, news);
        const created = await handlers.create(checked.inputs as ProviderInputs);
        const outs = created.outs as ProviderOutputs;
        const read = await handlers.read(created.id, outs);
        const updated = await handlers.update(created.id, outs, { ...news, adopt: true });
        const diff = await handlers.diff(created.id, outs, news);
        await handlers.delete(created.id, outs);
        expectNoSecret(
          JSON.stringify({ checked, created, read, updated, diff }),
          `handler results (${label})`,
        );
        expect(emu.state().invites).to.deep.equal([]);
      });
    }
  });

  describe("client errors (message, stack, JSON, util.inspect, cause)", () => {
    const tokenClient = (extra: Partial<DataTrailsClientOptions> = {}): DataTrailsClient =>
      new DataTrailsClient({
        url: fake.url,
        token: TOKEN,
        retry: { budgetMs: 300, maxAttempts: 2 },
        ...extra,
      });
    const secretClient = (): DataTrailsClient =>
      new DataTrailsClient({
        url: fake.url,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        retry: { budgetMs: 300, maxAttempts: 2 },
      });
    const listAll = async (client: DataTrailsClient): Promise<void> => {
      for await (const invite of client.listInvites()) void invite;
    };

    const cases: [string, () => Promise<unknown>][] = [
      [
        "a 401 echoing the token",
        () => {
          fake.on(() => echoBody(401, "token is not valid", [TOKEN]));
          return tokenClient().getInvite("invites/0b6c3d3e-3f0a-4a8e-9a55-1f2e3d4c5b6a");
        },
      ],
      [
        "a 403 echoing the token",
        () => {
          fake.on(() => echoBody(403, "caller is not an administrator", [TOKEN]));
          return tokenClient().createInvite({ email: "sec@example.com" }, { knownIdentities: [] });
        },
      ],
      [
        "a 500 HTML page echoing the token",
        () => {
          fake.on(() => ({
            status: 500,
            headers: { "content-type": "text/html" },
            body: `<html>${TOKEN} Authorization: Bearer ${TOKEN} client_secret=${CLIENT_SECRET}</html>`,
          }));
          return listAll(tokenClient());
        },
      ],
      [
        "a 200 with an unusable body echoing the token",
        () => {
          fake.on(() => ({ body: `{"echo": "${TOKEN}", "clientSecret": "${CLIENT_SECRET}"` }));
          return listAll(tokenClient());
        },
      ],
      [
        "a 401 from the token endpoint echoing the client secret",
        () => {
          fake.on((req) =>
            req.path === TOKEN_PATH ? echoBody(401, "invalid_client", [CLIENT_SECRET]) : undefined,
          );
          return listAll(secretClient());
        },
      ],
      [
        "an unusable token endpoint answer echoing the client secret",
        () => {
          fake.on((req) =>
            req.path === TOKEN_PATH ? { body: { access_token: "", echo: CLIENT_SECRET } } : undefined,
          );
          return listAll(secretClient());
        },
      ],
      [
        "a refused connection",
        () =>
          listAll(
            new DataTrailsClient({ url: "http://127.0.0.1:1", token: TOKEN, retry: { budgetMs: 200 } }),
          ),
      ],
      [
        "a timeout",
        async () => {
          // Accepts connections and never answers.
          const silent = net.createServer(() => undefined);
          await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
          try {
            const port = (silent.address() as net.AddressInfo).port;
            return await listAll(
              new DataTrailsClient({
                url: `http://127.0.0.1:${port}`,
                token: TOKEN,
                retry: { budgetMs: 200, maxAttempts: 1 },
                transport: { timeoutMs: 50 },
              }),
            );
          } finally {
            silent.close();
            // Connections the client left open would keep close() from finishing; they end with the test.
          }
        },
      ],
      [
        "a token option with a Bearer prefix",
        async () => new DataTrailsClient({ url: fake.url, token: `Bearer ${TOKEN}` }),
      ],
      [
        "a URL carrying the client secret as its password",
        async () =>
          new DataTrailsClient({ url: `https://user:${CLIENT_SECRET}@app.datatrails.ai`, token: TOKEN }),
      ],
      [
        "a token file that holds a decorated token",
        async () => {
          const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sec-"));
          try {
            const file = path.join(dir, "token");
            fs.writeFileSync(file, `token = ${TOKEN} # rotated`, { mode: 0o600 });
            return await listAll(new DataTrailsClient({ url: fake.url, tokenFile: file }));
          } finally {
            fs.rmSync(dir, { recursive: true, force: true });
          }
        },
      ],
    ];

    // Each case echoes verbatim only the credential its client holds (a process can mask only values
    // it knows); any other credential is echoed in a spelling that gives it away.
    for (const [what, run] of cases) {
      it(`masks credentials in every rendering of the error for ${what}`, async () => {
        const err = await rejection(run());
        expect(err).to.be.instanceOf(DataTrailsError);
        expectCleanError(err, what);
      });
    }

    it("sent the token to the server (so the masking above is what kept it out)", async () => {
      fake.on(() => echoBody(401, "nope", [TOKEN]));
      await rejection(listAll(tokenClient()));
      expect(fake.requests.map((r) => r.authorization)).to.include(`Bearer ${TOKEN}`);
    });
  });

  describe("the real dynamic-provider host's stdout and stderr", () => {
    const pool = new HostPool();
    after(async () => {
      await pool.stopAll();
    });
    afterEach(async () => {
      await pool.release();
    });

    async function host(config: Record<string, string>): Promise<Host> {
      const h = await pool.take();
      const secretKeys = ["datatrails:token", "datatrails:clientSecret"].filter((k) => k in config);
      await h.configure({ "datatrails:retryBudgetSeconds": "1", ...config }, secretKeys);
      return h;
    }

    function expectQuiet(h: Host, where: string, ...errors: unknown[]): void {
      expectNoSecret(h.stdout, `host stdout (${where})`);
      expectNoSecret(h.stderr, `host stderr (${where})`);
      for (const err of errors) expectCleanError(err, where);
    }

    for (const [label, config] of [
      ["token", () => ({ "datatrails:url": emu.url, "datatrails:token": TOKEN })],
      [
        "client credentials",
        () => ({
          "datatrails:url": emu.url,
          "datatrails:clientId": CLIENT_ID,
          "datatrails:clientSecret": CLIENT_SECRET,
        }),
      ],
    ] as const) {
      it(`prints no credential across configure, check, create, read, diff, update and delete (${label})`, async () => {
        const h = await host(config());
        const checked = await h.check({}, { email: `sec-host-${label.replace(/\W/g, "-")}@example.com` });
        const created = await h.create(checked.inputs);
        const read = await h.read(created.id, created.properties);
        await h.diff(created.id, created.properties, checked.inputs);
        await h.update(created.id, created.properties, { ...checked.inputs, adopt: true });
        await h.delete(created.id, created.properties);
        expectNoSecret(JSON.stringify({ checked, created, read }), "host answers");
        expectQuiet(h, label);
      });
    }

    it("prints no token when every call gets a 401 that echoes it", async () => {
      fake.on(() => echoBody(401, "token is not valid", [TOKEN]));
      const h = await host({ "datatrails:url": fake.url, "datatrails:token": TOKEN });
      await h.check({}, { email: "sec-401@example.com" });
      const errors = [
        await hostError(h.create({ email: "sec-401@example.com" })),
        await hostError(
          h.read("invites/0b6c3d3e-3f0a-4a8e-9a55-1f2e3d4c5b6a", { email: "sec-401@example.com" }),
        ),
        await hostError(
          h.delete("invites/0b6c3d3e-3f0a-4a8e-9a55-1f2e3d4c5b6a", {
            email: "sec-401@example.com",
            status: "pending",
          }),
        ),
      ];
      for (const err of errors) expect(err.details).to.match(/401/);
      expect(fake.requests.length).to.be.greaterThan(0);
      expectQuiet(h, "401 echoing the token", ...errors);
    });

    it("prints no client secret when the token endpoint echoes it in a 401", async () => {
      fake.on((req) =>
        req.path === TOKEN_PATH ? echoBody(401, "invalid_client", [CLIENT_SECRET]) : undefined,
      );
      const h = await host({
        "datatrails:url": fake.url,
        "datatrails:clientId": CLIENT_ID,
        "datatrails:clientSecret": CLIENT_SECRET,
      });
      const err = await hostError(h.create({ email: "sec-401cc@example.com" }));
      expect(err.details).to.match(/401/);
      expectQuiet(h, "token endpoint 401", err);
    });

    it("prints no token on 403 (a token that is not an administrator)", async () => {
      const h = await host({ "datatrails:url": emu.url, "datatrails:token": NON_ADMIN_TOKEN });
      const err = await hostError(h.create({ email: "sec-403@example.com" }));
      expect(err.details).to.match(/403.*tenancy administrator/);
      expectQuiet(h, "403", err);
    });

    it("prints no credential when the URL is bad, even one carrying the secret as its password", async () => {
      const errors: unknown[] = [];
      for (const url of ["not a url", `https://user:${CLIENT_SECRET}@app.datatrails.ai`]) {
        const h = await host({ "datatrails:url": url, "datatrails:token": TOKEN });
        const err = await hostError(h.check({}, { email: "sec-url@example.com" }));
        expect(err.details).to.match(/datatrails:url/);
        errors.push(err);
        expectQuiet(h, `bad URL ${url.length}`, err);
      }
    });
  });

  describe("the native plugin's stdout, stderr, answers and errors", () => {
    const pool = new HostPool({ shell: "native" }, 1);
    after(() => pool.stopAll());
    afterEach(() => pool.release());

    function expectQuiet(h: Host, where: string, ...errors: unknown[]): void {
      expectNoSecret(h.stdout, `plugin stdout (${where})`);
      expectNoSecret(h.stderr, `plugin stderr (${where})`);
      for (const err of errors) expectCleanError(err, where);
    }

    it("prints and answers no credential across the config RPCs, the lifecycle, an import and a function", async () => {
      const h = await pool.take();
      const args = {
        url: emu.url,
        clientId: CLIENT_ID,
        clientSecret: { [SECRET_SIGNATURE_KEY]: SECRET_SIGNATURE, value: CLIENT_SECRET },
      };
      const checkedConfig = await h.checkConfig({}, args);
      const diffedConfig = await h.diffConfig(args, { ...args, token: TOKEN });
      await h.configure(
        {
          "datatrails:url": emu.url,
          "datatrails:clientId": CLIENT_ID,
          "datatrails:clientSecret": CLIENT_SECRET,
        },
        ["datatrails:clientSecret"],
      );
      const checked = await h.check({}, { email: "sec-native@example.com" });
      const created = await h.create(checked.inputs);
      const read = await h.read(created.id, created.properties);
      const adopted = emu.createInvite({ email: "sec-native-import@example.com" });
      const imported = await h.read("email:sec-native-import@example.com", {});
      const listed = await h.invoke("datatrails:index:listInvites", {});
      await h.delete(created.id, created.properties);
      expect(imported.id).to.equal(adopted.identity);
      expectNoSecret(
        JSON.stringify({ diffedConfig, checked, created, read, imported, listed }),
        "plugin answers",
      );
      // CheckConfig echoes the config as the engine sent it: the secret stays wrapped for the engine.
      expect(JSON.stringify(checkedConfig.inputs.clientSecret)).to.include(SECRET_SIGNATURE);
      expectQuiet(h, "client credentials");
    });

    it("prints no credential when the token or secret is refused, or the URL carries the secret", async () => {
      const errors: unknown[] = [];
      const wrong = await pool.take();
      await wrong.configure(
        {
          "datatrails:url": emu.url,
          "datatrails:clientId": CLIENT_ID,
          "datatrails:clientSecret": `${CLIENT_SECRET}-x`,
        },
        ["datatrails:clientSecret"],
      );
      errors.push(await hostError(wrong.create({ email: "sec-native-401@example.com" })));
      const checker = await pool.take();
      const bad = await checker.checkConfig(
        {},
        { url: `https://user:${CLIENT_SECRET}@app.datatrails.ai`, token: TOKEN },
      );
      expect(bad.failures[0]?.reason).to.match(/datatrails:url/);
      expectNoSecret(JSON.stringify(bad.failures), "CheckConfig failures");
      const badUrl = await pool.take();
      errors.push(
        await hostError(
          badUrl.configure(
            {
              "datatrails:url": `https://user:${CLIENT_SECRET}@app.datatrails.ai`,
              "datatrails:token": TOKEN,
            },
            ["datatrails:token"],
          ),
        ),
      );
      expectQuiet(wrong, "refused secret", ...errors);
      expectQuiet(checker, "bad URL check");
      expectQuiet(badUrl, "bad URL configure");
    });
  });

  describe("a real stack through the Pulumi CLI and engine", () => {
    let backend: Backend | undefined;
    before(function () {
      this.timeout(40 * 60_000);
      ensurePulumiCli();
    });
    after(() => {
      if (!process.env.E2E_KEEP_BACKENDS) backend?.remove();
    });

    it("keeps clientSecret and token out of exportStack, the state files and the engine output", async function () {
      this.timeout(10 * 60_000);
      backend = createBackend("security");
      const output: string[] = [];
      const collect = { onOutput: (s: string) => output.push(s), onError: (s: string) => output.push(s) };
      const program = async () => {
        const config = new pulumi.Config();
        const invite = new Invite("secret-check", {
          email: "sec-e2e@example.com",
          message: config.get("message"),
        });
        return { identity: invite.identity };
      };
      const stack = await createStack({
        backend,
        stackName: `security-${process.pid}`,
        program,
        config: {
          "datatrails:url": { value: emu.url },
          "datatrails:retryBudgetSeconds": { value: "10" },
          "datatrails:clientId": { value: CLIENT_ID },
          "datatrails:clientSecret": { value: CLIENT_SECRET, secret: true },
        },
      });
      const exports: [string, string][] = [];
      const exportBoth = async (when: string): Promise<void> => {
        // The Automation API exports with --show-secrets: secrets appear there only inside values
        // marked secret. The plain `pulumi stack export` (what people share) must hold none at all.
        const shown = await stack.exportStack();
        exports.push([
          `exportStack() ${when}, outside values marked secret`,
          JSON.stringify(withoutSecrets(shown)),
        ]);
        const plain = execFileSync("pulumi", ["stack", "export", "--stack", stack.name], {
          cwd: stack.workspace.workDir,
          env: { ...process.env, ...backend?.env },
          encoding: "utf8",
        });
        exports.push([`pulumi stack export ${when}`, plain]);
      };

      await stack.up(collect);
      expect(emu.requests().some((r) => r.path === TOKEN_PATH && r.status === 200)).to.equal(true);
      await exportBoth("after up with client credentials");

      // Rotate to a bearer token (also a secret) and replace the invite with it.
      await stack.removeAllConfig(["datatrails:clientId", "datatrails:clientSecret"]);
      await stack.setConfig("datatrails:token", { value: TOKEN, secret: true });
      await stack.setConfig("message", { value: "rotated" });
      emu.clearRequests();
      await stack.up(collect);
      expect(emu.requests().some((r) => r.method === "POST" && r.path.endsWith("/invites"))).to.equal(true);
      expect(emu.requests().some((r) => r.path === TOKEN_PATH)).to.equal(false);
      await exportBoth("after up with a token");

      await stack.destroy(collect);
      await exportBoth("after destroy");
      expect(emu.state().invites).to.deep.equal([]);

      expect(output.join("")).to.include("secret-check"); // the output was collected
      for (const [where, text] of exports) expectNoSecret(text, where);
      expectNoSecret(output.join(""), "engine output of up, up and destroy");
      for (const file of filesUnder(backend.dir, path.join(backend.dir, "home"))) {
        expectNoSecret(fs.readFileSync(file, "utf8"), file);
      }
    });
  });
});

/** `value` with every value marked secret (the engine's signature envelope) replaced by "[secret]". */
function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  if (record[SECRET_SIGNATURE_KEY] === SECRET_SIGNATURE) return "[secret]";
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, withoutSecrets(v)]));
}

/** Every file under `dir` except those under `skip` (plugins and caches). */
function filesUnder(dir: string, skip: string): string[] {
  if (!fs.existsSync(dir) || dir === skip) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full, skip);
    return entry.isFile() ? [full] : [];
  });
}
