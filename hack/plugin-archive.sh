#!/usr/bin/env bash
# Packages the kubectl plugin for krew: target/plugin/kubectl-loomio-v<version>.tar.gz (the script and LICENSE; the
# same bytes on every run) and target/plugin/loomio.yaml, the krew manifest naming it by URL and sha256.
#
#   hack/plugin-archive.sh            package; print the two paths
#   hack/plugin-archive.sh --check    package, then install both with krew itself into a scratch KREW_ROOT (krew
#                                     validates the manifest and the archive's sha256) and run the installed plugin
#
# RELEASE_BASE_URL: where releases publish the archive (default below); the manifest names <base>/v<version>/<file>.
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE_DIR="${LOCAL_CLUSTER_CACHE:-$HOME/.cache/loomio-operator}"
KREW_VERSION=v0.4.3
HOMEPAGE="https://github.com/pistack/loomio-operator"
base="${RELEASE_BASE_URL:-$HOMEPAGE/releases/download}"
version=$(sed -n 's/^VERSION="\(.*\)"$/\1/p' plugin/kubectl-loomio)
[ -n "$version" ] || { echo "plugin-archive: no VERSION= line in plugin/kubectl-loomio" >&2; exit 1; }
out=target/plugin
archive="kubectl-loomio-v$version.tar.gz"
mkdir -p "$out"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
install -m 0755 plugin/kubectl-loomio "$stage/kubectl-loomio"
install -m 0644 LICENSE "$stage/LICENSE"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$stage" -cf - kubectl-loomio LICENSE \
  | gzip -n -9 > "$out/$archive"
sha=$(sha256sum "$out/$archive" | cut -d' ' -f1)
# shellcheck disable=SC2016 # the template's placeholders, literally
sed -e "s|\${VERSION}|$version|g" -e "s|\${HOMEPAGE}|$HOMEPAGE|g" -e "s|\${URI}|$base/v$version/$archive|g" \
  -e "s|\${SHA256}|$sha|g" plugin/krew.yaml > "$out/loomio.yaml"

if [ "${1:-}" = "--check" ]; then
  krew="$CACHE_DIR/bin/krew-$KREW_VERSION/krew"
  if [ ! -x "$krew" ]; then
    echo "[plugin] building krew $KREW_VERSION (Go modules, once per machine)" >&2
    GOBIN="$(dirname "$krew")" GOFLAGS=-mod=mod go install "sigs.k8s.io/krew/cmd/krew@$KREW_VERSION"
  fi
  root="$stage/krew-root"
  if ! said=$(KREW_ROOT="$root" "$krew" install --manifest="$out/loomio.yaml" --archive="$out/$archive" 2>&1); then
    printf '[plugin] krew refused the manifest or archive:\n%s\n' "$said" >&2; exit 1
  fi
  installed=$("$root/bin/kubectl-loomio" version)
  [ "$installed" = "kubectl-loomio $version" ] || { echo "[plugin] installed plugin says '$installed'" >&2; exit 1; }
  echo "[plugin] krew installed $archive from its manifest: $installed" >&2
fi
printf '%s\n' "$out/$archive" "$out/loomio.yaml"
