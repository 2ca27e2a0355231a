#!/usr/bin/env bash
# The report page as a reader's browser lays it out (issue #31, item 5): headless Chromium at
# 1400 px renders RESULTS_DIR/report.html (a copy: nothing is written into the results folder),
# checks that the figures come before the tables and that no table is wider than the page
# without its own scroll, and leaves a screenshot.
#
#   .ci/check-report-layout.sh RESULTS_DIR OUT_DIR
set -euo pipefail
results=$(cd "${1:?usage: .ci/check-report-layout.sh RESULTS_DIR OUT_DIR}" && pwd)
out=${2:?usage: .ci/check-report-layout.sh RESULTS_DIR OUT_DIR}
mkdir -p "$out"
page=$(mktemp -d)
trap 'rm -rf "$page"' EXIT
ln -s "$results/figures" "$page/figures"
# the probe: every table opened, then its box measured against the page's width
sed 's|</body></html>|<script>window.addEventListener("load", () => {\
  const width = document.documentElement.clientWidth;\
  const figure = document.querySelector("figure"), table = document.querySelector("section[id^=table-]");\
  const figuresFirst = !!figure \&\& (!table \|\| figure.getBoundingClientRect().top < table.getBoundingClientRect().top);\
  document.querySelectorAll("details").forEach(d => d.open = true);\
  const unscrolled = [];\
  document.querySelectorAll("table").forEach(t => {\
    const box = t.parentElement, style = getComputedStyle(box);\
    if (box.getBoundingClientRect().right > width + 1 \|\| (t.scrollWidth > box.clientWidth + 1 \&\& style.overflowX !== "auto"))\
      unscrolled.push(t.closest("section").id);\
  });\
  document.body.setAttribute("data-layout", JSON.stringify({figuresFirst, unscrolled, tables: document.querySelectorAll("table").length,\
    pageWider: document.documentElement.scrollWidth > width + 1}));\
});</script></body></html>|' "$results/report.html" > "$page/report.html"
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
  --disable-component-update --disable-sync --user-data-dir="$page/profile" --window-size=1400,3000)
chromium "${flags[@]}" --virtual-time-budget=10000 --dump-dom "file://$page/report.html" 2>/dev/null > "$page/dom.html"
layout=$(grep -o 'data-layout="[^"]*"' "$page/dom.html" | sed 's/^data-layout="//; s/"$//; s/&quot;/"/g')
[[ -n "$layout" ]] || { echo "report layout: the probe did not run"; exit 1; }
echo "report layout at 1400 px: $layout"
python3 - "$layout" <<'PY'
import json, sys
layout = json.loads(sys.argv[1])
problems = []
if not layout["figuresFirst"]:
    problems.append("a table comes before the first figure")
if layout["unscrolled"]:
    problems.append("tables wider than the page without their own scroll: " + ", ".join(layout["unscrolled"]))
if layout["pageWider"]:
    problems.append("the page scrolls sideways")
if problems:
    sys.exit("report layout: " + "; ".join(problems))
PY
chromium "${flags[@]}" --screenshot="$out/report.png" "file://$page/report.html" 2>/dev/null >/dev/null
[[ -s "$out/report.png" ]]
echo "report layout: figures first, $(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["tables"])' "$layout") tables each in its own scroll; screenshot $out/report.png"
