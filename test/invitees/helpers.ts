import { expect } from "chai";
import { InviteeListError } from "../../provider/invitees";

/** The problems an `InviteeListError` thrown by `fn` lists; fails the test when `fn` throws anything else or nothing. */
export function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(InviteeListError);
    return (err as InviteeListError).problems;
  }
  throw new Error("expected an InviteeListError");
}
