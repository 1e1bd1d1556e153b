# shellcheck shell=bash
# A tool the tests need, built once per machine from the Go module proxy with `go install` and cached under
# ~/.cache/loomio-operator/tools/<name>-<version>/<name> (LOCAL_CLUSTER_CACHE moves the cache). Sourced by
# hack/s3.sh, hack/mailpit.sh and hack/actionlint.sh.

# go_tool NAME PACKAGE VERSION COLD: prints the binary's path, building it first when missing (COLD: how long a cold
# build takes, for the message).
go_tool() {
  local name="$1" package="$2" version="$3" cold="$4"
  local cache="${LOCAL_CLUSTER_CACHE:-$HOME/.cache/loomio-operator}"
  local out="$cache/tools/$name-$version"
  if [ ! -x "$out/$name" ]; then
    command -v go >/dev/null || { printf '[%s] missing go\n' "$name" >&2; return 1; }
    printf '[%s] building %s %s (cold: %s)\n' "$name" "$name" "$version" "$cold" >&2
    mkdir -p "$out"
    (cd "$cache" && CGO_ENABLED=0 GOBIN="$out/.gobin" GOFLAGS=-mod=mod go install -trimpath -ldflags='-s -w' \
      "$package@$version") || return 1
    mv "$out/.gobin/$name" "$out/$name"
    rm -rf "$out/.gobin"
  fi
  printf '%s\n' "$out/$name"
}
