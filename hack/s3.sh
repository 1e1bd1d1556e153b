#!/usr/bin/env bash
# The S3 server of the S3 target's tests: versitygw (Apache-2.0), a real S3 gateway over a POSIX directory, built once
# per machine from the Go module proxy (cached under ~/.cache/loomio-operator/tools; about 70 s cold). Prints the path
# of the binary; the tests start it on a port of their own (S3Server), so each can stop it mid-upload.
#
#   hack/s3.sh        build when missing; print the binary's path
set -euo pipefail
VERSITYGW_VERSION=v1.8.0
CACHE_DIR="${LOCAL_CLUSTER_CACHE:-$HOME/.cache/loomio-operator}"
OUT="$CACHE_DIR/tools/versitygw-$VERSITYGW_VERSION"
log() { printf '[s3] %s\n' "$*" >&2; }
if [ ! -x "$OUT/versitygw" ]; then
  command -v go >/dev/null || { log "missing go"; exit 1; }
  log "building versitygw $VERSITYGW_VERSION (cold: about a minute)"
  gobin="$OUT/.gobin"
  mkdir -p "$OUT"
  (cd "$CACHE_DIR" && CGO_ENABLED=0 GOBIN="$gobin" GOFLAGS=-mod=mod go install -trimpath -ldflags='-s -w' \
    "github.com/versity/versitygw/cmd/versitygw@$VERSITYGW_VERSION")
  mv "$gobin/versitygw" "$OUT/versitygw"
  rm -rf "$gobin"
fi
echo "$OUT/versitygw"
