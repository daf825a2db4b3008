// Bad Invite inputs and bad provider configuration at the handler and host levels: every row must be
// refused before anything is sent, with a message that names the field and says how to fix it.
//
// The tables live in test/resource/input-rows.ts and test/resource/config-rows.ts; the pure tests
// (test/resource/inputs.test.ts, test/resource/settings.test.ts) check every row's message. Here the
// handlers answer exactly what those pure functions answer for every row, without an API request, and
// the representative rows (`host: true`) run one by one through the handlers and through Pulumi's
// real dynamic-provider host.
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { DataTrailsConfigError } from "../../provider/client";
import * as handlers from "../../provider/resource/handlers";
import type { ProviderInputs } from "../../provider/resource/handlers";
import { checkInputs } from "../../provider/resource/fields";
import { INVITE } from "../../provider/resource/kinds";

const checkInviteInputs = (news: Record<string, unknown>) => checkInputs(INVITE, news);
import { resolveSettings } from "../../provider/resource/settings";
import { hostError, HostPool, type Host } from "../../tools/host";
import { configRequest, configureFor, withEnv } from "../helpers/provider";
import { rejection } from "../helpers/assert";
import { besidesTenancyLookup } from "../helpers/emulator";
import { configRows, expectClear as expectClearOf, type ConfigRow } from "../resource/config-rows";
import { acceptedRows, expectNamesFieldAndFix, failureFor, inputRows } from "../resource/input-rows";

describe("bad input: refused before any API request, naming the field and the fix", function () {
  this.timeout(60_000);

  let emu: RunningEmulator;
  let dir: string;

  before(async () => {
    emu = await startEmulator({ port: 0 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "bad-input-"));
    fs.writeFileSync(path.join(dir, "empty.token"), "  \n", { mode: 0o600 });
  });
  after(async () => {
    await emu?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    emu.reset();
  });

  describe("Invite inputs (handlers.check)", () => {
    beforeEach(async () => {
      await configureFor(emu);
    });

    // The pure test checks each row's message; this proves the handler adds nothing and sends nothing.
    it(`answers what checkInviteInputs answers for all ${inputRows.length + acceptedRows.length} rows, without an API request`, async () => {
      for (const row of [...inputRows, ...acceptedRows]) {
        const result = await handlers.check({} as ProviderInputs, row.news as unknown as ProviderInputs);
        expect(result, row.name).to.deep.equal(checkInviteInputs(row.news));
      }
      expect(besidesTenancyLookup(emu.requests())).to.deep.equal([]);
    });

    for (const row of inputRows.filter((r) => r.host)) {
      it(`refuses ${row.name}`, async () => {
        const result = await handlers.check({} as ProviderInputs, row.news as unknown as ProviderInputs);
        expectNamesFieldAndFix(failureFor(result.failures ?? [], row.property), row);
        expect(besidesTenancyLookup(emu.requests())).to.deep.equal([]);
      });
    }
  });

  describe("Invite inputs through Pulumi's dynamic-provider host (a representative subset)", () => {
    let host: Host;
    const pool = new HostPool({}, 1);

    before(async () => {
      host = await pool.take();
      await host.configure({ "datatrails:url": emu.url, "datatrails:token": emu.token }, [
        "datatrails:token",
      ]);
    });
    after(async () => {
      await pool.stopAll();
    });

    for (const row of inputRows.filter((r) => r.host)) {
      it(`refuses ${row.name}`, async () => {
        const result = await host.check({}, row.news);
        expectNamesFieldAndFix(failureFor(result.failures, row.property), row);
        expect(besidesTenancyLookup(emu.requests())).to.deep.equal([]);
      });
    }
  });

  describe("provider configuration (handlers.configure, then check)", () => {
    function configOf(row: ConfigRow): Record<string, string> {
      const defaults: Record<string, string> = { "datatrails:url": emu.url, "datatrails:token": emu.token };
      for (const key of row.omit ?? []) delete defaults[key];
      return { ...defaults, ...row.config(context()) };
    }

    function context(): { clientId: string; dir: string } {
      return { clientId: emu.clientId, dir };
    }

    function expectClear(message: string, row: ConfigRow): void {
      expectClearOf(message, row, emu.token);
    }

    // The pure test checks each row's message; this proves configure and every later call report
    // exactly what resolveSettings reports, without an API request.
    it(`configure and check report what resolveSettings reports for all ${configRows.length} rows, without an API request`, async () => {
      for (const row of configRows) {
        const env = row.env?.(context()) ?? {};
        const expected = (() => {
          try {
            resolveSettings(configRequest(configOf(row)).config, env);
          } catch (err) {
            return (err as Error).message;
          }
          throw new Error(`${row.name}: resolveSettings accepted it`);
        })();
        await withEnv(env, async () => {
          const err = await rejection(handlers.configure(configRequest(configOf(row))));
          expect(err, row.name).to.be.instanceOf(DataTrailsConfigError);
          expect(err.message, row.name).to.equal(expected);
          // Every later call reports the same problem instead of reaching the network.
          const again = await rejection(
            handlers.check({} as ProviderInputs, { email: "alice@example.com" } as ProviderInputs),
          );
          expect(again.message, row.name).to.equal(expected);
        });
      }
      expect(besidesTenancyLookup(emu.requests())).to.deep.equal([]);
    });

    for (const row of configRows.filter((r) => r.host)) {
      it(`refuses ${row.name}`, async () => {
        await withEnv(row.env?.(context()) ?? {}, async () => {
          const err = await rejection(handlers.configure(configRequest(configOf(row))));
          expect(err).to.be.instanceOf(DataTrailsConfigError);
          expectClear(err.message, row);
          expectClear(err.stack ?? "", row);
          // Every later call reports the same problem instead of reaching the network.
          const again = await rejection(
            handlers.check({} as ProviderInputs, { email: "alice@example.com" } as ProviderInputs),
          );
          expectClear(again.message, row);
        });
        expect(besidesTenancyLookup(emu.requests())).to.deep.equal([]);
      });
    }

    describe("through Pulumi's dynamic-provider host (a representative subset)", () => {
      const pool = new HostPool();
      after(async () => {
        await pool.stopAll();
      });
      afterEach(async () => {
        await pool.release();
      });

      for (const row of configRows.filter((r) => r.host)) {
        it(`fails Check on ${row.name}`, async () => {
          const host = await pool.take();
          const config = configOf(row);
          const secretKeys = ["datatrails:token", "datatrails:clientSecret"].filter((k) => k in config);
          await host.configure(config, secretKeys);
          const err = await hostError(host.check({}, { email: "alice@example.com" }));
          expectClear(err.details, row);
          expect(besidesTenancyLookup(emu.requests())).to.deep.equal([]);
        });
      }
    });
  });
});
