# Shared settings of the cluster scripts; sourced, not run.
# A SPARK_HOME needs no Spark distribution: a folder with jars/ (Spark and what it brings, from
# Maven) and conf/ is enough for SparkSubmit, a standalone master and workers.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export PHASESWEEP_SPARK_HOME="${PHASESWEEP_SPARK_HOME:-$root/target/spark-home}"
export PHASESWEEP_CLUSTER_DIR="${PHASESWEEP_CLUSTER_DIR:-$root/target/local-cluster}"
export SPARK_SCALA_VERSION=2.13          # without it a worker fails: "Cannot find any build directories"
app_jar() {
  local jar
  for jar in "$root"/driver/target/phasesweep-driver-*-spark.jar; do
    [[ -f "$jar" ]] && { echo "$jar"; return; }
  done
}
# Whether a master URL is this machine's (local[N], or a host that is loopback): its driver then binds
# to 127.0.0.1 too. On a real cluster the driver must bind where executors reach it (its host's
# address, Spark's default), so SPARK_LOCAL_IP is not set there.
loopback_master() {
  [[ "$1" == local* || "$1" =~ ^[a-z0-9]+://(127\.0\.0\.1|localhost)(:|/|$) ]]
}
