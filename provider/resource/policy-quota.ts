// The tenancy's cap of access policies (`caps?service=access_policies`), checked before a create as
// the invite cap is.
import type { Cap } from "../client";
import { CapQuota, CapUsedUpError, type CapsSource } from "./quota";

/**
 * Refused before anything was sent (or translated from the service's 402): the tenancy's cap of
 * access policies is used up.
 */
export class PolicyCapError extends CapUsedUpError {
  override name = "PolicyCapError";

  /**
   * @param displayName the policy about to be created
   * @param cap the cap read from the service, when known
   * @param remaining how many policies remain
   * @param options `cause`: the service's 402, when it answered one
   */
  constructor(displayName: string, cap: Cap | undefined, remaining: number, options?: { cause?: unknown }) {
    const named = cap
      ? `the tenancy's cap of access policies (${cap.cap} in all) has ${Math.max(remaining, 0)} remaining`
      : "the tenancy's cap of access policies is used up (0 remaining)";
    super(
      `cannot create access policy ${JSON.stringify(displayName)}: ${named}, so DataTrails refuses another ` +
        `(402 Payment Required). Remove policies that are no longer needed, or ask DataTrails to raise ` +
        `the cap; nothing was created.`,
      cap,
      remaining,
      options,
    );
  }
}

/** The cap that limits policies: the only entry listed, else the one naming policies. */
function policiesCap(caps: readonly Cap[]): Cap | undefined {
  return caps.length === 1 ? caps[0] : caps.find((c) => /polic/i.test(c.resourceType));
}

/**
 * The tenancy's cap of access policies for one deployment (see {@link CapQuota}).
 * @internal
 */
export class PolicyQuota extends CapQuota<PolicyCapError> {
  /** @param client where the caps are read */
  constructor(client: CapsSource) {
    super(client, "access_policies", policiesCap, (...args) => new PolicyCapError(...args));
  }
}
