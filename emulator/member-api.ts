import { authorize, type ApiRoute } from "./api-route";
import type { Caller } from "./auth";
import type { EmulatorCore } from "./core";
import { EmulatorError, parseJsonObject } from "./http";
import { filterFingerprint, paginate } from "./paging";
import { PAGING_QUERY } from "./query";
import { wireMember, type StoredMember } from "./store";
import { checkMemberUpdate, parseUpdateMask } from "./validation";

/** The `member_state` values of the Members API. */
export const MEMBER_STATES = [
  "MEMBER_STATE_UNSPECIFIED",
  "MEMBER_STATE_ACTIVE",
  "MEMBER_STATE_INACTIVE",
  "MEMBER_STATE_BOTH",
] as const;

/** The role that makes a member an administrator; losing it is a demotion. */
const OWNER = "OWNER";

/** `GET /archivist/iam/v1/members`. */
export const listMembers: ApiRoute = {
  key: "GET /members",
  query: { ...PAGING_QUERY, member_state: { type: "enum", values: MEMBER_STATES } },
  handle(core, request) {
    authorize(core, request);
    const raw = request.query.get("member_state") ?? "MEMBER_STATE_UNSPECIFIED";
    const state = MEMBER_STATES.find((s) => s === raw);
    if (state === undefined)
      throw new EmulatorError(400, `member_state must be one of ${MEMBER_STATES.join(", ")}`);
    const matching = core.store.allMembers().filter((m) => {
      if (state === "MEMBER_STATE_BOTH") return true;
      if (state === "MEMBER_STATE_INACTIVE") return !m.active;
      return m.active;
    });
    const page = paginate(matching, request.query, filterFingerprint("members", state), core.switches);
    return { status: 200, body: { members: page.items.map(wireMember), page_token: page.next } };
  },
};

// The member a caller acts as: the one its static token was bound to or, for the app registration's
// issued tokens, the member named by the `appRegistrationMember` switch.
function callerMemberId(core: EmulatorCore, caller: Caller): string | undefined {
  if (caller.member !== undefined) return caller.member;
  const email = core.switches.appRegistrationMember?.toLowerCase();
  if (!caller.issued || email === undefined) return undefined;
  return core.store.allMembers().find((m) => m.email.toLowerCase() === email)?.id;
}

// Nobody may deactivate or demote themselves (DataTrails' docs); the status is a switch.
function refuseSelfChange(core: EmulatorCore, caller: Caller, member: StoredMember, what: string): void {
  if (callerMemberId(core, caller) !== member.id) return;
  throw new EmulatorError(
    core.switches.selfChangeStatus,
    `a member cannot change itself: the caller is members/${member.id}, which may not ${what} itself`,
  );
}

/** `PATCH /archivist/iam/v1/members/{uuid}[?mask=roles]` with `{roles}`. */
export function patchMember(id: string): ApiRoute {
  return {
    key: "PATCH /members/{uuid}",
    query: { mask: { type: "mask" } },
    handle(core, request) {
      const caller = authorize(core, request);
      const mask = parseUpdateMask(request.query.get("mask"));
      const update = checkMemberUpdate(parseJsonObject(request.body), mask);
      const member = core.requireMember(id);
      if (update.roles === undefined) return { status: 200, body: wireMember(member) };
      if (member.roles.includes(OWNER) && !update.roles.includes(OWNER)) {
        refuseSelfChange(core, caller, member, "demote");
      }
      if (!member.active && core.switches.patchInactiveMember === "refuse") {
        throw new EmulatorError(
          400,
          `member members/${member.id} is inactive; activate it before changing its roles`,
        );
      }
      return { status: 200, body: wireMember(core.setMemberRoles(member, update.roles)) };
    },
  };
}

/** `POST /archivist/iam/v1/members/{uuid}:activate` or `:deactivate`. */
export function setMemberActive(id: string, active: boolean): ApiRoute {
  return {
    key: active ? "POST /members/{uuid}:activate" : "POST /members/{uuid}:deactivate",
    query: {},
    handle(core, request) {
      const caller = authorize(core, request);
      const member = core.requireMember(id);
      if (!active) refuseSelfChange(core, caller, member, "deactivate");
      return { status: 200, body: wireMember(core.setMemberActive(member, active, true)) };
    },
  };
}
