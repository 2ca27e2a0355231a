#!/usr/bin/env bash
# Tests the YARN recipe (deploy/recipes/yarn.sh, cluster deploy mode) and the results folder's
# lease on a real HDFS: Hadoop's MiniDFSCluster and MiniYARNCluster (two NodeManagers) in one JVM
# on 127.0.0.1 (deploy/cluster/minicluster, built here from Maven Central). Run by CI; stops the
# mini cluster and everything it launched whatever happens.
#
#   deploy/cluster/test-yarn.sh          ends with "yarn: N passed, M failed"
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$(dirname "${BASH_SOURCE[0]}")/test-lib.sh"
cd "$root"

work=$(mktemp -d)
mc="$work/minicluster"
mc_pid=""
stop_minicluster() {
  [[ -n "$mc_pid" ]] || return 0
  echo stop >>"$mc/control"
  for _ in $(seq 1 120); do kill -0 "$mc_pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL "$mc_pid" 2>/dev/null
  mc_pid=""
}
finish() {
  stop_minicluster
  pkill -KILL -f "$mc/" 2>/dev/null   # containers it launched, if any outlived it
  pkill -KILL -f "phasesweep.driver.Main run $work/" 2>/dev/null
  rm -rf "$work"
}
trap finish EXIT
local_run() {  # sweep, out, [extra java options]: phasesweep run in local mode (here: against HDFS)
  PHASESWEEP_JAVA_OPTS="-Dspark.master=local[1] -Dspark.hadoop.phasesweep.lease.seconds=$lease ${3:-}" \
    deploy/phasesweep run "$1" --out "$2" --no-report --progress-seconds 1
}

# --- what the test needs: the mini cluster's jars, Spark's (with spark-yarn), JAVA_HOME ----------
if ! (cd deploy/cluster/minicluster && "${MVN:-mvn}" -B -q -Dstyle.color=never package dependency:copy-dependencies \
      -DoutputDirectory=target/jars >"$work/mvn.log" 2>&1); then
  fail "the mini cluster builds" "$(tail -5 "$work/mvn.log")"; echo "yarn: $passed passed, $failed failed"; exit 1
fi
home=$(deploy/cluster/spark-home.sh)
export JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
lease=6   # seconds: the lease tests take seconds, not the default minute

# --- HDFS and YARN ------------------------------------------------------------------------------
mkdir -p "$mc"
(cd "$mc" && exec "$JAVA_HOME/bin/java" -Xmx1g -cp "$root/deploy/cluster/minicluster/target/classes:$root/deploy/cluster/minicluster/target/jars/*" \
  phasesweep.minicluster.MiniCluster "$mc" 2 4096 >"$mc/out.log" 2>&1) &
mc_pid=$!
for _ in $(seq 1 240); do [[ -f "$mc/ready" ]] && break; kill -0 "$mc_pid" 2>/dev/null || break; sleep 0.5; done
if [[ ! -f "$mc/ready" ]]; then
  fail "HDFS and YARN start" "$(grep -m3 -E 'Exception|Error' "$mc/out.log")"; echo "yarn: $passed passed, $failed failed"; exit 1
fi
hdfs=$(cat "$mc/ready")
export HADOOP_CONF_DIR="$mc/conf"
pass "HDFS and YARN start ($(grep -o 'ready: .*' "$mc/out.log"))"
listening=$(ss -ltnp 2>/dev/null | grep "pid=$mc_pid," | awk '{print $4}')
if [[ -n "$listening" ]] && ! grep -vqE '^(127\.0\.0\.1|\[::ffff:127\.0\.0\.1\]):' <<<"$listening"; then
  pass "every HDFS and YARN server listens on loopback ($(wc -l <<<"$listening") ports)"
else
  fail "every HDFS and YARN server listens on loopback" "$(tr '\n' ' ' <<<"$listening")"
fi

# What a cluster needs set, as deploy/CLUSTER.md says: Spark's jars where the nodes have them, the
# containers' address (loopback here), no UI; small containers.
export YARN_JARS=$(ls "$home"/jars/*.jar | sed 's|^|local:|' | paste -sd,)
export SPARK_CONF="spark.ui.enabled=false spark.yarn.appMasterEnv.SPARK_LOCAL_IP=127.0.0.1 spark.executorEnv.SPARK_LOCAL_IP=127.0.0.1 spark.hadoop.phasesweep.lease.seconds=$lease"
export EXECUTORS=2 EXECUTOR_CORES=1 EXECUTOR_MEMORY=512m DRIVER_MEMORY=512m
am_logs() {  # the drivers' stderr (progress, messages): the ApplicationMasters' containers (_000001), newest first
  ls -t "$mc"/target/test/data/phasesweep/yarn-*/*-logDir-nm-*/application_*/container_*_01_000001/stderr 2>/dev/null
}

# --- the smoke sweep in cluster deploy mode, its table read back from HDFS ------------------------
PHASESWEEP_JAVA_OPTS=-Dspark.master='local[2]' deploy/phasesweep run sweeps/smoke.yaml --out "$work/local" --no-report >/dev/null 2>&1
if timeout 300 env OUT="$hdfs/results" deploy/recipes/yarn.sh sweeps/smoke.yaml >"$work/smoke.log" 2>&1; then
  pass "yarn.sh in cluster deploy mode: application $(am_logs | head -1 | grep -o 'application_[0-9_]*' | head -1) SUCCEEDED"
else
  fail "yarn.sh in cluster deploy mode" "$(grep -E 'Exception|diagnostics' "$work/smoke.log" | head -3)"
fi
executors=$(query "$hdfs/results/smoke" "SELECT count(DISTINCT executor) FROM runs WHERE executor NOT LIKE 'driver%'")
on_driver=$(query "$hdfs/results/smoke" "SELECT count(*) FROM runs WHERE executor LIKE 'driver%'")
if [[ "$executors" -ge 1 && "$on_driver" == 0 ]] && diff <(results "$work/local/smoke") <(results "$hdfs/results/smoke") >"$work/diff" \
   && [[ $(results "$hdfs/results/smoke" | wc -l) == 25 ]]; then
  pass "sql reads the table back from HDFS: 24 rows from $executors executors, none from the driver, equal to local[2]'s bit for bit"
else
  fail "the table on HDFS" "executors $executors, on the driver $on_driver; $(head -3 "$work/diff")"
fi

# --- the lease on HDFS ------------------------------------------------------------------------------
slow_sweep "$work/slow.yaml"
local_run "$work/slow.yaml" "$hdfs/lease" >"$work/holder.out" 2>"$work/holder.err" &
holder=$!
for _ in $(seq 1 600); do grep -q 'tasks done' "$work/holder.out" "$work/holder.err" && break; kill -0 $holder 2>/dev/null || break; sleep 0.1; done
local_run "$work/slow.yaml" "$hdfs/lease" >/dev/null 2>"$work/second.err"; rc=$?
second=$(grep -v '^WARNING: Using incubator' "$work/second.err")
# the holder's JVM, as the refusal names it (the launcher's shell is its parent)
holder_jvm=$(grep -o 'in use by run [^ ]* (pid [0-9]*' <<<"$second" | grep -o '[0-9]*$')
if [[ $rc == 5 && "$second" == *"is in use by run $work/slow.yaml (pid "* && $(grep -c 'in use' <<<"$second") == 1 ]]; then
  pass "a second run into the same HDFS folder is refused: exit 5, one line naming the holder"
else
  fail "a second run is refused" "exit $rc: $second"
fi
kill -STOP "${holder_jvm:-$holder}"
stopped_at=$SECONDS
sleep $((lease + 2))
taker=$(local_run "$work/slow.yaml" "$hdfs/lease" 2>&1); rc=$?
took=$((SECONDS - stopped_at))
kill -CONT "${holder_jvm:-$holder}"
wait $holder; holder_rc=$?
rows=$(query "$hdfs/lease/slow" "SELECT count(*) FROM runs")
distinct=$(query "$hdfs/lease/slow" "SELECT count(*) FROM (SELECT DISTINCT task_id, kernel FROM runs)")
if [[ $rc == 0 && "$rows" == 24 && "$distinct" == 24 ]]; then
  pass "a holder stopped (SIGSTOP) past the ${lease} s lease is taken over: the next run completed ($took s after the stop; $(grep -o '[0-9]* of 12 tasks already' <<<"$taker")), each of the 24 rows once"
else
  fail "a stopped holder's lease is taken over" "exit $rc, rows $rows, distinct $distinct: $(tail -2 <<<"$taker")"
fi
if [[ $holder_rc == 5 ]] && grep -q "lease was taken over" "$work/holder.err" \
   && [[ "$(query "$hdfs/lease/slow" "SELECT count(*) FROM runs")" == 24 ]]; then
  pass "the old holder, resumed (SIGCONT), finds its lease taken and stops at once (exit 5); the table keeps its 24 rows"
else
  fail "the resumed holder stops" "exit $holder_rc: $(tail -2 "$work/holder.err")"
fi
bad=$(PHASESWEEP_JAVA_OPTS="-Dspark.master=local[1] -Dspark.hadoop.phasesweep.lease.seconds=0" \
  deploy/phasesweep run "$work/slow.yaml" --out "$hdfs/bad-lease" 2>&1 >/dev/null); rc=$?
if [[ $rc == 2 && "$bad" == *"phasesweep.lease.seconds: '0' is not a whole number of seconds"* ]]; then
  pass "a lease of 0 s is refused (exit 2, the setting named)"
else
  fail "a bad lease setting is refused" "exit $rc: $bad"
fi

# --- a NodeManager stopped mid-sweep (the driver's), then the same command again -----------------
PHASESWEEP_JAVA_OPTS=-Dspark.master='local[2]' deploy/phasesweep run "$work/slow.yaml" --out "$work/local" --no-report >/dev/null 2>&1
submit_slow() { timeout 600 env OUT="$hdfs/nm" deploy/recipes/yarn.sh "$work/slow.yaml" --progress-seconds 1; }
before=$(am_logs)
submit_slow >"$work/nm1.log" 2>&1 &
first=$!
am=""
for _ in $(seq 1 1200); do
  am=$(am_logs | head -1)
  [[ -n "$am" ]] && ! grep -qxF "$am" <<<"$before" && grep -qE '(^|[^0-9])([3-9]|1[01])/12 tasks done' "$am" && break
  kill -0 $first 2>/dev/null || break
  sleep 0.2
done
nm=$(grep -o 'logDir-nm-[0-9]*' <<<"$am" | grep -o '[0-9]*$')
done_before=$(grep -oE '[0-9]+/12 tasks done' "$am" 2>/dev/null | tail -1)
echo "stop-nodemanager ${nm:-0}" >>"$mc/control"
wait $first; first_rc=$?
sleep $((lease + 2))   # the lost driver's lease lapses
submit_slow >"$work/nm2.log" 2>&1; second_rc=$?
rows=$(query "$hdfs/nm/slow" "SELECT count(*) FROM runs")
distinct=$(query "$hdfs/nm/slow" "SELECT count(*) FROM (SELECT DISTINCT task_id, kernel FROM runs)")
if [[ $second_rc == 0 && "$rows" == 24 && "$distinct" == 24 && -n "$nm" ]] \
   && diff <(results "$work/local/slow") <(results "$hdfs/nm/slow") >/dev/null; then
  pass "NodeManager $nm (the driver's) stopped at ${done_before:-?} (that submission exited $first_rc); the same command again: each of the 24 rows once, the table of an undisturbed local[2] run"
else
  fail "a NodeManager stopped mid-sweep" "nm ${nm:-none}, first exit $first_rc, second exit $second_rc, rows $rows, distinct $distinct; $(grep -E 'Exception|diagnostics' "$work/nm2.log" | head -2)"
fi

# --- the mini cluster stops, and nothing it launched is left ----------------------------------------
pid=$mc_pid
stop_minicluster
if ! kill -0 "$pid" 2>/dev/null && ! pgrep -f "$mc/" >/dev/null; then
  pass "HDFS and YARN stopped; no container left"
else
  fail "HDFS and YARN stop" "$(pgrep -af "$mc/" | head -2)"
fi

echo "yarn: $passed passed, $failed failed"
(( failed == 0 ))
