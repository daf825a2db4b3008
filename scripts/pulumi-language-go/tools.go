//go:build tools

// Package tools pins the Go language host's main package so that `go mod tidy`
// keeps every dependency it needs in go.mod/go.sum. It is never compiled.
package tools

import (
	_ "github.com/pulumi/pulumi/sdk/v3/go/pulumi-language-go"
)
