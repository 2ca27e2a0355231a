# What the cluster tests (test-cluster.sh, test-slurm.sh, test-yarn.sh) share; sourced, not run.
# Each test counts in $passed and $failed and ends with "NAME: N passed, M failed".
passed=0 failed=0
pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1${2:+: $2}"; }
results() {  # sweep folder -> the result columns as CSV, ordered (what must not depend on the deployment)
  deploy/phasesweep sql "$1" "SELECT task_id, kernel, status, message, risk_init, risk_final, risk_tail, t_diverged,
    steps, curve_t, curve_risk, q_final, m_final FROM runs ORDER BY task_id, kernel" --format csv 2>/dev/null
}
query() { deploy/phasesweep sql "$1" "$2" --format csv 2>/dev/null | tail -n +2; }
slow_sweep() {  # file: a sweep of 12 tasks of some seconds each (24 rows), to stop things in the middle of
  cat >"$1" <<'YAML'
name: slow
model: {k: 2, p0: 2, gamma0: 1}
grid: {d: [500], kappa: [0], delta: [0], noise: [1.0e-3], seed: {count: 12}}
run: {t_max: 1000, checkpoints_per_decade: 5}
YAML
}
