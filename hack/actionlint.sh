#!/usr/bin/env bash
# Lints the GitHub Actions workflows (.github/workflows) with actionlint (MIT), built once per machine from the Go
# module proxy (cached under ~/.cache/loomio-operator/tools). actionlint checks the workflow syntax, the expressions
# and the actions' inputs, and runs shellcheck on every `run:` script when shellcheck is on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=hack/lib/go-tool.sh
. hack/lib/go-tool.sh
actionlint=$(go_tool actionlint github.com/rhysd/actionlint/cmd/actionlint v1.7.12 "under a minute")
"$actionlint" -no-color "$@"
