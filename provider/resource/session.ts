// The provider's per-deployment state. Pulumi's dynamic-provider host is one process per deployment
// and `require`s this module once (by package name, see provider.ts), so module state here is the
// deployment's state, shared by the Invite and the Member handlers. Nothing here is ever serialized:
// credentials arrive through configure() or the environment, at run time.
import { createHash } from "crypto";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { DataTrailsClient, DataTrailsConfigError } from "../client";
import { CONFIG_KEYS } from "./config-keys";
import { PolicyQuota } from "./policy-quota";
import { InviteQuota } from "./quota";
import {
  clientOptionsFor,
  ConfigSource,
  resolveSettings,
  ProviderSettings,
  tenancyOptionsFor,
} from "./settings";
import { TenancyIndex } from "./tenancy";
import { STDERR_LOG, TenancyPin, type UserLog } from "./tenancy-pin";

/**
 * What one deployment's handlers share: settings, the client, the tenancy listings and the quota.
 * @internal
 */
export interface Session {
  /** Where and as whom to connect. */
  settings: ProviderSettings;
  /** The API client (connections, token, retries). */
  client: DataTrailsClient;
  /** Member and invite listings shared by every lookup of the deployment. */
  tenancy: TenancyIndex;
  /** The invite cap, read at most once per deployment. */
  quota: InviteQuota;
  /** Which tenancy the credentials act on, read once per deployment; every write awaits its verdict. */
  pin: TenancyPin;
  /** The cap of access policies, read at most once per deployment. */
  policyQuota: PolicyQuota;
}

let configured: ConfigSource | undefined;
let session: Session | undefined;
let configuredAs: { fingerprint: string; kinds: Set<string> } | undefined;
let userLog: UserLog = STDERR_LOG;

/**
 * Where the deployment tells the user which tenancy it writes to (stderr, which the engine shows, by
 * default); for tests.
 * @internal
 */
export function setUserLog(log: UserLog): void {
  userLog = log;
}

/**
 * The deployment's session, made from the configured settings (or, without configure(), e.g. a
 * program calling the handlers directly, from the environment alone).
 * @internal
 */
export function currentSession(): Session {
  if (!session) {
    const settings = resolveSettings(configured, process.env);
    // Every write of the deployment (any kind, any call) first awaits the tenancy check.
    const client: DataTrailsClient = new DataTrailsClient({
      ...clientOptionsFor(settings),
      beforeWrite: () => pin.beforeWrite(),
    });
    const pin = new TenancyPin(() => client.getSelfTenancy(), settings.pin, settings.url, userLog);
    session = {
      settings,
      client,
      tenancy: new TenancyIndex(client, () => client.serverNow(), tenancyOptionsFor(settings)),
      quota: new InviteQuota(client),
      pin,
      policyQuota: new PolicyQuota(client),
    };
  }
  return session;
}

/**
 * The service's clock estimate (epoch ms) by which expiry is judged, for `diff`, which makes no request and never fails on missing settings
 * (check() reports those): without a session the local clock is the only estimate there is.
 * @internal
 */
export function serviceNowForDiff(): number {
  try {
    return currentSession().client.serverNow();
  } catch {
    return Date.now();
  }
}

// A digest, so the settings' secrets are not kept twice in memory in clear.
function fingerprintOf(config: ConfigSource): string {
  const values = Object.values(CONFIG_KEYS).map((key) => config.get(key) ?? null);
  return createHash("sha256").update(JSON.stringify(values)).digest("hex");
}

/**
 * Reads the provider's settings for one kind of resource and starts a new session, failing early
 * (listing every way to give credentials) when there are none. A new session then asks which tenancy
 * the credentials act on and says so in the engine's log, so every preview shows it; a pinned tenancy
 * that does not match (or cannot be confirmed) fails configure, before any other request.
 *
 * The host configures the Invite provider and the Member provider separately, each at its first use,
 * with the same stack config. The second kind's configure joins the session the first one started,
 * so one deployment lists the tenancy and reads the cap once, whichever kinds it holds. Any other
 * configure (a kind configured again, or other settings) starts afresh.
 * @internal
 */
export async function configureSession(kind: string, req: dynamic.ConfigureRequest): Promise<void> {
  const fingerprint = fingerprintOf(req.config);
  if (session && configuredAs?.fingerprint === fingerprint && !configuredAs.kinds.has(kind)) {
    configuredAs.kinds.add(kind);
  } else {
    configured = req.config;
    session = undefined;
    configuredAs = undefined;
    currentSession();
    configuredAs = { fingerprint, kinds: new Set([kind]) };
  }
  // The joined session's lookup is the first one's: one request per deployment.
  const refusal = await currentSession().pin.check();
  if (refusal !== undefined) throw new DataTrailsConfigError(refusal, CONFIG_KEYS.tenancy);
}
