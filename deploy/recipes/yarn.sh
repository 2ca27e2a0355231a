#!/usr/bin/env bash
# Runs a sweep on YARN in cluster mode: the driver runs in the cluster, the sweep file travels
# with --files (and is read from the driver's working folder), the results go to HDFS. Needs the
# cluster's client configuration (HADOOP_CONF_DIR, with core-site.xml and yarn-site.xml), and
# Spark: a distribution (SPARK_HOME) or the Maven-resolved jars of deploy/cluster/spark-home.sh.
# deploy/CLUSTER.md ("YARN and HDFS") lists what a cluster may need set.
#
#   OUT=hdfs:///user/$USER/phasesweep deploy/recipes/yarn.sh sweeps/phase-diagram.yaml [run options]
#   DRY_RUN=1 ... prints the spark-submit command instead
#
# Settings: EXECUTORS, EXECUTOR_CORES, EXECUTOR_MEMORY, DRIVER_MEMORY, MAX_CORE_HOURS; YARN_JARS
# (spark.yarn.jars: Spark's jars where every node has them, e.g. local:/opt/spark/jars/*,
# else they are uploaded from SPARK_HOME at every submission); SPARK_CONF (more --conf k=v, space-separated).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sweep=${1:?usage: yarn.sh SWEEP_FILE [run options]}
shift
: "${OUT:?set OUT, e.g. hdfs:///user/$USER/phasesweep}"
conf=() kvs=()
read -r -a kvs <<<"${SPARK_CONF:-}"   # split on spaces, never globbed
for kv in ${kvs[@]+"${kvs[@]}"}; do conf+=(--conf "$kv"); done
exec "$here/../submit" --master yarn --deploy-mode cluster ${DRY_RUN:+--dry-run} \
  --files "$sweep" --num-executors "${EXECUTORS:-16}" --executor-cores "${EXECUTOR_CORES:-4}" \
  --executor-memory "${EXECUTOR_MEMORY:-4g}" --driver-memory "${DRIVER_MEMORY:-2g}" --conf spark.yarn.maxAppAttempts=1 \
  ${YARN_JARS:+--conf "spark.yarn.jars=$YARN_JARS"} ${conf[@]+"${conf[@]}"} \
  -- run "$(basename "$sweep")" --out "$OUT" --max-core-hours "${MAX_CORE_HOURS:-1000}" "$@"
