// The changes a Member makes to a membership: reactivate, set the roles `owner` asks for, deactivate.
// Each refuses, before calling the API, to leave the tenancy without an active Owner, and turns the
// service's "you cannot change yourself" refusal into an error naming the member.
import { collect, DataTrailsError, isHTTPError, type DataTrailsClient, type MemberRecord } from "../client";
import { holdsOwner, rolesFor } from "./outputs";

/**
 * The client calls the Member's changes make.
 * @internal
 */
export type MemberApi = Pick<
  DataTrailsClient,
  "listMembers" | "updateMemberRoles" | "activateMember" | "deactivateMember"
>;

/** The statuses with which the service may refuse a change of oneself (the docs do not say which). */
const SELF_REFUSAL_STATUSES: readonly number[] = [400, 403, 409, 412];
// The service's own words for that refusal; an unrelated 403 (not an administrator) lacks them.
const SELF_REFUSAL_WORDS =
  /\b(yourself|themselves|itself|oneself|your own|own (membership|member|roles?|account))\b/i;

/**
 * Whether `err` is the service refusing to let the caller deactivate or demote their own membership.
 * @internal
 */
export function isSelfRefusal(err: unknown): boolean {
  if (!isHTTPError(err) || !SELF_REFUSAL_STATUSES.includes(err.status)) return false;
  return SELF_REFUSAL_WORDS.test(`${err.apiMessage ?? ""} ${err.bodyText}`);
}

function who(member: Pick<MemberRecord, "email" | "identity">): string {
  return member.email ? `${member.email} (${member.identity})` : member.identity;
}

function selfRefusal(member: MemberRecord, change: string, err: unknown): DataTrailsError {
  return new DataTrailsError(
    `cannot ${change} member ${who(member)}: DataTrails refuses because that membership is the one ` +
      `these credentials act as, and nobody may deactivate or demote themselves. Apply this change ` +
      `with another administrator's credentials (datatrails:clientId / datatrails:token), or keep ` +
      `this member as they are (owner: true, onRemove: "keep"). Nothing was changed.`,
    { cause: err },
  );
}

async function guarded<T>(member: MemberRecord, change: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (isSelfRefusal(err)) throw selfRefusal(member, change, err);
    throw err;
  }
}

/**
 * Whether the member is active now, refusing (before any change) to deactivate or demote the
 * tenancy's last active Owner. Lists the active members afresh: a safety check must not trust a
 * listing made earlier in the deployment.
 */
async function activeUnlessLastOwner(api: MemberApi, member: MemberRecord, change: string): Promise<boolean> {
  const active = (await collect(api.listMembers({ memberState: "MEMBER_STATE_ACTIVE" }))).filter(
    (m) => m.active,
  );
  const current = active.find((m) => m.identity === member.identity);
  if (!current) return false;
  if (
    !holdsOwner(current.roles) ||
    active.some((m) => m.identity !== member.identity && holdsOwner(m.roles))
  ) {
    return true;
  }
  throw new DataTrailsError(
    `refusing to ${change} member ${who(member)}: they are the tenancy's last active Owner, and ` +
      `without one nobody could administer it. Make another member an Owner first (owner: true on ` +
      `their Member), or keep this one (owner: true, onRemove: "keep"). Nothing was changed.`,
  );
}

/**
 * Sets the roles `owner` asks for, with one PATCH, only when they differ.
 * @internal
 */
export async function applyOwner(
  api: MemberApi,
  member: MemberRecord,
  owner: boolean,
): Promise<MemberRecord> {
  if (holdsOwner(member.roles) === owner) return member;
  if (!owner) await activeUnlessLastOwner(api, member, "demote");
  const change = owner ? "make an Owner of" : "demote";
  const updated = await guarded(member, change, () =>
    api.updateMemberRoles(member.identity, rolesFor(member.roles, owner)),
  );
  return { ...member, ...updated, email: updated.email || member.email };
}

/**
 * Gives a declared person the access the program says: reactivates an inactive member (which
 * restores basic rights only), then sets the roles `owner` asks for.
 * @internal
 */
export async function bringInLine(
  api: MemberApi,
  member: MemberRecord,
  owner: boolean,
): Promise<MemberRecord> {
  let current = member;
  if (!current.active) {
    const activated = await guarded(current, "reactivate", () => api.activateMember(current.identity));
    current = { ...current, ...activated, email: activated.email || current.email };
  }
  return applyOwner(api, current, owner);
}

/**
 * Deactivates a member (which clears their roles), unless they are the last active Owner; one who is
 * no longer active counts as done.
 * @internal
 */
export async function deactivate(api: MemberApi, member: MemberRecord): Promise<void> {
  if (!(await activeUnlessLastOwner(api, member, "deactivate"))) return;
  await guarded(member, "deactivate", () => api.deactivateMember(member.identity));
}
