// An invite declared in Go through the native datatrails provider plugin and its generated Go SDK.
package main

import (
	"github.com/datatrails-contrib/pulumi-datatrails-invites/sdk/go/datatrails"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		alice, err := datatrails.NewInvite(ctx, "alice", &datatrails.InviteArgs{
			Email:   pulumi.String("alice@example.com"),
			Message: pulumi.String("Welcome to the audit tenancy"),
		})
		if err != nil {
			return err
		}
		ctx.Export("identity", alice.Identity)
		ctx.Export("status", alice.Status)
		// Every invite the tenancy holds for her (a provider function), once her Invite exists.
		ctx.Export("invitesForAlice", alice.Identity.ApplyT(func(string) ([]string, error) {
			email := "alice@example.com"
			found, err := datatrails.ListInvites(ctx, &datatrails.ListInvitesArgs{Email: &email})
			if err != nil {
				return nil, err
			}
			identities := make([]string, 0, len(found.Invites))
			for _, invite := range found.Invites {
				identities = append(identities, invite.Identity)
			}
			return identities, nil
		}))
		return nil
	})
}
