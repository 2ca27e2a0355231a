#!/usr/bin/env bash
# Executes every notebook headless against a results folder, fails on any cell error, then
# checks that the numbers the scaling notebook prints equal the fits table's.
#
#   notebooks/run-notebooks.sh RESULTS_DIR [OUT_DIR]
#
# Needs jupyter nbconvert, ipykernel, pandas and matplotlib (Debian: apt-get install
# jupyter-nbconvert python3-ipykernel python3-pandas python3-matplotlib). PySpark is used when
# installed; otherwise the notebooks query through deploy/phasesweep sql.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
results=$(cd "${1:?usage: notebooks/run-notebooks.sh RESULTS_DIR [OUT_DIR]}" && pwd)
out=${2:-$(mktemp -d)}
mkdir -p "$out"
jupyter=${JUPYTER:-jupyter}
export PYDEVD_DISABLE_FILE_VALIDATION=1

python3 "$here/check_notebooks.py" stripped "$here"/*.ipynb
for nb in "$here"/*.ipynb; do
  echo "notebooks: executing $(basename "$nb") on $results"
  PHASESWEEP_RESULTS="$results" "$jupyter" nbconvert --to notebook --execute \
    --ExecutePreprocessor.timeout=1800 --output-dir "$out" "$nb"
done
"$here/../deploy/phasesweep" sql "$results" \
  "SELECT kernel, kappa, delta, noise, exponent FROM fits WHERE quantity LIKE 'risk%' AND exponent IS NOT NULL" \
  --format csv > "$out/fits.csv"
python3 "$here/check_notebooks.py" agree "$out/scaling.ipynb" "$out/fits.csv"
# the learning curves' legends name the kernels the runs hold, by the kernels' own labels
"$here/../deploy/phasesweep" sql "$results" \
  "SELECT k.kernel, k.label, k.kernel IN (SELECT DISTINCT kernel FROM runs WHERE status = 'ok') AS present FROM kernels k" \
  --format csv > "$out/kernels.csv"
python3 "$here/check_notebooks.py" legends "$out/learning_curves.ipynb" "$out/kernels.csv"
# the analysis tables the notebooks' PySpark path finds in the folder are the sql command's views
"$here/../deploy/phasesweep" sql "$results" "SHOW VIEWS" --format csv > "$out/views.csv"
python3 "$here/check_notebooks.py" tables "$results" "$out/views.csv"
echo "notebooks: all executed; executed copies in $out"
