#!/usr/bin/env bash
# Runs a sweep on an existing Spark standalone cluster (client mode: this machine is the driver
# and needs to reach the workers; the results folder must be visible to every worker, e.g. HDFS
# or a shared file system).
#
#   MASTER=spark://master-host:7077 OUT=hdfs:///phasesweep deploy/recipes/standalone.sh sweeps/phase-diagram.yaml
#   DRY_RUN=1 ... prints the spark-submit command instead
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sweep=${1:?usage: standalone.sh SWEEP_FILE}
: "${MASTER:?set MASTER, e.g. spark://master-host:7077}"
: "${OUT:?set OUT, a folder every worker can write, e.g. hdfs:///phasesweep}"
exec "$here/../submit" --master "$MASTER" --deploy-mode client ${DRY_RUN:+--dry-run} \
  --total-executor-cores "${CORES:-64}" --executor-memory "${EXECUTOR_MEMORY:-2g}" \
  -- run "$sweep" --out "$OUT" --max-core-hours "${MAX_CORE_HOURS:-1000}"
