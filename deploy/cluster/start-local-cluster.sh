#!/usr/bin/env bash
# Starts a Spark standalone master and workers on 127.0.0.1 from Maven-resolved jars, waits
# until every worker has registered, and prints the master URL. On any failure it stops what it
# started. Stop with stop-local-cluster.sh.
#
#   deploy/cluster/start-local-cluster.sh [--workers N] [--cores C] [--memory M] [--port P]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

workers=2 cores=1 memory=1g port=7077 timeout=90
while (( $# )); do
  case "$1" in
    --workers) workers=$2; shift 2 ;;
    --cores) cores=$2; shift 2 ;;
    --memory) memory=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    *) echo "start-local-cluster: unknown option $1" >&2; exit 2 ;;
  esac
done

home=$("$root/deploy/cluster/spark-home.sh")
export SPARK_HOME="$home"   # workers build executors' class paths from it
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"  # every daemon and executor on loopback
state="$PHASESWEEP_CLUSTER_DIR"
if [[ -f "$state/master.pid" ]] && kill -0 "$(cat "$state/master.pid")" 2>/dev/null; then
  echo "start-local-cluster: a cluster is already running (pid $(cat "$state/master.pid")); stop it first" >&2
  exit 2
fi
rm -rf "$state" && mkdir -p "$state/work"
cp="$home/conf:$home/jars/*"
java_bin="${JAVA:-java}"

started_ok=0
cleanup_on_failure() {
  if (( ! started_ok )); then
    echo "start-local-cluster: failed; stopping what was started (logs in $state)" >&2
    "$root/deploy/cluster/stop-local-cluster.sh" >&2 || true
  fi
}
trap cleanup_on_failure EXIT

wait_for() {  # file, pattern, what
  local deadline=$((SECONDS + timeout))
  until grep -q "$2" "$1" 2>/dev/null; do
    if (( SECONDS > deadline )); then
      echo "start-local-cluster: $3 not ready after ${timeout}s; last lines of $1:" >&2
      tail -20 "$1" >&2 || true
      return 1
    fi
    sleep 0.5
  done
}

# Master: RPC on 127.0.0.1:$port, its web UI on a free port (0).
nohup "$java_bin" -Xmx512m -cp "$cp" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$port" --webui-port 0 >"$state/master.log" 2>&1 &
echo $! >"$state/master.pid"
wait_for "$state/master.log" "I have been elected leader" "master"

for i in $(seq 1 "$workers"); do
  nohup "$java_bin" -Xmx512m -cp "$cp" org.apache.spark.deploy.worker.Worker \
    --host 127.0.0.1 --cores "$cores" --memory "$memory" --webui-port 0 \
    --work-dir "$state/work/worker-$i" "spark://127.0.0.1:$port" >"$state/worker-$i.log" 2>&1 &
  echo $! >"$state/worker-$i.pid"
done
for i in $(seq 1 "$workers"); do
  wait_for "$state/worker-$i.log" "Successfully registered with master" "worker $i"
done
echo "spark://127.0.0.1:$port" >"$state/master.url"
started_ok=1
echo "spark://127.0.0.1:$port"
