#!/usr/bin/env bash
# A single-node SLURM cluster on this machine, for testing the SLURM recipe: munge, slurmctld and
# slurmd, with the configuration, state and logs in one folder. Needs root and Debian's packages
# slurmctld slurmd slurm-client munge. Prints the line to source (export SLURM_CONF=...).
#
#   deploy/cluster/slurm-local.sh start DIR [CPUS]   the cluster is up (sinfo shows the node idle)
#   deploy/cluster/slurm-local.sh stop DIR           stops what start started; safe to run twice
set -uo pipefail
action=${1:?usage: slurm-local.sh start|stop DIR [CPUS]}
dir=${2:?usage: slurm-local.sh start|stop DIR [CPUS]}
cpus=${3:-2}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
export SLURM_CONF="$dir/slurm.conf"

stop_pidfile() {  # pidfile: TERM, then KILL after 15 s (the daemons take seconds to exit)
  local f=$1 pid
  [[ -f "$f" ]] || return 0
  pid=$(cat "$f")
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

if [[ "$action" == stop ]]; then
  stop_pidfile "$dir/slurmd.pid"
  stop_pidfile "$dir/slurmctld.pid"
  # munged only if this script started it (a machine's own munged stays)
  [[ -f "$dir/munged.started" ]] && { stop_pidfile /run/munge/munged.pid; rm -f "$dir/munged.started"; }
  exit 0
fi
[[ "$action" == start ]] || { echo "slurm-local: unknown action '$action' (start or stop)" >&2; exit 2; }

for cmd in munged slurmctld slurmd sinfo; do
  command -v "$cmd" >/dev/null || { echo "slurm-local: $cmd not found: apt-get install slurmctld slurmd slurm-client munge" >&2; exit 2; }
done

fail() {
  echo "slurm-local: $1; logs in $dir" >&2
  tail -5 "$dir"/*.log >&2 2>/dev/null
  "$0" stop "$dir"
  exit 1
}

if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  mkdir -p /run/munge && chown munge:munge /run/munge
  runuser -u munge -- /usr/sbin/munged || fail "munged did not start"
  touch "$dir/munged.started"
  for _ in $(seq 1 20); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.25; done
fi

mkdir -p "$dir/state" "$dir/spool"
cat >"$SLURM_CONF" <<CONF
ClusterName=phasesweep-test
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CryptoType=crypto/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
KillWait=10
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
SlurmctldPort=${SLURMCTLD_PORT:-6917}
SlurmdPort=${SLURMD_PORT:-6918}
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=4000 State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF

slurmctld || fail "slurmctld did not start"
slurmd || fail "slurmd did not start"
for _ in $(seq 1 100); do
  [[ "$(sinfo -h -o %t 2>/dev/null)" == idle ]] && { echo "export SLURM_CONF=$SLURM_CONF"; exit 0; }
  sleep 0.2
done
fail "the node is not idle after 20 s ($(sinfo -h 2>&1 | head -1))"
