#!/usr/bin/env bash
# Tests on a real Spark standalone cluster on 127.0.0.1 (a master, two workers of one core),
# started from Maven-resolved jars. Run by CI; stops the cluster whatever happens.
#
#   deploy/cluster/test-cluster.sh          ends with "cluster: N passed, M failed"
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$(dirname "${BASH_SOURCE[0]}")/test-lib.sh"
cd "$root"

work=$(mktemp -d)
# a cluster of its own (state folder and port), so the test never touches one a user runs
export PHASESWEEP_CLUSTER_DIR="$work/cluster-state"
port="${PHASESWEEP_TEST_PORT:-7177}"
finish() {
  deploy/cluster/stop-local-cluster.sh 2>/dev/null
  rm -rf "$work"
}
trap finish EXIT

# --- the submit command the script builds --------------------------------------------------
dry=$(deploy/submit --master spark://example:7077 --deploy-mode cluster --dry-run --conf spark.x=y \
  -- run /s.yaml --out hdfs:///r)
if grep -qx -- '--class' <<<"$dry" && grep -qx 'phasesweep.driver.Main' <<<"$dry" \
   && grep -qx 'spark://example:7077' <<<"$dry" && grep -qx 'cluster' <<<"$dry" \
   && grep -qx 'spark.executor.extraJavaOptions=--add-modules=jdk.incubator.vector -XX:PerMethodTrapLimit=10000' <<<"$dry" \
   && grep -qx 'spark.driver.extraJavaOptions=--add-modules=jdk.incubator.vector -XX:PerMethodTrapLimit=10000' <<<"$dry" \
   && grep -qx 'spark.x=y' <<<"$dry" && grep -q 'phasesweep-driver-.*-spark.jar$' <<<"$dry" \
   && [[ "$(tail -4 <<<"$dry" | tr '\n' ' ')" == "run /s.yaml --out hdfs:///r " ]]; then
  pass "submit --dry-run builds the spark-submit command"
else
  fail "submit --dry-run builds the spark-submit command" "$dry"
fi
if ! deploy/submit --dry-run -- run x 2>/dev/null && ! deploy/submit --master local --dry-run 2>/dev/null; then
  pass "submit refuses a missing --master or command"
else
  fail "submit refuses a missing --master or command"
fi

# the recipes (YARN and Kubernetes cannot run here: their commands are what is checked)
std=$(DRY_RUN=1 MASTER=spark://m:7077 OUT=hdfs:///o deploy/recipes/standalone.sh sweeps/smoke.yaml | tr '\n' ' ')
yarn=$(DRY_RUN=1 OUT=hdfs:///o deploy/recipes/yarn.sh sweeps/smoke.yaml | tr '\n' ' ')
k8s=$(DRY_RUN=1 K8S_API=https://k:6443 IMAGE=r/p:1 OUT=s3a://b/o deploy/recipes/kubernetes/submit.sh smoke.yaml | tr '\n' ' ')
if [[ "$std" == *"--master spark://m:7077 --deploy-mode client --class phasesweep.driver.Main"*"-spark.jar run sweeps/smoke.yaml --out hdfs:///o "* \
   && "$yarn" == *"--master yarn --deploy-mode cluster"*"--files sweeps/smoke.yaml"*"-spark.jar run smoke.yaml --out hdfs:///o "* \
   && "$k8s" == *"--master k8s://https://k:6443 --deploy-mode cluster"*"spark.kubernetes.container.image=r/p:1"*"local:///opt/phasesweep/phasesweep.jar run /opt/phasesweep/sweeps/smoke.yaml --out s3a://b/o "* ]]; then
  pass "the standalone, YARN and Kubernetes recipes build their spark-submit commands"
else
  fail "the recipes' commands" "$std | $yarn | $k8s"
fi

# --- the cluster ----------------------------------------------------------------------------
if ! url=$(deploy/cluster/start-local-cluster.sh --workers 2 --cores 1 --memory 1g --port "$port"); then
  fail "cluster starts"; echo "cluster: $passed passed, $failed failed"; exit 1
fi
pass "cluster starts ($url)"
if ss -ltn 2>/dev/null | awk 'NR > 1 {print $4}' | grep -E ":($port|6066)$" | grep -vqE '127\.0\.0\.1'; then
  fail "master listens on loopback only"
else
  pass "master listens on loopback only"
fi

# --- client mode: ran on the workers' executors, same results as local[2] ------------------
PHASESWEEP_JAVA_OPTS=-Dspark.master='local[2]' deploy/phasesweep run sweeps/smoke.yaml --out "$work/local" >/dev/null 2>&1
if timeout 300 deploy/submit --master "$url" -- run sweeps/smoke.yaml --out "$work/client" >"$work/client.log" 2>&1; then
  executors=$(query "$work/client/smoke" "SELECT count(DISTINCT executor) FROM runs WHERE executor NOT LIKE 'driver%'")
  on_driver=$(query "$work/client/smoke" "SELECT count(*) FROM runs WHERE executor LIKE 'driver%'")
  if [[ "$executors" -ge 1 && "$on_driver" == 0 ]]; then
    pass "client mode: every task ran on a worker's executor ($executors executors)"
  else
    fail "client mode: tasks on the workers" "executors $executors, rows on the driver $on_driver"
  fi
  if diff <(results "$work/local/smoke") <(results "$work/client/smoke") >"$work/diff" && [[ $(results "$work/client/smoke" | wc -l) == 25 ]]; then
    pass "client mode: the table equals local[2]'s, bit for bit (24 rows)"
  else
    fail "client mode: the table equals local[2]'s" "$(head -5 "$work/diff")"
  fi
else
  fail "client mode submit" "$(tail -5 "$work/client.log")"
fi

# --- cluster deploy mode: the driver runs on a worker -------------------------------------
if timeout 300 deploy/submit --master "$url" --deploy-mode cluster --conf spark.standalone.submit.waitAppCompletion=true \
     -- run "$root/sweeps/smoke.yaml" --out "$work/cluster" >"$work/cluster.log" 2>&1 \
   && diff <(results "$work/local/smoke") <(results "$work/cluster/smoke") >"$work/diff"; then
  pass "cluster deploy mode: the table equals local[2]'s"
else
  fail "cluster deploy mode" "$(grep -E 'State of|Exception' "$work/cluster.log" | tail -3)"
fi

# --- a worker killed mid-sweep --------------------------------------------------------------
slow_sweep "$work/slow.yaml"
timeout 600 deploy/submit --master "$url" -- run "$work/slow.yaml" --out "$work/killed" --progress-seconds 2 >"$work/killed.log" 2>&1 &
submit_pid=$!
parts="$work/killed/slow/parts"
for _ in $(seq 1 1200); do
  n=$(ls "$parts" 2>/dev/null | grep -c '\.parquet$')
  (( n >= 3 )) && break
  kill -0 $submit_pid 2>/dev/null || break
  sleep 0.1
done
worker=$(cat "$PHASESWEEP_CLUSTER_DIR/worker-2.pid")
killed_at=$(ls "$parts" 2>/dev/null | grep -c '\.parquet$')
# a lost machine: the worker and its executor at once
pkill -KILL -P "$worker" 2>/dev/null; kill -KILL "$worker" 2>/dev/null
wait $submit_pid; rc=$?
rows=$(query "$work/killed/slow" "SELECT count(*) FROM runs")
distinct=$(query "$work/killed/slow" "SELECT count(*) FROM (SELECT DISTINCT task_id, kernel FROM runs)")
if [[ $rc == 0 && "$rows" == 24 && "$distinct" == 24 && $killed_at -lt 12 ]]; then
  pass "a worker killed after $killed_at of 12 tasks: the job completed, each of the 24 rows exactly once"
else
  fail "a worker killed mid-sweep" "exit $rc, rows $rows, distinct $distinct, killed after $killed_at; $(grep -E 'Exception' "$work/killed.log" | tail -2)"
fi
PHASESWEEP_JAVA_OPTS=-Dspark.master='local[2]' deploy/phasesweep run "$work/slow.yaml" --out "$work/slow-local" >/dev/null 2>&1
if diff <(results "$work/slow-local/slow") <(results "$work/killed/slow") >/dev/null; then
  pass "after the lost worker, the table equals an undisturbed local[2] run"
else
  fail "after the lost worker, the table equals an undisturbed local[2] run"
fi

# --- the cluster stops cleanly ----------------------------------------------------------------
pids=$(cat "$PHASESWEEP_CLUSTER_DIR"/*.pid 2>/dev/null)
deploy/cluster/stop-local-cluster.sh 2>/dev/null
alive=0
for p in $pids; do kill -0 "$p" 2>/dev/null && alive=$((alive + 1)); done
if (( alive == 0 )) && ! pgrep -f "worker.Worker.*127.0.0.1:$port" >/dev/null; then
  pass "the cluster stops cleanly"
else
  fail "the cluster stops cleanly" "$alive processes alive"
fi

echo "cluster: $passed passed, $failed failed"
(( failed == 0 ))
