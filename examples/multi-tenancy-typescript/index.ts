import * as pulumi from "@pulumi/pulumi";
import * as datatrails from "pulumi-datatrails";

const config = new pulumi.Config();

// The second tenancy: an explicit provider with its own URL, credentials (a secret) and pin. The
// credentials reach only its plugin process, never a resource's inputs.
const staging = new datatrails.Provider("staging", {
  url: config.get("stagingUrl") ?? "https://app.datatrails.ai",
  clientId: config.require("stagingClientId"),
  clientSecret: config.requireSecret("stagingClientSecret"),
  tenancy: config.get("stagingTenancy"),
});

// The default provider: the datatrails:* stack config.
const alice = new datatrails.Invite("alice", {
  email: "alice@example.com",
  message: "Welcome to production",
});
const bob = new datatrails.Invite(
  "bob",
  { email: "bob@example.com", message: "Welcome to staging" },
  { provider: staging },
);

export const aliceIdentity = alice.identity;
export const bobIdentity = bob.identity;
// A function call through the explicit provider: the staging tenancy's invites only.
export const stagingEmails = bob.identity.apply(async () => {
  const { invites } = await datatrails.listInvites({}, { provider: staging });
  return invites.map((i) => i.email).sort();
});
