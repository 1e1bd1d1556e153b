#!/usr/bin/env bash
# The SMTP server of the alarm e-mail tests: Mailpit (MIT), a real SMTP server that keeps what it receives and serves
# it over an HTTP API, built once per machine from the Go module proxy (cached under ~/.cache/loomio-operator/tools;
# about two minutes cold). Prints the path of the binary; the tests start it on ports of their own (MailServer).
#
#   hack/mailpit.sh        build when missing; print the binary's path
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=hack/lib/go-tool.sh
. hack/lib/go-tool.sh
go_tool mailpit github.com/axllent/mailpit v1.33.1 "about two minutes"
