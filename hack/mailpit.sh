#!/usr/bin/env bash
# The SMTP server of the alarm e-mail tests: Mailpit (MIT), a real SMTP server that keeps what it receives and serves
# it over an HTTP API, built once per machine from the Go module proxy (cached under ~/.cache/loomio-operator/tools;
# about two minutes cold). Prints the path of the binary; the tests start it on ports of their own (MailServer).
#
#   hack/mailpit.sh        build when missing; print the binary's path
set -euo pipefail
MAILPIT_VERSION=v1.33.1
CACHE_DIR="${LOCAL_CLUSTER_CACHE:-$HOME/.cache/loomio-operator}"
OUT="$CACHE_DIR/tools/mailpit-$MAILPIT_VERSION"
log() { printf '[mailpit] %s\n' "$*" >&2; }
if [ ! -x "$OUT/mailpit" ]; then
  command -v go >/dev/null || { log "missing go"; exit 1; }
  log "building mailpit $MAILPIT_VERSION (cold: about two minutes)"
  gobin="$OUT/.gobin"
  mkdir -p "$OUT"
  (cd "$CACHE_DIR" && CGO_ENABLED=0 GOBIN="$gobin" GOFLAGS=-mod=mod go install -trimpath -ldflags='-s -w' \
    "github.com/axllent/mailpit@$MAILPIT_VERSION")
  mv "$gobin/mailpit" "$OUT/mailpit"
  rm -rf "$gobin"
fi
echo "$OUT/mailpit"
