//go:build tools

// Package tools pins the language hosts' main packages so that `go mod tidy`
// keeps every dependency they need in go.mod/go.sum. It is never compiled.
package tools

import (
	_ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
	_ "github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python"
)
