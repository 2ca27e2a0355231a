#!/usr/bin/env bash
# Runs a sweep on YARN in cluster mode: the driver runs in the cluster, the sweep file travels
# with --files (and is read from the driver's working folder), the results go to HDFS. Needs a
# Spark distribution (SPARK_HOME) configured for the cluster (HADOOP_CONF_DIR).
#
#   OUT=hdfs:///user/$USER/phasesweep deploy/recipes/yarn.sh sweeps/phase-diagram.yaml
#   DRY_RUN=1 ... prints the spark-submit command instead
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sweep=${1:?usage: yarn.sh SWEEP_FILE}
: "${OUT:?set OUT, e.g. hdfs:///user/$USER/phasesweep}"
exec "$here/../submit" --master yarn --deploy-mode cluster ${DRY_RUN:+--dry-run} \
  --files "$sweep" --num-executors "${EXECUTORS:-16}" --executor-cores "${EXECUTOR_CORES:-4}" \
  --executor-memory "${EXECUTOR_MEMORY:-4g}" --conf spark.yarn.maxAppAttempts=1 \
  -- run "$(basename "$sweep")" --out "$OUT" --max-core-hours "${MAX_CORE_HOURS:-1000}"
