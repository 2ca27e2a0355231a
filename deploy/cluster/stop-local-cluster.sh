#!/usr/bin/env bash
# Stops the cluster of start-local-cluster.sh: the workers (and their executors) first, then the
# master; a process that does not exit within 15 s after TERM is killed. Safe to run twice.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
state="$PHASESWEEP_CLUSTER_DIR"
[[ -d "$state" ]] || exit 0

stop_pid() {  # pidfile
  local f=$1 pid
  [[ -f "$f" ]] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    local children
    children=$(pgrep -P "$pid" 2>/dev/null || true)
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
    # executors the worker launched
    for c in $children; do kill -KILL "$c" 2>/dev/null || true; done
  fi
  rm -f "$f"
}

for f in "$state"/worker-*.pid; do [[ -e "$f" ]] && stop_pid "$f"; done
stop_pid "$state/master.pid"
rm -f "$state/master.url"
echo "stop-local-cluster: stopped" >&2
