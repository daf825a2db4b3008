// Declare who is invited into a DataTrails tenancy: invites sent, re-sent and withdrawn by Pulumi.
package datatrails
