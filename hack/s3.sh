#!/usr/bin/env bash
# The S3 server of the S3 target's tests: versitygw (Apache-2.0), a real S3 gateway over a POSIX directory, built once
# per machine from the Go module proxy (cached under ~/.cache/loomio-operator/tools; about 70 s cold). Prints the path
# of the binary; the tests start it on a port of their own (S3Server), so each can stop it mid-upload.
#
#   hack/s3.sh        build when missing; print the binary's path
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=hack/lib/go-tool.sh
. hack/lib/go-tool.sh
go_tool versitygw github.com/versity/versitygw/cmd/versitygw v1.8.0 "about a minute"
