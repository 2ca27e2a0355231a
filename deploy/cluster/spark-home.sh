#!/usr/bin/env bash
# Builds phasesweep's application jar and a SPARK_HOME from Maven-resolved Spark jars (no
# distribution download), at $PHASESWEEP_SPARK_HOME (default target/spark-home). Idempotent.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

home="$PHASESWEEP_SPARK_HOME"
if [[ -z "$(app_jar)" || ! -f "$home/jars/.complete" || "$root/driver/pom.xml" -nt "$home/jars/.complete" ]]; then
  echo "spark-home: building the application jar and collecting Spark's jars into $home/jars ..." >&2
  rm -rf "$home/jars"
  (cd "$root" && "${MVN:-mvn}" -B -q -Dstyle.color=never -DskipTests package dependency:copy-dependencies \
      -DincludeScope=provided -DoutputDirectory="$home/jars" 2>&1 | sed $'s/\e\\[[0-9;]*m//g'; exit "${PIPESTATUS[0]}") >&2
  touch "$home/jars/.complete"
fi
mkdir -p "$home/conf"
cp "$root/deploy/cluster/log4j2-daemons.properties" "$home/conf/log4j2.properties"
echo "$home"
