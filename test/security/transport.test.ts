// Token files others can read are reported; TLS certificates are always verified.
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as https from "https";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { DataTrailsClient, DataTrailsNetworkError } from "../../provider/client";
import * as handlers from "../../provider/resource/handlers";
import type { ProviderInputs } from "../../provider/resource/handlers";
import { HostPool } from "../../tools/host";
import { FETCHES } from "../client/helpers";
import { REPO_ROOT } from "../../tools/repo-root";
import { configRequest, withEnv } from "../helpers/provider";
import { rejection } from "../helpers/assert";

const TOKEN = "tok-5Fs2-SECRET-TLS-0a9b8c7d6e5f-never-print";

async function listAll(client: DataTrailsClient): Promise<void> {
  for await (const invite of client.listInvites()) void invite;
}

describe("token file permissions", function () {
  this.timeout(60_000);
  let emu: RunningEmulator;
  let dir: string;
  const pool = new HostPool({}, 1);

  before(async () => {
    emu = await startEmulator({ port: 0, token: TOKEN });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "token-file-"));
  });
  after(async () => {
    await pool.stopAll();
    await emu?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    await pool.release();
  });

  function tokenFile(name: string, mode: number): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `Authorization: Bearer ${TOKEN}\n`);
    fs.chmodSync(file, mode); // explicit: the umask must not decide the test
    return file;
  }

  for (const [mode, warns] of [
    [0o644, true],
    [0o640, true],
    [0o600, false],
    [0o400, false],
  ] as const) {
    it(`${warns ? "warns about" : "accepts quietly"} a token file of mode 0${mode.toString(8)} (client logger.warn)`, async function () {
      if (process.platform === "win32") this.skip();
      const file = tokenFile(`client-${mode.toString(8)}.token`, mode);
      const warnings: string[] = [];
      const client = new DataTrailsClient({
        url: emu.url,
        tokenFile: file,
        logger: { warn: (m) => warnings.push(m) },
      });
      await listAll(client);
      await listAll(client); // read once: one warning at most
      if (warns) {
        expect(warnings).to.have.length(1);
        expect(warnings[0]).to.include(file).and.include("readable by other users");
        expect(warnings[0]).to.include(`chmod 600 ${file}`);
      } else {
        expect(warnings).to.deep.equal([]);
      }
      for (const w of warnings) expect(w).to.not.include(TOKEN);
    });
  }

  for (const [mode, warns] of [
    [0o644, true],
    [0o600, false],
  ] as const) {
    it(`${warns ? "warns on the host's stderr about" : "prints no warning for"} a token file of mode 0${mode.toString(8)} (real host)`, async function () {
      if (process.platform === "win32") this.skip();
      const file = tokenFile(`host-${mode.toString(8)}.token`, mode);
      const host = await pool.take();
      await host.configure({ "datatrails:url": emu.url, "datatrails:tokenFile": file });
      const checked = await host.check({}, { email: `perm-${mode.toString(8)}@example.com` });
      const created = await host.create(checked.inputs);
      await host.delete(created.id, created.properties);
      if (warns) {
        expect(host.stderr).to.match(/warning: Token file .* is readable by other users \(mode 644\)/);
        expect(host.stderr).to.include(`chmod 600 ${file}`);
      } else {
        expect(host.stderr).to.not.include("readable by other users");
      }
      expect(`${host.stdout}${host.stderr}`).to.not.include(TOKEN);
    });
  }
});

describe("TLS verification", function () {
  this.timeout(60_000);

  it("is never turned off in the provider's source", () => {
    const offenders: string[] = [];
    for (const file of tsFiles(path.join(REPO_ROOT, "provider"))) {
      const text = fs.readFileSync(file, "utf8");
      for (const pattern of [
        /rejectUnauthorized\s*:\s*false/,
        /NODE_TLS_REJECT_UNAUTHORIZED/,
        /checkServerIdentity/,
        /secureOptions|SSL_OP_/,
      ]) {
        if (pattern.test(text)) offenders.push(`${path.relative(REPO_ROOT, file)}: ${pattern}`);
      }
    }
    expect(tsFiles(path.join(REPO_ROOT, "provider")).length).to.be.greaterThan(10);
    expect(offenders).to.deep.equal([]);
  });

  for (const [maker, { name, fetch }] of (["openssl", "node:crypto"] as const).flatMap((m) =>
    FETCHES.map((f) => [m, f] as const),
  )) {
    it(`rejects an https://127.0.0.1 server with a self-signed certificate (made by ${maker}), sending no token, over ${name}`, async function () {
      // If the environment turned verification off, this test cannot prove anything: fail loudly.
      expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED, "NODE_TLS_REJECT_UNAUTHORIZED is set").to.not.equal(
        "0",
      );
      const pair = maker === "openssl" ? opensslCert() : nodeCryptoCert();
      if (!pair) this.skip();
      const requests: string[] = [];
      const server = https.createServer({ key: pair.key, cert: pair.cert }, (req, res) => {
        requests.push(`${req.method} ${req.url} ${req.headers.authorization ?? ""}`);
        res.writeHead(200, { "content-type": "application/json" }).end('{"invites": []}');
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        const client = new DataTrailsClient({
          url,
          token: TOKEN,
          retry: { budgetMs: 500, maxAttempts: 2 },
          fetch,
        });
        const err = await rejection(listAll(client));
        expect(err).to.be.instanceOf(DataTrailsNetworkError);
        const message = (err as Error).message;
        expect(message).to.match(
          /^GET \/archivist\/iam\/v1\/invites failed: network error: .*self[- ]signed certificate/,
        );
        expect((err as DataTrailsNetworkError).code).to.match(/SELF_SIGNED/);
        expect(message).to.not.include(TOKEN);

        expect(requests, "no request (and so no token) ever reached the server").to.deep.equal([]);
        if (fetch !== undefined) return;
        // The provider (its client on the default fetch), configured for that URL, fails the same way.
        await withEnv({}, () =>
          handlers.configure(
            configRequest({
              "datatrails:url": url,
              "datatrails:token": TOKEN,
              "datatrails:retryBudgetSeconds": "1",
            }),
          ),
        );
        const viaProvider = await rejection(handlers.create({ email: "tls@example.com" } as ProviderInputs));
        expect((viaProvider as Error).message).to.match(/self[- ]signed certificate/);

        expect(requests, "no request (and so no token) ever reached the server").to.deep.equal([]);
      } finally {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  }
});

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

interface CertPair {
  key: string;
  cert: string;
}

/** A self-signed certificate for 127.0.0.1 from the openssl CLI, or `undefined` without openssl. */
function opensslCert(): CertPair | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tls-openssl-"));
  try {
    const key = path.join(dir, "key.pem");
    const cert = path.join(dir, "cert.pem");
    // Arguments every openssl >= 1.1.1 accepts; -addext gives the IP SAN a modern client wants.
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        key,
        "-out",
        cert,
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
      ],
      { stdio: "ignore" },
    );
    return { key: fs.readFileSync(key, "utf8"), cert: fs.readFileSync(cert, "utf8") };
  } catch {
    return undefined;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Minimal DER, enough for one self-signed X.509 v3 certificate.
function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const n = body.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), body]);
}
const seq = (...items: Buffer[]): Buffer => der(0x30, ...items);
const oid = (...bytes: number[]): Buffer => der(0x06, Buffer.from(bytes));
const ECDSA_WITH_SHA256 = oid(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02); // 1.2.840.10045.4.3.2
const COMMON_NAME = oid(0x55, 0x04, 0x03); // 2.5.4.3

function utcTime(date: Date): Buffer {
  const text = date.toISOString().replace(/[-:T]/g, "").slice(2, 14) + "Z"; // YYMMDDHHMMSSZ
  return der(0x17, Buffer.from(text, "ascii"));
}

/**
 * A self-signed certificate for 127.0.0.1 built with node:crypto alone (P-256 key, ECDSA-SHA256),
 * for machines without openssl; `undefined` if this Node cannot make one.
 */
function nodeCryptoCert(): CertPair | undefined {
  try {
    const { publicKey, privateKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
    const name = seq(der(0x31, seq(COMMON_NAME, der(0x0c, Buffer.from("127.0.0.1")))));
    const now = Date.now();
    const tbs = seq(
      der(0xa0, der(0x02, Buffer.from([2]))), // version v3
      der(0x02, Buffer.concat([Buffer.from([0x01]), crypto.randomBytes(8)])), // positive serial
      seq(ECDSA_WITH_SHA256),
      name,
      seq(utcTime(new Date(now - 60_000)), utcTime(new Date(now + 86_400_000))),
      name,
      publicKey.export({ type: "spki", format: "der" }),
    );
    const signature = crypto.sign("sha256", tbs, privateKey); // DER ECDSA-Sig-Value
    const certificate = seq(tbs, seq(ECDSA_WITH_SHA256), der(0x03, Buffer.from([0]), signature));
    const base64 = certificate.toString("base64").replace(/(.{64})/g, "$1\n");
    const cert = `-----BEGIN CERTIFICATE-----\n${base64.trim()}\n-----END CERTIFICATE-----\n`;
    const parsed = new crypto.X509Certificate(cert);
    if (!parsed.verify(publicKey)) return undefined;
    return { key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(), cert };
  } catch {
    return undefined;
  }
}
