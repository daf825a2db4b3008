module example.com/datatrails-invites-go

go 1.25

require (
	github.com/datatrails-contrib/pulumi-datatrails-invites/sdk/go v0.2.0
	github.com/pulumi/pulumi/sdk/v3 v3.274.1
)

// This repository's generated SDK; in your project, drop this line to take the published module.
replace github.com/datatrails-contrib/pulumi-datatrails-invites/sdk/go => ../../sdk/go
