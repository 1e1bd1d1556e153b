//go:build tools

// Package tools pins helm-unittest (the chart's unit tests, charts/loomio-operator/tests) for hack/gitops-tools.sh.
// Its go.mod has a replace directive, so `go install …@version` refuses it; this module copies the replace instead.
package tools

import _ "github.com/helm-unittest/helm-unittest/cmd/helm-unittest"
