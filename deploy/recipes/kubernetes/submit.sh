#!/usr/bin/env bash
# Runs a sweep on Kubernetes in cluster mode with the image of deploy/recipes/kubernetes/Dockerfile.
# The sweep file is read from the image (/opt/phasesweep/sweeps); the results go to storage every
# pod can write (S3 with the hadoop-aws jars in the image, HDFS, ...). Needs a Spark
# distribution (SPARK_HOME) on this machine and a service account allowed to create pods.
#
#   K8S_API=https://api-host:6443 IMAGE=registry/phasesweep:0.1.0 OUT=s3a://bucket/phasesweep \
#     deploy/recipes/kubernetes/submit.sh phase-diagram.yaml
#   DRY_RUN=1 ... prints the spark-submit command instead
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sweep=${1:?usage: submit.sh SWEEP_FILE_NAME, one of the sweeps in the image}
: "${K8S_API:?set K8S_API, e.g. https://api-host:6443}"
: "${IMAGE:?set IMAGE, the image built from deploy/recipes/kubernetes/Dockerfile}"
: "${OUT:?set OUT, e.g. s3a://bucket/phasesweep}"
PHASESWEEP_APP_JAR=local:///opt/phasesweep/phasesweep.jar exec "$here/../../submit" \
  --master "k8s://$K8S_API" --deploy-mode cluster ${DRY_RUN:+--dry-run} \
  --conf spark.kubernetes.container.image="$IMAGE" \
  --conf spark.kubernetes.namespace="${NAMESPACE:-default}" \
  --conf spark.kubernetes.authenticate.driver.serviceAccountName="${SERVICE_ACCOUNT:-spark}" \
  --conf spark.executor.instances="${EXECUTORS:-16}" --conf spark.executor.cores="${EXECUTOR_CORES:-4}" \
  --conf spark.executor.memory="${EXECUTOR_MEMORY:-4g}" \
  -- run "/opt/phasesweep/sweeps/$sweep" --out "$OUT" --max-core-hours "${MAX_CORE_HOURS:-1000}"
