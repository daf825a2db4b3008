/**
 * The Members API's changes: a member's roles (`PATCH` with `mask=roles`), activation and
 * deactivation. Each is idempotent (setting the same roles twice, or activating an active member,
 * ends in the same state), so each is sent through the requester's retrying `call()`, like a GET.
 */
import { checkRoles, memberUuid } from "./input";
import type { Requester } from "./requester";
import type { TransportRequest } from "./transport";
import type { MemberRecord } from "./types";
import { toMemberResponse } from "./wire";

// The actions are `POST {members}/{uuid}:<action>`; the body is an empty JSON object.
const ACTION_BODY = "{}";
const JSON_HEADERS: Readonly<Record<string, string>> = Object.freeze({ "Content-Type": "application/json" });

/** Sends member changes under the members collection path. */
export class MemberWrites {
  /**
   * @param requester - Sends with the token, retries within one operation's budget.
   * @param membersPath - The members collection path, e.g. `/archivist/iam/v1/members`.
   */
  constructor(
    private readonly requester: Pick<Requester, "call" | "operation">,
    private readonly membersPath: string,
  ) {}

  /**
   * Replaces a member's roles.
   *
   * @throws DataTrailsConfigError for a bad identity or roles (nothing is sent).
   */
  updateRoles(identityOrUuid: string, roles: readonly string[]): Promise<MemberRecord> {
    const uuid = memberUuid(identityOrUuid, "updateMemberRoles");
    const body = JSON.stringify({ roles: checkRoles(roles) });
    return this.send({
      method: "PATCH",
      path: `${this.membersPath}/${uuid}`,
      query: { mask: "roles" },
      headers: { ...JSON_HEADERS },
      body,
    });
  }

  /**
   * Activates or deactivates a member.
   *
   * @throws DataTrailsConfigError for a bad identity (nothing is sent).
   */
  setActive(identityOrUuid: string, active: boolean): Promise<MemberRecord> {
    const uuid = memberUuid(identityOrUuid, active ? "activateMember" : "deactivateMember");
    return this.send({
      method: "POST",
      path: `${this.membersPath}/${uuid}:${active ? "activate" : "deactivate"}`,
      headers: { ...JSON_HEADERS },
      body: ACTION_BODY,
    });
  }

  private send(req: TransportRequest): Promise<MemberRecord> {
    return this.requester.call(req, this.requester.operation(), (res, ctx) => toMemberResponse(ctx, res));
  }
}
