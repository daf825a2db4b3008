import type { AddressInfo } from "node:net";
import { randomSecret } from "./auth";
import type { AssetGrant } from "./access-rights";
import type { WireAccessPolicy, WireAsset, WireAssetEvent } from "./access-store";
import { REAL_TIMERS, type EmulatorTimers } from "./clock";
import {
  Controller,
  type AccessQuery,
  type AddAssetInput,
  type AddMemberInput,
  type CreateInviteInput,
  type EmulatorState,
} from "./control";
import { EmulatorCore } from "./core";
import type { FaultRule } from "./faults";
import { readStateFile } from "./persistence";
import { randomSeed } from "./prng";
import type { RequestLogEntry } from "./request-log";
import { createEmulatorServer, Sleeper } from "./server";
import type { WireInvite, WireMember } from "./store";
import { DEFAULT_SWITCHES, normalizeSwitches, type Switches, type SwitchesPatch } from "./switches";
import { EmulatorError } from "./http";
import {
  defaultTenancyName,
  patchedTenancy,
  randomTenancy,
  type EmulatorTenancy,
  type WireTenancy,
} from "./tenancy";

export { EmulatorError, grpcCodeFor, isLoopback, type StatusBody } from "./http";
export { DEFAULT_SWITCHES, normalizeSwitches, SELF_CHANGE_STATUSES, SwitchesError } from "./switches";
export type {
  DuplicatePendingMode,
  ExpiredInvitesMode,
  NoUserAttributesMode,
  PatchInactiveMode,
  PrefixSwitches,
  SelfChangeStatus,
  Switches,
  SwitchesPatch,
} from "./switches";
export { FAULT_ROUTES, FaultsError, normalizeFaultRule } from "./faults";
export type { FaultKind, FaultRoute, FaultRule, ProbabilisticFault, ScriptedFault } from "./faults";
export type {
  AccessQuery,
  AddAssetInput,
  AddedToken,
  AddMemberInput,
  CreateInviteInput,
  EmulatorState,
} from "./control";
export type { EmulatorTimers } from "./clock";
export type {
  AccessEventKind,
  PermissionList,
  WireAccessPolicy,
  WireAsset,
  WireAssetEvent,
  WirePermission,
} from "./access-store";
export { GRANTING_LISTS, PERMISSION_LISTS } from "./access-store";
export type { AssetGrant, Person } from "./access-rights";
export type { FilterClause } from "./access-filter";
export {
  POLICY_CREATE_FIELDS,
  POLICY_CREATE_NAME_MAX,
  POLICY_DESCRIPTION_MAX,
  POLICY_NAME_MAX,
  POLICY_UPDATE_FIELDS,
} from "./access-validation";
export { CAP_SERVICE_NAMES, type QueryParam, type QuerySpec } from "./query";
export type { RequestLogEntry } from "./request-log";
export { MEMBER_ROLES, type WireInvite, type WireMember } from "./store";
export type { TokenResponse } from "./auth";
export {
  ACCESS_POLICIES_PATH,
  CAPS_PATH,
  INVITE_ORDERS,
  INVITE_PREFIXES,
  MEMBERS_PATH,
  MEMBER_STATES,
  POLICY_ASSET_ORDERS,
  POLICY_ORDERS,
  TOKEN_PATH,
} from "./api";
export { CAP_SERVICES, type WireCap } from "./caps";
export {
  TENANCY_NAME_MAX_LENGTH,
  TENANCY_SELF_PATH,
  tenancyIdentityProblem,
  type TenancyPatch,
  type WireTenancy,
} from "./tenancy";
export type { CapResource } from "./core";
export { EMAIL_MAX_LENGTH, MEMBER_UPDATE_FIELDS, MESSAGE_MAX_LENGTH, emailProblem } from "./validation";
export { StateFileError } from "./persistence";
export {
  accessPolicyCreateSchema,
  accessPolicyListSchema,
  accessPolicySchema,
  assetListSchema,
  assetSchema,
  capSchema,
  capsSchema,
  errorSchema,
  inviteListSchema,
  inviteSchema,
  memberListSchema,
  memberSchema,
  memberUpdateSchema,
  schemas,
  tenancySchema,
  tokenSchema,
  type JsonSchema,
  type SchemaName,
} from "./schemas";

/** How to start an emulator. Every field is optional. */
export interface EmulatorOptions {
  /** TCP port; 0 picks a free one. @default 0 */
  port?: number;
  /** Listen address. @default "127.0.0.1" */
  host?: string;
  /** JSON state file: loaded at start, rewritten atomically after every change. @default undefined (in memory) */
  statePath?: string;
  /** Client id of the accepted app registration. @default the state file's, else random */
  clientId?: string;
  /** Client secret of the accepted app registration. @default the state file's, else random */
  clientSecret?: string;
  /** Static bearer token of a tenancy administrator. @default the state file's, else random */
  token?: string;
  /** Seed of fault probabilities, for reproducible soaks. @default random */
  seed?: number;
  /** Switches at start (merged over the defaults), also restored by `reset()`. @default DEFAULT_SWITCHES */
  switches?: SwitchesPatch;
  /**
   * The tenancy's identity, `tenant/<uuid>`, also restored by `reset()`.
   * @default the state file's, else a random one of its own
   */
  tenancy?: string;
  /** The tenancy's display name (at most 128 characters). @default the state file's, else one made from the identity */
  tenancyName?: string;
  /** Real time and delays (latency faults), injectable so tests never read the wall clock. @default Date.now and setTimeout */
  timers?: EmulatorTimers;
}

/** A running emulator, with in-process helpers mirroring the control API. */
export interface RunningEmulator {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** Client id accepted by the token endpoint. */
  readonly clientId: string;
  /** Client secret accepted by the token endpoint. */
  readonly clientSecret: string;
  /** A static administrator bearer token (never expires). */
  readonly token: string;
  /** Seed of fault probabilities (given or drawn). */
  readonly seed: number;
  /** The tenancy the emulator started as (`tenant/<uuid>`); {@link RunningEmulator.tenancy} has the current one. */
  readonly tenancyIdentity: string;
  /** Stops listening and drops open connections; pending latency faults end unanswered. */
  stop(): Promise<void>;
  /** API requests seen so far (`GET /_emulator/requests`). */
  requests(): RequestLogEntry[];
  /** Forgets the request log (`DELETE /_emulator/requests`). */
  clearRequests(): void;
  /** The store and emulator time (`GET /_emulator/state`). */
  state(): EmulatorState;
  /** Current switches (`GET /_emulator/switches`). */
  switches(): Switches;
  /** Merges switches (`POST /_emulator/switches`). @throws EmulatorError 400 naming a bad field */
  setSwitches(patch: SwitchesPatch): Switches;
  /** Active fault rules (`GET /_emulator/faults`). */
  faults(): FaultRule[];
  /** Adds fault rules (`POST /_emulator/faults`). @throws EmulatorError 400 naming a bad field */
  addFaults(rules: FaultRule | FaultRule[]): FaultRule[];
  /** Drops every fault rule (`DELETE /_emulator/faults`). */
  clearFaults(): void;
  /** Creates an invite out of band (`POST /_emulator/invites`). */
  createInvite(input: CreateInviteInput): WireInvite;
  /** Deletes an invite out of band (`DELETE /_emulator/invites/{uuid}`). @throws EmulatorError 404 */
  revokeInvite(idOrIdentity: string): void;
  /** Accepts an invite (`POST /_emulator/invites/{uuid}:accept`). @throws EmulatorError 404 */
  acceptInvite(idOrIdentity: string): WireMember;
  /**
   * Adds a member (`POST /_emulator/members`); `input.token` binds a new static administrator token
   * to it. @throws EmulatorError 400 naming a bad field
   */
  addMember(input: AddMemberInput): WireMember;
  /**
   * Deactivates a member, removing its roles (`POST /_emulator/members/{uuid}:deactivate`); never
   * refused by the self rule. @throws EmulatorError 404
   */
  deactivateMember(idOrIdentity: string): WireMember;
  /**
   * Reactivates a member with basic rights only, no roles (`POST /_emulator/members/{uuid}:activate`);
   * an active member is left as it is. @throws EmulatorError 404
   */
  activateMember(idOrIdentity: string): WireMember;
  /** Adds an asset (`POST /_emulator/assets`). @throws EmulatorError 400 naming a bad field */
  addAsset(input: AddAssetInput): WireAsset;
  /** The audit events of an asset (`GET /_emulator/assets/{uuid}/events`). @throws EmulatorError 404 */
  assetEvents(idOrIdentity: string): WireAssetEvent[];
  /**
   * What a person may read and write through the policies (`GET /_emulator/access?email=<address>` or
   * `?subject=<client id>`). @throws EmulatorError 400 unless exactly one is given
   */
  access(query: AccessQuery): AssetGrant[];
  /** Creates an access policy as the web UI would (`POST /_emulator/access_policies`). @throws EmulatorError 400 */
  createPolicy(body: Record<string, unknown>): WireAccessPolicy;
  /**
   * Edits an access policy as the web UI would (`PATCH /_emulator/access_policies/{uuid}[?mask=]`).
   * @throws EmulatorError 400 naming a bad field, 404 when it does not exist
   */
  updatePolicy(idOrIdentity: string, body: Record<string, unknown>, mask?: string): WireAccessPolicy;
  /** Emulator time, RFC 3339 (`GET /_emulator/clock`). */
  now(): string;
  /** Moves emulator time forward (`POST /_emulator/clock`). @returns the new time */
  advanceClock(seconds: number): string;
  /**
   * Accepts another static token (`POST /_emulator/tokens`), optionally belonging to a member
   * (`members/<uuid>` or the uuid) for the "cannot change yourself" rule. @default admin true
   * @throws EmulatorError 400 for a malformed token, 404 for an unknown member
   */
  addToken(token: string, admin?: boolean, memberIdentity?: string): void;
  /** Expires every issued access token now (`POST /_emulator/tokens:expire`). @returns how many were live */
  expireTokens(): number;
  /** The tenancy every accepted credential belongs to (`GET /_emulator/tenancy`), as the API answers it. */
  tenancy(): WireTenancy;
  /**
   * Changes the tenancy's identity and/or display name (`POST /_emulator/tenancy`).
   * @throws EmulatorError 400 naming a bad field
   */
  setTenancy(patch: { identity?: string; display_name?: string }): WireTenancy;
  /** Empty store, log and faults, zero clock offset, start switches and tenancy (`POST /_emulator/reset`). */
  reset(): void;
}

/**
 * Starts a DataTrails emulator on a real HTTP port.
 * @throws when the port cannot be bound, the switches are malformed or the state file is unusable
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const switches = normalizeSwitches(options.switches ?? {}, DEFAULT_SWITCHES);
  const persisted = options.statePath !== undefined ? readStateFile(options.statePath) : undefined;
  const credentials = {
    clientId: options.clientId ?? persisted?.credentials.clientId ?? randomSecret(12),
    clientSecret: options.clientSecret ?? persisted?.credentials.clientSecret ?? randomSecret(24),
    token: options.token ?? persisted?.credentials.token ?? randomSecret(32),
  };
  const seed = options.seed ?? randomSeed();
  const tenancy = startTenancy(options, persisted?.tenancy);
  const timers = options.timers ?? REAL_TIMERS;
  const core = new EmulatorCore({
    credentials,
    seed,
    switches,
    statePath: options.statePath,
    persisted,
    tenancy,
    now: () => timers.now(),
  });
  core.persist();
  const controller = new Controller(core);
  const sleeper = new Sleeper((fn, ms) => timers.schedule(fn, ms));
  const server = createEmulatorServer(core, controller, sleeper);
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  let stopping: Promise<void> | undefined;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    ...credentials,
    seed,
    tenancyIdentity: tenancy.identity,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        core.stopped = true;
        sleeper.cancelAll();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopping;
    },
    requests: () => controller.requests(),
    clearRequests: () => controller.clearRequests(),
    state: () => controller.state(),
    switches: () => controller.switches(),
    setSwitches: (patch) => controller.setSwitches(patch),
    faults: () => controller.faults(),
    addFaults: (rules) => controller.addFaults(rules),
    clearFaults: () => controller.clearFaults(),
    createInvite: (input) => controller.createInvite(input),
    revokeInvite: (id) => controller.revokeInvite(id),
    acceptInvite: (id) => controller.acceptInvite(id),
    addMember: (input) => controller.addMember(input),
    deactivateMember: (id) => controller.setMemberActive(id, false),
    activateMember: (id) => controller.setMemberActive(id, true),
    addAsset: (input) => controller.addAsset(input),
    assetEvents: (id) => controller.assetEvents(id),
    access: (query) => controller.access(query),
    createPolicy: (body) => controller.createPolicy(body),
    updatePolicy: (id, body, mask) => controller.updatePolicy(id, body, mask),
    now: () => controller.now(),
    advanceClock: (seconds) => controller.advanceClock(seconds),
    addToken: (token, admin = true, memberIdentity) => {
      controller.addToken(token, admin, memberIdentity);
    },
    expireTokens: () => controller.expireTokens(),
    tenancy: () => controller.tenancy(),
    setTenancy: (patch) => controller.setTenancy(patch),
    reset: () => controller.reset(),
  };
}

/**
 * The tenancy to start as: the options' identity and name over the state file's, else a random one.
 * @throws EmulatorError naming a malformed identity or name
 */
function startTenancy(options: EmulatorOptions, persisted: EmulatorTenancy | undefined): EmulatorTenancy {
  const identity = options.tenancy ?? persisted?.identity;
  const base =
    identity === undefined
      ? randomTenancy()
      : identity === persisted?.identity
        ? persisted
        : { identity, displayName: defaultTenancyName(identity) };
  try {
    return patchedTenancy(base, {
      identity: base.identity,
      ...(options.tenancyName !== undefined ? { display_name: options.tenancyName } : {}),
    });
  } catch (error) {
    if (error instanceof EmulatorError) throw new EmulatorError(400, `tenancy option: ${error.message}`);
    throw error;
  }
}
export { EmulatorControl, type LoggedRequest } from "./control-client";
