import * as datatrails from "pulumi-datatrails";

// The same Invite as examples/basic, served by the native plugin instead of the dynamic provider.
const alice = new datatrails.Invite("alice", {
  email: "alice@example.com",
  message: "Welcome to the audit tenancy",
});

export const identity = alice.identity;
export const status = alice.status;
// Every invite the tenancy holds for her (a provider function), once her Invite exists.
export const invitesForAlice = alice.identity.apply(async () => {
  const { invites } = await datatrails.listInvites({ email: "alice@example.com" });
  return invites.map((i) => i.identity);
});
