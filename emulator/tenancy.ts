import { randomUUID } from "node:crypto";
import { authorize, type ApiRoute } from "./api-route";
import { EmulatorError, isRecord } from "./http";
import { isUuid } from "./validation";

/** Path of the caller's own tenancy (the Tenancies API's `self`). */
export const TENANCY_SELF_PATH = "/archivist/v1/tenancies/self";

/** The display name's limit in the Tenancies API (`v1AdminTenantResponse.display_name`). */
export const TENANCY_NAME_MAX_LENGTH = 128;

/** The tenancy an emulator stands in for: every credential it accepts belongs to it. */
export interface EmulatorTenancy {
  /** `tenant/<uuid>`. */
  identity: string;
  /** The tenancy's customer-friendly name. */
  displayName: string;
}

/** The caller's tenancy as `GET /archivist/v1/tenancies/self` sends it (`v1AdminTenantResponse`). */
export interface WireTenancy {
  /** `tenant/<uuid>`. */
  identity: string;
  /** Customer-friendly name; `""` when none was set. */
  display_name: string;
  /** The domain the tenancy verified; the emulator has none. */
  verified_domain: string;
  /** Whether enterprise single sign-on is on; never in the emulator. */
  enterprise_sso_enabled: boolean;
}

/** A patch of the tenancy, as the control API and the options take it. */
export interface TenancyPatch {
  /** `tenant/<uuid>`. */
  identity?: string;
  /** At most 128 characters. */
  display_name?: string;
}

/** The display name of a tenancy started without one: told apart by its identity's first digits. */
export function defaultTenancyName(identity: string): string {
  return `Emulated tenancy ${identity.slice("tenant/".length, "tenant/".length + 8)}`;
}

/** A tenancy of its own for a fresh emulator, so that two emulators are never the same tenancy. */
export function randomTenancy(): EmulatorTenancy {
  const identity = `tenant/${randomUUID()}`;
  return { identity, displayName: defaultTenancyName(identity) };
}

/**
 * Why a tenancy identity is unusable, or `undefined` when it is `tenant/<uuid>`.
 */
export function tenancyIdentityProblem(identity: unknown): string | undefined {
  if (typeof identity !== "string" || !identity.startsWith("tenant/") || !isUuid(identity.slice(7))) {
    return `identity must be "tenant/<uuid>", got ${JSON.stringify(identity)}`;
  }
  return undefined;
}

/**
 * Applies an untrusted patch (`{identity?, display_name?}`) to a tenancy.
 * @throws EmulatorError 400 naming the bad field; nothing changes then
 */
export function patchedTenancy(current: EmulatorTenancy, patch: unknown): EmulatorTenancy {
  if (!isRecord(patch)) throw new EmulatorError(400, "a tenancy must be a JSON object");
  for (const key of Object.keys(patch)) {
    if (key !== "identity" && key !== "display_name") throw new EmulatorError(400, `unknown field "${key}"`);
  }
  const { identity = current.identity, display_name = current.displayName } = patch;
  const problem = tenancyIdentityProblem(identity);
  if (problem !== undefined) throw new EmulatorError(400, problem);
  if (typeof display_name !== "string" || [...display_name].length > TENANCY_NAME_MAX_LENGTH) {
    throw new EmulatorError(
      400,
      `display_name must be a string of at most ${TENANCY_NAME_MAX_LENGTH} characters`,
    );
  }
  return { identity: identity as string, displayName: display_name };
}

/** The tenancy in its wire shape. */
export function wireTenancy(tenancy: EmulatorTenancy): WireTenancy {
  return {
    identity: tenancy.identity,
    display_name: tenancy.displayName,
    verified_domain: "",
    enterprise_sso_enabled: false,
  };
}

/** `GET /archivist/v1/tenancies/self`: the tenancy the caller's credentials belong to (administrators only). */
export const getSelfTenancy: ApiRoute = {
  key: "GET /tenancies/self",
  query: {},
  handle(core, request) {
    authorize(core, request);
    return { status: 200, body: wireTenancy(core.tenancy) };
  },
};
