#!/usr/bin/env bash
# Prepares a release's artifacts in target/release, every step that runs without a registry; the release workflow
# (.github/workflows/release.yml) runs it, then pushes and signs what it made. The test command runs it as a dry run.
#
#   hack/release.sh [--registry REGISTRY] [--arch "amd64 arm64"]
#
# The version is the project's (pom.xml): a release commit sets it to X.Y.Z (SemVer; the tag is vX.Y.Z), and the
# chart's version and appVersion follow it (ChartCopiesTest). For a X.Y.Z version, CHANGELOG.md must have its
# section; a -SNAPSHOT version (the dry run between releases) reads the Unreleased section. It needs the image of
# each architecture built by hack/build-image.sh (target/image/loomio-operator-<version>-<arch>.tar) and Helm
# (hack/gitops-tools.sh). Output:
#   target/release/image/                    an OCI image layout with the multi-arch index tagged <version>, as
#                                            `skopeo copy --multi-arch all oci:target/release/image:<version>` pushes it
#   target/release/loomio-operator-<version>.tgz
#                                            the chart, its default image REGISTRY/loomio-operator:<version> (the
#                                            chart in this repository keeps the local build's name)
#   target/release/notes.md                  the CHANGELOG section, the release's notes
# The image's index is also copied with `skopeo copy --multi-arch all` into a scratch layout, as the push will.
set -euo pipefail
cd "$(dirname "$0")/.."
registry=ghcr.io/pistack
case "$(uname -m)" in aarch64 | arm64) arches=arm64 ;; *) arches=amd64 ;; esac
while [ $# -gt 0 ]; do
  case "$1" in
    --registry) registry="$2"; shift 2 ;;
    --arch) arches="$2"; shift 2 ;;
    *) sed -n '2,20p' "$0" >&2; exit 2 ;;
  esac
done
log() { printf '[release] %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }
for tool in skopeo jq; do command -v "$tool" >/dev/null || die "missing $tool"; done
version=$(sed -n 's#^  <version>\(.*\)</version>#\1#p' pom.xml | head -1)
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-SNAPSHOT)?$ ]] || die "pom.xml's version $version is not X.Y.Z or X.Y.Z-SNAPSHOT"
out=target/release
rm -rf "$out"
mkdir -p "$out"

# The release notes: the version's CHANGELOG section (Keep a Changelog's "## [X.Y.Z] - date").
section="${version%-SNAPSHOT}"
[ "$section" != "$version" ] && section=Unreleased
awk -v s="## [$section]" 'index($0, s) == 1 {on = 1; next} on && /^## \[/ {exit} on' CHANGELOG.md > "$out/notes.md"
[ -s "$out/notes.md" ] || die "CHANGELOG.md has no section \"## [$section]\": describe the release there"
log "notes: $(grep -c '^- ' "$out/notes.md") entries from CHANGELOG.md [$section]"

# The image: each architecture's OCI archive into one layout, then an OCI image index over them, tagged <version>.
layout="$out/image"
manifests="[]"
for arch in $arches; do
  archive="target/image/loomio-operator-$version-$arch.tar"
  [ -f "$archive" ] || die "missing $archive: run hack/build-image.sh --arch $arch"
  skopeo copy --quiet "oci-archive:$archive" "oci:$layout:$version-$arch"
  manifest=$(jq -c --arg ref "$version-$arch" \
    '.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] == $ref)' "$layout/index.json")
  manifests=$(jq -c --argjson m "$manifest" --arg arch "$arch" \
    '. + [$m | del(.annotations) | .platform = {architecture: $arch, os: "linux"}]' <<<"$manifests")
done
index=$(jq -cn --argjson m "$manifests" \
  '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: $m}')
digest=$(printf '%s' "$index" | sha256sum | cut -d' ' -f1)
printf '%s' "$index" > "$layout/blobs/sha256/$digest"
jq --arg d "sha256:$digest" --argjson size "$(printf '%s' "$index" | wc -c)" --arg ref "$version" \
  '.manifests += [{mediaType: "application/vnd.oci.image.index.v1+json", digest: $d, size: $size,
    annotations: {"org.opencontainers.image.ref.name": $ref}}]' "$layout/index.json" > "$layout/index.json.new"
mv "$layout/index.json.new" "$layout/index.json"
# skopeo reads it back as a registry would: the index, and each architecture's image through it.
skopeo inspect --raw "oci:$layout:$version" | jq -e --arg n "$(wc -w <<<"$arches")" \
  '.manifests | length == ($n | tonumber)' >/dev/null || die "the index does not list every architecture"
for arch in $arches; do
  skopeo inspect --override-arch "$arch" "oci:$layout:$version" | jq -e --arg a "$arch" '.Architecture == $a' \
    >/dev/null || die "the index does not resolve $arch"
done
# The push, made to a second layout: skopeo copies the index and every image it lists, as it will to the registry.
skopeo copy --quiet --multi-arch all "oci:$layout:$version" "oci:$out/pushed:$version"
[ "$(skopeo inspect --raw "oci:$out/pushed:$version" | sha256sum | cut -d' ' -f1)" = "$digest" ] \
  || die "the copied index differs from the one built"
rm -rf "$out/pushed"
log "image: $layout:$version, index sha256:$digest over $arches"

# The chart, its default image the published one.
tools="$(hack/gitops-tools.sh)"
chart="$out/chart/loomio-operator"
mkdir -p "$out/chart"
cp -r charts/loomio-operator "$chart"
sed -i "s#^  repository: localhost/loomio-operator\$#  repository: $registry/loomio-operator#" "$chart/values.yaml"
grep -q "^  repository: $registry/loomio-operator\$" "$chart/values.yaml" || die "could not set the chart's image"
# Artifact Hub lists the images a chart runs (its security report scans them).
platforms=$(for arch in $arches; do printf 'linux/%s, ' "$arch"; done)
sed -i "s#^annotations:\$#annotations:\n  artifacthub.io/images: |\n    - name: loomio-operator\n      image: $registry/loomio-operator:$version\n      platforms: [${platforms%, }]#" "$chart/Chart.yaml"
grep -q "image: $registry/loomio-operator:$version" "$chart/Chart.yaml" || die "could not annotate the chart's image"
"$tools/helm4" lint --strict "$chart" >/dev/null
"$tools/helm4" package "$chart" --destination "$out" >/dev/null
package="$out/loomio-operator-$version.tgz"
[ -f "$package" ] || die "helm package wrote no $package (Chart.yaml's version must be $version)"
image=$("$tools/helm4" template pi "$package" --kube-version 1.34.0 | sed -n 's#^ *image: "\{0,1\}\([^"]*\)"\{0,1\}$#\1#p' | sort -u)
[ "$image" = "$registry/loomio-operator:$version" ] || die "the packaged chart runs $image, not $registry/loomio-operator:$version"
rm -rf "$out/chart"
log "chart: $package, default image $image"
