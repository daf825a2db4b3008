import { authorize, type ApiRoute } from "./api-route";
import type { CapResource, EmulatorCore } from "./core";
import { EmulatorError } from "./http";
import { CAP_SERVICE_NAMES } from "./query";

/** Caps path (the Invites and Members APIs share it, told apart by `service`). */
export const CAPS_PATH = "/archivist/v1/caps";

/**
 * The `service` values the emulator knows caps of, and the `resource_type` each answers (the
 * service's own names are unknown).
 */
export const CAP_SERVICES: Readonly<Record<CapResource, string>> = Object.freeze({
  invites: "Invites",
  members: "Members",
  access_policies: "AccessPolicies",
});

/** A cap as the caps route sends it; counts are int64 strings, as protobuf JSON writes them. */
export interface WireCap {
  /** The capped resource, e.g. `Invites`. */
  resource_type: string;
  /** How many more may be created: the cap minus what counts against it, never below 0. */
  resource_remaining: string;
  /** The cap. */
  resource_cap: string;
}

function isCapResource(service: string): service is CapResource {
  return Object.hasOwn(CAP_SERVICES, service);
}

/**
 * The caps of a service: one entry when its cap switch is set, none when it is unlimited or the
 * service is not one the emulator knows.
 */
export function capsOf(core: EmulatorCore, service: string): WireCap[] {
  if (!isCapResource(service)) return [];
  const cap = core.capLimit(service);
  if (cap === null) return [];
  const remaining = Math.max(0, cap - core.capUsed(service));
  return [
    {
      resource_type: CAP_SERVICES[service],
      resource_remaining: String(remaining),
      resource_cap: String(cap),
    },
  ];
}

/** `GET /archivist/v1/caps?service=<service>`; the query check refuses a service not in the file's enum. */
export const getCaps: ApiRoute = {
  key: "GET /caps",
  query: { service: { type: "enum", values: CAP_SERVICE_NAMES } },
  handle(core, request) {
    authorize(core, request);
    const service = request.query.get("service");
    if (service === null) throw new EmulatorError(400, "service is required, e.g. service=invites");
    return { status: 200, body: { caps: capsOf(core, service) } };
  },
};
