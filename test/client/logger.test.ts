/**
 * The client's logger: the normaliser wraps the user's logger once, so every line any part of the
 * client writes is masked on its way out, and a logger with only some of its methods is enough.
 */
import { expect } from "chai";
import {
  normalizeClientOptions,
  redactingLogger,
  registerSecret,
  REDACTED,
  type Logger,
} from "../../provider/client";
import { fakeClock, sendJson, startServer, testClient, TEST_TOKEN, type TestServer } from "./helpers";

const SECRET = "logger-test-secret-0123456789";

function recording(): { logger: Required<Logger>; lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    logger: { warn: (m) => lines.push(`warn: ${m}`), debug: (m) => lines.push(`debug: ${m}`) },
  };
}

describe("client: logger", () => {
  let server: TestServer;
  let failures: number;
  beforeEach(async () => {
    failures = 0;
    server = await startServer((_req, res) => {
      if (failures > 0) {
        failures--;
        sendJson(res, 503, { message: "busy" });
      } else {
        sendJson(res, 200, {
          identity: "invites/x1",
          email: "a@example.com",
          expiry_time: "2030-01-01T00:00:00Z",
        });
      }
    });
  });
  afterEach(() => server.close());

  it("masks secrets in every line, whichever method writes it", () => {
    registerSecret(SECRET);
    const { logger: user, lines } = recording();
    const { logger } = normalizeClientOptions({ token: TEST_TOKEN, logger: user });
    logger.warn(`Token file holds ${SECRET}`);
    logger.debug(`GET /x: retrying with Authorization: Bearer Abc.Def-0123456789`);
    logger.debug(`POST /token: client_secret=${SECRET}&grant_type=client_credentials`);
    expect(lines).to.deep.equal([
      `warn: Token file holds ${REDACTED}`,
      `debug: GET /x: retrying with Authorization: Bearer ${REDACTED}`,
      `debug: POST /token: client_secret=${REDACTED}&grant_type=client_credentials`,
    ]);
  });

  it("passes the client's own lines through the same mask", async () => {
    const { logger, lines } = recording();
    failures = 1;
    await testClient(server.url, fakeClock(), { logger }).getInvite("x1");
    expect(lines.some((l) => /^debug: GET .*attempt 1 failed \(status 503\); retrying/.test(l))).to.equal(
      true,
    );
    expect(lines.join("\n")).not.to.contain(TEST_TOKEN);
  });

  it("does not throw when the logger has no debug method, or when there is none", async () => {
    const warnings: string[] = [];
    failures = 1;
    const invite = await testClient(server.url, fakeClock(), {
      logger: { warn: (m) => warnings.push(m) },
    }).getInvite("x1");
    expect(invite.identity).to.equal("invites/x1");
    failures = 1;
    await testClient(server.url, fakeClock(), { logger: {} }).getInvite("x1");
    expect(() => redactingLogger(undefined).debug(`x ${SECRET}`)).not.to.throw();
    expect(() => redactingLogger({}).warn(`x ${SECRET}`)).not.to.throw();
    expect(warnings).to.deep.equal([]);
  });
});
