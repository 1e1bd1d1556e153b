#!/usr/bin/env bash
# Lints the GitHub Actions workflows (.github/workflows) with actionlint (MIT), built once per machine from the Go
# module proxy (cached under ~/.cache/loomio-operator/tools). actionlint checks the workflow syntax, the expressions
# and the actions' inputs, and runs shellcheck on every `run:` script when shellcheck is on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
ACTIONLINT_VERSION=v1.7.12
CACHE_DIR="${LOCAL_CLUSTER_CACHE:-$HOME/.cache/loomio-operator}"
OUT="$CACHE_DIR/tools/actionlint-$ACTIONLINT_VERSION"
if [ ! -x "$OUT/actionlint" ]; then
  command -v go >/dev/null || { echo "[actionlint] missing go" >&2; exit 1; }
  echo "[actionlint] building actionlint $ACTIONLINT_VERSION (cold: under a minute)" >&2
  mkdir -p "$OUT"
  (cd "$CACHE_DIR" && CGO_ENABLED=0 GOBIN="$OUT" GOFLAGS=-mod=mod go install -trimpath -ldflags='-s -w' \
    "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION")
fi
"$OUT/actionlint" -no-color "$@"
