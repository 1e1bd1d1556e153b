#!/usr/bin/env bash
# Builds the images the local node needs and cannot pull (no registry here), as OCI archives, without Docker:
#
#   localhost/test/pause:1        the pod sandbox: hack/images/pause (a static Go program)
#   localhost/test/postgres:15    Debian bookworm's postgresql-15, uid 999, the official image's entrypoint contract
#   localhost/test/postgres:17    Debian trixie's postgresql-17 (upstream Loomio's major), the same contract
#   localhost/test/redis:7        Debian bookworm's redis-server (7.0), uid 999
#   localhost/test/rails-ssl:6.1  Debian bookworm's Rails 6.1 ActionDispatch::SSL, configured as Loomio's
#                                 config/application.rb configures it, in front of a 200 app, on Puma :3000, with curl
#   localhost/test/rails-migrations:1, :2
#                                 Debian bookworm's Rails 6.1 with Active Record and no code of its own
#                                 (hack/images/rails-migrations): release 1 has two migrations, release 2 adds one that
#                                 commits and one its data makes fail, for the migration Job's way back
#
# They exist for tests only (their names say so); tests point spec.postgres.image / spec.redis.image at them.
# Root filesystems come from mmdebstrap, images are assembled with umoci and exported with skopeo. Archives are cached
# under ~/.cache/loomio-operator/images, keyed by a hash of this script and its inputs.
#
#   hack/build-test-images.sh          build what is missing; print the archive paths

# mmdebstrap hooks are shell snippets that mmdebstrap runs with the root filesystem as "$1": single quotes on purpose.
# shellcheck disable=SC2016
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE_DIR="${LOCAL_CLUSTER_CACHE:-$HOME/.cache/loomio-operator}"
key=$( (cat "$0"; find hack/images -type f | LC_ALL=C sort | xargs cat) | sha256sum | cut -c1-12)
OUT="$CACHE_DIR/images/$key"
mkdir -p "$OUT"

log() { printf '[test-images] %s\n' "$*" >&2; }

for tool in mmdebstrap umoci skopeo go; do
  command -v "$tool" >/dev/null || { log "missing $tool (apt-get install mmdebstrap umoci skopeo; Go)"; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Smaller root filesystems: no documentation, manuals, translations, nor the LLVM JIT (Postgres runs without it).
slim=(--dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*'
  --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/i18n/*'
  --dpkgopt='path-exclude=/usr/lib/x86_64-linux-gnu/libLLVM*' --dpkgopt='path-exclude=/usr/lib/aarch64-linux-gnu/libLLVM*'
  --dpkgopt='path-exclude=/usr/lib/postgresql/*/lib/llvmjit*' --dpkgopt='path-exclude=/usr/lib/postgresql/*/lib/bitcode/*')

# $1 archive, $2 name, $3 tag, $4 root filesystem tar, then umoci config flags. Writes $OUT/$1.tar, named
# localhost/test/$2:$3.
assemble() {
  local archive="$1" name="$2" tag="$3" rootfs="$4"; shift 4
  local layout="$work/$archive-layout"
  umoci init --layout "$layout"
  umoci new --image "$layout:$tag"
  umoci raw add-layer --image "$layout:$tag" "$rootfs"
  umoci config --image "$layout:$tag" --os linux --architecture amd64 "$@"
  rm -f "$OUT/$archive.tar.partial"
  skopeo copy --quiet "oci:$layout:$tag" "oci-archive:$OUT/$archive.tar.partial:localhost/test/$name:$tag"
  mv "$OUT/$archive.tar.partial" "$OUT/$archive.tar"
  log "localhost/test/$name:$tag -> $OUT/$archive.tar ($(du -h "$OUT/$archive.tar" | cut -f1))"
}

# Debian creates the system users of these packages with the next free uid; the official images use 999. The
# packages' maintainer scripts keep a system user that already exists, so it is written before they run (useradd
# is not installed yet at that point).
user999() { printf 'echo "%s:x:999:" >> "$1/etc/group" && echo "%s:x:999:999::%s:/bin/sh" >> "$1/etc/passwd"' "$1" "$1" "$2"; }

if [ ! -f "$OUT/pause.tar" ]; then
  log "building pause"
  mkdir -p "$work/pause-root"
  (cd hack/images/pause && CGO_ENABLED=0 GOWORK=off GOFLAGS=-buildvcs=false GO111MODULE=off \
    go build -trimpath -ldflags='-s -w' -o "$work/pause-root/pause" main.go)
  tar --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$work/pause-root" -cf "$work/pause.tar" pause
  assemble pause pause 1 "$work/pause.tar" --config.entrypoint /pause --config.user 65535:65535
fi

# $1 major, $2 Debian suite that has postgresql-$1: writes $OUT/postgres$1.tar, named localhost/test/postgres:$1.
postgres_image() {
  local major="$1" suite="$2"
  [ -f "$OUT/postgres$major.tar" ] && return
  log "building postgres $major (mmdebstrap $suite, a few minutes)"
  mmdebstrap --variant=essential --include="postgresql-$major" --skip=cleanup/run "${slim[@]}" \
    --essential-hook="$(user999 postgres /var/lib/postgresql)" \
    --essential-hook='mkdir -p "$1/etc/postgresql-common" && echo "create_main_cluster = false" > "$1/etc/postgresql-common/createcluster.conf"' \
    --customize-hook='upload hack/images/postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh' \
    --customize-hook='chmod 755 "$1/usr/local/bin/docker-entrypoint.sh"' \
    --customize-hook='mkdir -p "$1/var/lib/postgresql/data" "$1/run/postgresql" && chown 999:999 "$1/var/lib/postgresql/data" "$1/run/postgresql" && chmod 2775 "$1/run/postgresql"' \
    "$suite" "$work/postgres$major-rootfs.tar"
  assemble "postgres$major" postgres "$major" "$work/postgres$major-rootfs.tar" --config.user 999:999 \
    --config.entrypoint /usr/local/bin/docker-entrypoint.sh --config.cmd postgres \
    --config.env "PATH=/usr/lib/postgresql/$major/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --config.env PGDATA=/var/lib/postgresql/data --config.env LANG=C.UTF-8 --config.volume /var/lib/postgresql/data \
    --config.exposedports 5432/tcp
}
postgres_image 15 bookworm
postgres_image 17 trixie

if [ ! -f "$OUT/redis.tar" ]; then
  log "building redis (mmdebstrap)"
  mmdebstrap --variant=essential --include=redis-server "${slim[@]}" \
    --essential-hook="$(user999 redis /var/lib/redis)" \
    --customize-hook='mkdir -p "$1/data" && chown 999:999 "$1/data"' \
    bookworm "$work/redis-rootfs.tar"
  assemble redis redis 7 "$work/redis-rootfs.tar" --config.user 999:999 --config.cmd redis-server \
    --config.workingdir /data --config.volume /data --config.exposedports 6379/tcp
fi

if [ ! -f "$OUT/rails-ssl.tar" ]; then
  log "building rails-ssl (mmdebstrap)"
  mmdebstrap --variant=essential --include=ruby-actionpack,puma,curl "${slim[@]}" \
    --essential-hook="$(user999 rails /app)" \
    --customize-hook='mkdir -p "$1/app"' \
    --customize-hook='upload hack/images/rails-ssl/config.ru /app/config.ru' \
    bookworm "$work/rails-ssl-rootfs.tar"
  assemble rails-ssl rails-ssl 6.1 "$work/rails-ssl-rootfs.tar" --config.user 999:999 --config.workingdir /app \
    --config.cmd puma --config.cmd --bind --config.cmd tcp://0.0.0.0:3000 --config.cmd /app/config.ru \
    --config.env LANG=C.UTF-8 --config.exposedports 3000/tcp
fi

# One root filesystem (Ruby, Rails, the pg gem; Gemfile.lock resolved against Debian's gems, offline), then per
# release its migrations, those of every release up to it, added as app/db/migrate.
rails_release() {
  local release="$1" tree="$work/rails-migrations-$1"
  [ -f "$OUT/rails-migrations-$release.tar" ] && return
  if [ ! -f "$work/rails-migrations-rootfs.tar" ]; then
    log "building rails-migrations (mmdebstrap)"
    mmdebstrap --variant=essential --include=ruby-railties,ruby-activerecord,ruby-pg,rake,bundler "${slim[@]}" \
      --customize-hook='copy-in hack/images/rails-migrations/app /' \
      --customize-hook='chroot "$1" sh -c "cd /app && bundle lock --local"' \
      bookworm "$work/rails-migrations-rootfs.tar"
  fi
  mkdir -p "$tree/app/db/migrate"
  for r in $(seq 1 "$release"); do cp hack/images/rails-migrations/migrations/"$r"/*.rb "$tree/app/db/migrate/"; done
  cp "$work/rails-migrations-rootfs.tar" "$work/rails-migrations-$release.tar"
  tar --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$tree" -rf "$work/rails-migrations-$release.tar" app/db
  # It serves nothing: the tests use its migrations (the Job) and its migration gate (the app tier's init containers).
  assemble "rails-migrations-$release" rails-migrations "$release" "$work/rails-migrations-$release.tar" \
    --config.workingdir /app --config.cmd sleep --config.cmd infinity --config.env LANG=C.UTF-8
}
rails_release 1
rails_release 2

printf '%s\n' "$OUT/pause.tar" "$OUT/postgres15.tar" "$OUT/postgres17.tar" "$OUT/redis.tar" "$OUT/rails-ssl.tar" \
  "$OUT/rails-migrations-1.tar" "$OUT/rails-migrations-2.tar"
