//go:build tools

// Package tools pins the Pulumi CLI main package so that `go mod tidy` keeps
// every dependency it needs in go.mod/go.sum. It is never compiled.
package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
)
