// Someone invited Dana by hand (in the DataTrails portal). `adopt: true` takes that pending invite over
// instead of failing, and sends no second email. `listInvites()` then reports every invite in the
// tenancy that this program does not declare, so you can declare or withdraw them.
import { Invite, listInvites } from "pulumi-datatrails-invites";

const DANA = "dana@example.com";
const dana = new Invite("dana", { email: DANA, adopt: true });

/** The identity of the hand-made invite: adopting it sent no new email. */
export const danaIdentity = dana.identity;
/** `true`: the invite existed before this stack declared it. */
export const danaAdopted = dana.adopted;
/** `pending` until Dana accepts and you refresh. */
export const danaStatus = dana.status;

/** Every email this program declares (add each new Invite's email here). */
const declaredEmails = new Set([DANA].map((email) => email.trim().toLowerCase()));

/** The tenancy's invites that no Invite above declares (sent by hand or by another tool). */
export const undeclared = listInvites().then((all) =>
  all
    .filter((invite) => !declaredEmails.has(invite.email.trim().toLowerCase()))
    .map(({ email, identity, status, expiryTime }) => ({ email, identity, status, expiryTime }))
    .sort((a, b) => a.email.localeCompare(b.email)),
);
