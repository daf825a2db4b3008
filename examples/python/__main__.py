"""Two invites and a report of the tenancy's invites, through the native datatrails provider."""

import pulumi
import pulumi_datatrails as datatrails

alice = datatrails.Invite(
    "alice",
    email="alice@example.com",
    message="Welcome to the audit tenancy",
)
bob = datatrails.Invite("bob", email="bob@example.com", renew_expired=False)

pulumi.export("aliceIdentity", alice.identity)
pulumi.export("statuses", {"alice": alice.status, "bob": bob.status})
# Invites for one address, as the service lists them (a function of the provider, run at each update).
pulumi.export(
    "aliceInvites",
    alice.identity.apply(lambda _: len(datatrails.list_invites(email="alice@example.com").invites)),
)
