# shellcheck shell=bash
# Background processes of the local cluster, sourced by hack/local-cluster.sh and hack/node.sh: one pid file
# ($PROC_DIR/<name>.pid) and one log ($PROC_DIR/logs/<name>.log) per process. The caller sets PROC_DIR and log().

running() { local f="$PROC_DIR/$1.pid"; [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null; }

# start NAME COMMAND...: starts it detached unless it runs already.
start() {
  local name="$1"; shift
  running "$name" && return 0
  mkdir -p "$PROC_DIR/logs"
  setsid nohup "$@" > "$PROC_DIR/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$PROC_DIR/$name.pid"
}

# stop NAME: SIGTERM, up to 10 s to exit, then SIGKILL.
stop() {
  local f="$PROC_DIR/$1.pid"
  [ -f "$f" ] || return 0
  kill "$(cat "$f")" 2>/dev/null || true
  for _ in $(seq 20); do kill -0 "$(cat "$f")" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$(cat "$f")" 2>/dev/null || true
  rm -f "$f"
}

# wait_for WHAT TRIES COMMAND...: runs COMMAND once a second until it succeeds; exits after TRIES failures.
wait_for() {
  local what="$1" tries="$2"; shift 2
  for _ in $(seq "$tries"); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done
  log "$what did not become ready; logs in $PROC_DIR/logs"; exit 1
}
