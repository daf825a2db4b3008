import type { EmulatorCore } from "./core";
import { FaultsError, type FaultRule } from "./faults";
import { EmulatorError, isRecord } from "./http";
import type { RequestLogEntry } from "./request-log";
import { bareId, MEMBER_ROLES, wireInvite, wireMember, type WireInvite, type WireMember } from "./store";
import { normalizeSwitches, SwitchesError, copySwitches, type Switches } from "./switches";
import { formatRfc3339 } from "./clock";
import { checkCreateInvite, emailProblem } from "./validation";
import { patchedTenancy, wireTenancy, type WireTenancy } from "./tenancy";
import type { AssetGrant } from "./access-rights";
import {
  wireAsset,
  wireAssetEvent,
  wirePolicy,
  type WireAccessPolicy,
  type WireAsset,
  type WireAssetEvent,
} from "./access-store";
import { applyPolicyPatch, checkCreatePolicy, parsePolicyMask } from "./access-validation";

/** The store as `GET /_emulator/state` shows it. */
export interface EmulatorState {
  /** Every stored invite (expired ones included), in creation order. */
  invites: WireInvite[];
  /** Every member, in creation order. */
  members: WireMember[];
  /** Every access policy, in creation order. */
  access_policies: WireAccessPolicy[];
  /** Every asset, in creation order. */
  assets: WireAsset[];
  /** Emulator time, RFC 3339. */
  now: string;
}

/** A member added out of band. */
export interface AddMemberInput {
  /** The member's address. */
  email: string;
  /** Whether the membership is active. @default true */
  active?: boolean;
  /** Display name. @default "" */
  display_name?: string;
  /** Roles (`ROLE_UNSPECIFIED` or `OWNER`). @default [] */
  roles?: string[];
  /**
   * A static administrator bearer token that belongs to the new member (for the "cannot change
   * yourself" rule). @default none
   */
  token?: string;
}

/** A static token the emulator accepts, as the control API answers it. */
export interface AddedToken {
  /** The token. */
  token: string;
  /** Whether it is a tenancy administrator's. */
  admin: boolean;
  /** `members/<uuid>` of the member it belongs to, if any. */
  member?: string;
}

/** An invite created out of band (no auth, no quota, no duplicate check, not logged). */
export interface CreateInviteInput {
  /** Invitee's address (validated like the API does). */
  email: string;
  /** Invitation message. @default "" */
  message?: string;
  /** Lifetime override in seconds, e.g. 0 for an already expired invite. @default the inviteTtlSeconds switch */
  ttlSeconds?: number;
}

/** An asset added out of band (assets are not managed through the emulated API). */
export interface AddAssetInput {
  /** Attributes by name, e.g. `{"arc_display_type": "Audit"}`. */
  attributes: Record<string, string>;
  /** Whether the asset is public (public assets match no policy filter). @default false */
  public?: boolean;
  /** Behaviours enabled on the asset. @default ["RecordEvidence"] */
  behaviours?: string[];
}

/** Who to ask the rights of: an invited user by email, or an app registration by client id. */
export interface AccessQuery {
  /** The user's email. */
  email?: string;
  /** The app registration's client id. */
  subject?: string;
}

function stringList(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === "string")) {
    throw new EmulatorError(400, `${field} must be an array of strings`);
  }
  return value;
}

/**
 * The control operations, shared by the HTTP control API and the in-process helpers of
 * `RunningEmulator`. Failures throw {@link EmulatorError} with the status the control API answers.
 */
export class Controller {
  /** @param core the emulator's state */
  constructor(private readonly core: EmulatorCore) {}

  /** API requests seen so far. */
  requests(): RequestLogEntry[] {
    return this.core.log.list();
  }

  /** Forgets the request log. */
  clearRequests(): void {
    this.core.log.clear();
  }

  /** The store and the emulator time. */
  state(): EmulatorState {
    return {
      invites: this.core.store.allInvites().map(wireInvite),
      members: this.core.store.allMembers().map(wireMember),
      access_policies: this.core.access.allPolicies().map((p) => wirePolicy(p, this.core.tenant)),
      assets: this.core.access.allAssets().map((a) => wireAsset(a, this.core.tenant)),
      now: this.now(),
    };
  }

  /** Current switches (a copy). */
  switches(): Switches {
    return copySwitches(this.core.switches);
  }

  /**
   * Merges a partial switches object (`SwitchesPatch`; untrusted input is checked) over the
   * current one.
   * @throws EmulatorError 400 naming the bad field; nothing changes then
   */
  setSwitches(patch: unknown): Switches {
    try {
      this.core.switches = normalizeSwitches(patch, this.core.switches);
    } catch (error) {
      if (error instanceof SwitchesError) throw new EmulatorError(400, error.message);
      throw error;
    }
    return this.switches();
  }

  /** Active fault rules. */
  faults(): FaultRule[] {
    return this.core.faults.list();
  }

  /**
   * Adds one {@link FaultRule} or several (untrusted input is checked).
   * @throws EmulatorError 400 naming the bad field; nothing is added then
   */
  addFaults(rules: unknown): FaultRule[] {
    try {
      return this.core.faults.add(rules);
    } catch (error) {
      if (error instanceof FaultsError) throw new EmulatorError(400, error.message);
      throw error;
    }
  }

  /** Drops every fault rule. */
  clearFaults(): void {
    this.core.faults.clear();
  }

  /**
   * Creates an invite out of band.
   * @throws EmulatorError 400 for a bad email or message
   */
  createInvite(input: CreateInviteInput): WireInvite {
    const { ttlSeconds, ...fields } = input as CreateInviteInput & Record<string, unknown>;
    if (
      ttlSeconds !== undefined &&
      (typeof ttlSeconds !== "number" || !Number.isInteger(ttlSeconds) || ttlSeconds < 0)
    ) {
      throw new EmulatorError(400, "ttlSeconds must be an integer >= 0");
    }
    const checked = checkCreateInvite(fields);
    return wireInvite(this.core.createInvite(checked.email, checked.message, { enforce: false, ttlSeconds }));
  }

  /** Deletes an invite out of band. @throws EmulatorError 404 when it does not exist */
  revokeInvite(idOrIdentity: string): void {
    if (!this.core.store.deleteInvite(bareId(idOrIdentity))) {
      throw new EmulatorError(404, `invite ${idOrIdentity} not found`);
    }
    this.core.persist();
  }

  /**
   * Accepts an invite as its invitee would: the invite is deleted and an active member with its email,
   * no display name and no roles joins the tenancy.
   * @throws EmulatorError 404 when the invite does not exist
   */
  acceptInvite(idOrIdentity: string): WireMember {
    const invite = this.core.store.invite(bareId(idOrIdentity));
    if (!invite) throw new EmulatorError(404, `invite ${idOrIdentity} not found`);
    this.core.store.deleteInvite(invite.id);
    const member = this.core.store.addMember(invite.email, "", true, []);
    this.core.persist();
    return wireMember(member);
  }

  /**
   * Adds a member out of band.
   * @throws EmulatorError 400 naming a bad field
   */
  addMember(input: AddMemberInput): WireMember {
    const raw: unknown = input;
    if (!isRecord(raw)) throw new EmulatorError(400, "a member must be a JSON object");
    for (const key of Object.keys(raw)) {
      if (!["email", "active", "display_name", "roles", "token"].includes(key)) {
        throw new EmulatorError(400, `unknown field "${key}"`);
      }
    }
    const { email, active = true, display_name = "", roles = [], token } = raw;
    if (typeof email !== "string") throw new EmulatorError(400, "email is required and must be a string");
    const problem = emailProblem(email);
    if (problem !== undefined) throw new EmulatorError(400, problem);
    if (typeof active !== "boolean") throw new EmulatorError(400, "active must be a boolean");
    if (typeof display_name !== "string") throw new EmulatorError(400, "display_name must be a string");
    if (
      !Array.isArray(roles) ||
      !roles.every((r): r is string => typeof r === "string" && MEMBER_ROLES.includes(r))
    ) {
      throw new EmulatorError(400, `roles must be an array of ${MEMBER_ROLES.join(" / ")}`);
    }
    if (token !== undefined) checkToken(token);
    const member = this.core.store.addMember(email, display_name, active, roles);
    if (typeof token === "string") this.core.auth.addStatic(token, true, member.id);
    this.core.persist();
    return wireMember(member);
  }

  /**
   * Activates or deactivates a member out of band, by the API's rule (deactivation removes every
   * role, reactivation restores only basic rights) but never refused: no member cap, no self rule.
   * @throws EmulatorError 404 when the member does not exist
   */
  setMemberActive(idOrIdentity: string, active: boolean): WireMember {
    return wireMember(this.core.setMemberActive(this.core.requireMember(idOrIdentity), active, false));
  }

  /**
   * Adds an asset out of band.
   * @throws EmulatorError 400 naming a bad field
   */
  addAsset(input: AddAssetInput): WireAsset {
    const raw: unknown = input;
    if (!isRecord(raw)) throw new EmulatorError(400, "an asset must be a JSON object");
    for (const key of Object.keys(raw)) {
      if (!["attributes", "public", "behaviours"].includes(key))
        throw new EmulatorError(400, `unknown field "${key}"`);
    }
    const { attributes, public: isPublic = false, behaviours = ["RecordEvidence"] } = raw;
    if (!isRecord(attributes) || !Object.values(attributes).every((v) => typeof v === "string")) {
      throw new EmulatorError(400, "attributes must be an object of string values");
    }
    if (typeof isPublic !== "boolean") throw new EmulatorError(400, "public must be a boolean");
    const asset = this.core.access.addAsset({
      attributes: attributes as Record<string, string>,
      public: isPublic,
      behaviours: stringList(behaviours, "behaviours"),
      atMs: this.core.nowMs(),
    });
    this.core.persist();
    return wireAsset(asset, this.core.tenant);
  }

  /**
   * The audit events recorded on an asset, oldest first.
   * @throws EmulatorError 404 when the asset does not exist
   */
  assetEvents(idOrIdentity: string): WireAssetEvent[] {
    const asset = this.core.access.asset(bareId(idOrIdentity));
    if (!asset) throw new EmulatorError(404, `asset ${idOrIdentity} not found`);
    return this.core.access.eventsOf(asset.id).map(wireAssetEvent);
  }

  /**
   * What a person may read and write through the access policies, under the rights switches.
   * @throws EmulatorError 400 unless exactly one of email and subject is given
   */
  access(query: AccessQuery): AssetGrant[] {
    const { email, subject } = query;
    if ((email === undefined) === (subject === undefined) || (email ?? subject) === "") {
      throw new EmulatorError(400, "give exactly one of email=<address> or subject=<client id>");
    }
    return this.core.grantsFor(email !== undefined ? { email } : { subject });
  }

  /**
   * Creates an access policy out of band (as the web UI would: no quota, not logged), checked like the
   * API's create. Records the audit events.
   * @throws EmulatorError 400 naming a bad field
   */
  createPolicy(body: Record<string, unknown>): WireAccessPolicy {
    return wirePolicy(this.core.createPolicy(checkCreatePolicy(body), false), this.core.tenant);
  }

  /**
   * Edits an access policy out of band (as the web UI would), by the API's PATCH rules. Records the
   * audit events.
   * @param mask the fields to change, comma-separated, as the API's `mask` query @default none
   * @throws EmulatorError 400 naming a bad field, 404 when the policy does not exist
   */
  updatePolicy(idOrIdentity: string, body: Record<string, unknown>, mask?: string): WireAccessPolicy {
    const policy = this.core.access.policy(bareId(idOrIdentity));
    if (!policy) throw new EmulatorError(404, `access policy ${idOrIdentity} not found`);
    const fields = applyPolicyPatch(policy, body, parsePolicyMask(mask ?? null));
    return wirePolicy(this.core.updatePolicy(policy, fields), this.core.tenant);
  }

  /** Emulator time, RFC 3339. */
  now(): string {
    return formatRfc3339(this.core.nowMs());
  }

  /**
   * Moves emulator time forward (invites and tokens expire by it).
   * @throws EmulatorError 400 for a negative or non-finite amount
   * @returns the new emulator time
   */
  advanceClock(seconds: number): string {
    try {
      this.core.clock.advance(seconds);
    } catch (error) {
      if (error instanceof RangeError) throw new EmulatorError(400, error.message);
      throw error;
    }
    this.core.persist();
    return this.now();
  }

  /**
   * Accepts a static bearer token from now on.
   * @param admin whether it is a tenancy administrator's (others get 403) @default true
   * @param memberIdentity the member it belongs to (`members/<uuid>` or the uuid), for the "cannot
   *   change yourself" rule @default none
   * @throws EmulatorError 400 for a malformed token or flag, 404 for an unknown member
   */
  addToken(token: string, admin = true, memberIdentity?: string): AddedToken {
    checkToken(token);
    if (typeof admin !== "boolean") throw new EmulatorError(400, "admin must be a boolean");
    if (memberIdentity !== undefined && typeof memberIdentity !== "string") {
      throw new EmulatorError(400, 'member must be a member identity ("members/<uuid>")');
    }
    const member = memberIdentity === undefined ? undefined : this.core.requireMember(memberIdentity);
    this.core.auth.addStatic(token, admin, member?.id);
    this.core.persist();
    return member ? { token, admin, member: `members/${member.id}` } : { token, admin };
  }

  /** Makes every issued access token expire now. @returns how many were live */
  expireTokens(): number {
    const count = this.core.auth.expireIssued(this.core.nowMs());
    this.core.persist();
    return count;
  }

  /** The tenancy every accepted credential belongs to, as the Tenancies API answers it. */
  tenancy(): WireTenancy {
    return wireTenancy(this.core.tenancy);
  }

  /**
   * Changes the tenancy's identity and/or display name (`{identity?, display_name?}`, untrusted input
   * is checked).
   * @throws EmulatorError 400 naming the bad field; nothing changes then
   */
  setTenancy(patch: unknown): WireTenancy {
    this.core.tenancy = patchedTenancy(this.core.tenancy, patch);
    this.core.persist();
    return this.tenancy();
  }

  /**
   * Empty store and log, no faults, zero clock offset, start switches and tenancy; credentials and
   * tokens kept.
   */
  reset(): void {
    this.core.reset();
  }
}

function checkToken(token: unknown): asserts token is string {
  if (typeof token !== "string" || !/^\S+$/.test(token)) {
    throw new EmulatorError(400, "token must be a non-empty string without whitespace");
  }
}
