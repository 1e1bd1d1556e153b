#!/usr/bin/env bash
# A local Redis for the memory sampler's integration tests: Debian's redis-server on 127.0.0.1:$REDIS_PORT (default
# 6390, apart from a system Redis on 6379) with a maxmemory as in RAM mode and no persistence. Idempotent: starts it
# when it does not answer. Installs nothing (.ci/run does: apt-get install redis-server). `hack/redis.sh stop` stops it.
set -euo pipefail
port="${REDIS_PORT:-6390}"
dir="${LOCAL_REDIS_STATE:-$HOME/.local/state/loomio-operator/redis}"
if ! command -v redis-server >/dev/null; then
  echo "redis-server is not installed: apt-get install redis-server (bash .ci/run does it)" >&2
  exit 1
fi
if [ "${1:-}" = stop ]; then
  redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
  exit 0
fi
if redis-cli -p "$port" ping 2>/dev/null | grep -q PONG; then
  echo "redis ready: 127.0.0.1:$port"
  exit 0
fi
mkdir -p "$dir"
redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --daemonize yes --pidfile "$dir/redis.pid" \
  --logfile "$dir/redis.log" --save "" --appendonly no --maxmemory 64mb --maxmemory-policy noeviction
for _ in $(seq 50); do
  redis-cli -p "$port" ping 2>/dev/null | grep -q PONG && { echo "redis ready: 127.0.0.1:$port"; exit 0; }
  sleep 0.2
done
echo "redis-server did not start on port $port: see $dir/redis.log" >&2
exit 1
