import { MEMBER_FIELDS, memberFieldFailures, type FieldFailure, type OnRemove } from "../client";
import { checkInputs, INVITE_DEFAULTS, type InputRules } from "./inputs";

/**
 * Defaults for the optional switches of a `Member`.
 */
export const MEMBER_DEFAULTS = {
  ...INVITE_DEFAULTS,
  /** @default false */
  owner: false,
  /** @default "keep" */
  onRemove: "keep",
} as const;

/** Inputs of the `Member` resource as the provider receives them (resolved values). */
export interface MemberInputs {
  /** The person's email address. */
  email: string;
  /** Text for the invitation email. */
  message?: string;
  /** Whether the person holds the `OWNER` role once they have joined. */
  owner?: boolean;
  /** What removing the resource does to a member: keep their access, or deactivate them. */
  onRemove?: OnRemove;
  /** Take over a pending invite for the same email instead of refusing. */
  adopt?: boolean;
  /** Re-send an invite whose expiry has passed on the next `up`. */
  renewExpired?: boolean;
}

/** The switches of a `Member` with their defaults applied. */
export interface MemberSwitches {
  /** The `owner` input in effect. */
  owner: boolean;
  /** The `onRemove` input in effect. */
  onRemove: OnRemove;
  /** The `adopt` input in effect. */
  adopt: boolean;
  /** The `renewExpired` input in effect. */
  renewExpired: boolean;
}

const MEMBER_RULES: InputRules = {
  resource: "Member",
  fields: MEMBER_FIELDS,
  failures: memberFieldFailures,
  optional: ["message", "owner", "onRemove", "adopt", "renewExpired"],
};

/**
 * Validates and normalises `Member` inputs with the same field rules as `Invite` plus `owner` and
 * `onRemove`. Reports every failure at once, each naming its property; values not known yet (preview)
 * pass through unchecked. Makes no API call.
 * @internal
 */
export function checkMemberInputs(news: Record<string, unknown>): {
  inputs: Record<string, unknown>;
  failures: FieldFailure[];
} {
  return checkInputs(news, MEMBER_RULES);
}

/**
 * The switches with their defaults applied (anything not of the right type counts as absent).
 * @internal
 */
export function memberSwitches(inputs: Readonly<Record<string, unknown>>): MemberSwitches {
  const flag = (value: unknown, fallback: boolean): boolean =>
    typeof value === "boolean" ? value : fallback;
  return {
    owner: flag(inputs.owner, MEMBER_DEFAULTS.owner),
    onRemove: inputs.onRemove === "deactivate" ? "deactivate" : MEMBER_DEFAULTS.onRemove,
    adopt: flag(inputs.adopt, MEMBER_DEFAULTS.adopt),
    renewExpired: flag(inputs.renewExpired, MEMBER_DEFAULTS.renewExpired),
  };
}
