"""Invites in two tenancies: the default provider's (datatrails:* stack config) and an explicit one's."""

import pulumi
import pulumi_datatrails as datatrails

config = pulumi.Config()

# The second tenancy: its own URL, credentials (a secret) and pin, from this project's stack config.
staging = datatrails.Provider(
    "staging",
    url=config.get("stagingUrl") or "https://app.datatrails.ai",
    client_id=config.require("stagingClientId"),
    client_secret=config.require_secret("stagingClientSecret"),
    tenancy=config.get("stagingTenancy"),
)

alice = datatrails.Invite("alice", email="alice@example.com", message="Welcome to production")
bob = datatrails.Invite(
    "bob",
    email="bob@example.com",
    message="Welcome to staging",
    opts=pulumi.ResourceOptions(provider=staging),
)

pulumi.export("aliceIdentity", alice.identity)
pulumi.export("bobIdentity", bob.identity)
# A function call through the explicit provider: the staging tenancy's invites only.
pulumi.export(
    "stagingEmails",
    bob.identity.apply(
        lambda _: sorted(
            i.email for i in datatrails.list_invites(opts=pulumi.InvokeOptions(provider=staging)).invites
        )
    ),
)
