"""Checks on the notebooks (standard library only, so any python3 runs it).

    check_notebooks.py stripped NB...          no outputs or execution counts are committed
    check_notebooks.py agree SCALING.ipynb FITS.csv
                                               the exponents the executed scaling notebook
                                               printed equal the fits table's
    check_notebooks.py tables RESULTS VIEWS.csv
                                               the analysis tables the notebooks find in the
                                               folder are the sql command's views (SHOW VIEWS)
    check_notebooks.py legends LEARNING_CURVES.ipynb KERNELS.csv
                                               every legend names the runs' kernels by their
                                               own labels, and only those (issue #31, item 1)
"""
import csv
import json
import re
import sys

LINE = re.compile(r"^(\w+) kappa=(\S+) delta=(\S+) noise=(\S+): exponent (\S+) agrees with the fits table")


def stripped(paths):
    for path in paths:
        for i, cell in enumerate(json.load(open(path, encoding="utf-8"))["cells"]):
            if cell.get("outputs") or cell.get("execution_count") is not None:
                sys.exit(f"{path}: cell {i} has outputs; strip them before committing")
    print(f"notebooks: {len(paths)} notebooks without outputs")


def agree(notebook, fits_csv):
    printed = {}
    for cell in json.load(open(notebook, encoding="utf-8"))["cells"]:
        for out in cell.get("outputs", []):
            text = out.get("text", "")
            for line in (text if isinstance(text, list) else text.splitlines(True)):
                m = LINE.match(line.strip())
                if m:
                    kernel, kappa, delta, noise, b = m.groups()
                    printed[(kernel, float(kappa), float(delta), float(noise))] = float(b)
    table = {}
    with open(fits_csv, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = (row["kernel"], float(row["kappa"]), float(row["delta"]), float(row["noise"]))
            table[key] = float(row["exponent"])
    if set(printed) != set(table):
        sys.exit(f"{notebook}: printed exponents for {sorted(printed)}, the fits table has {sorted(table)}")
    for key, b in sorted(printed.items()):
        if abs(b - table[key]) > 1e-6:  # printed with 6 decimals
            sys.exit(f"{notebook}: {key}: the notebook printed {b}, the fits table has {table[key]}")
    print(f"notebooks: the {len(printed)} exponents scaling.ipynb printed equal the fits table's")


def tables(results, views_csv):
    sys.path.insert(0, __file__.rsplit("/", 1)[0] if "/" in __file__ else ".")
    from phasesweep_tables import analysis_tables  # standard library only
    with open(views_csv, encoding="utf-8") as f:
        views = {row["viewName"] for row in csv.DictReader(f)} - {"runs", "curves", "kernels"}
    found = set(analysis_tables(results))
    if found != views:
        sys.exit(f"{results}: the notebooks find the tables {sorted(found)}, the sql command serves {sorted(views)}")
    print(f"notebooks: the {len(found)} analysis tables found in the folder are the sql command's views")


def legends(notebook, kernels_csv):
    """Every legend the notebook printed ("legend: [...]") names kernels by the labels of the
    kernels view, each entry a kernel the runs hold (kernels_csv: kernel, label, present), and
    every kernel the runs hold appears in a legend: no kernel drawn under another's name."""
    with open(kernels_csv, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    labels = {r["label"] for r in rows}
    present = {r["label"] for r in rows if r["present"].strip().lower() == "true"}
    with open(notebook, encoding="utf-8") as f:
        nb = json.load(f)
    seen = set()
    count = 0
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            for line in "".join(out.get("text", "")).splitlines():
                if not line.startswith("legend: "):
                    continue
                count += 1
                for entry in json.loads(line[len("legend: "):]):
                    # "SGD (overlap chain), d = 16 (3 seeds)" or "ODE: κ = ..."
                    label = max((l for l in labels if entry.startswith(l + ",") or entry.startswith(l + ":")),
                                key=len, default=None)
                    if label is None:
                        sys.exit(f"{notebook}: legend entry '{entry}' names no kernel (labels: {sorted(labels)})")
                    if label not in present:
                        sys.exit(f"{notebook}: legend entry '{entry}' names {label}, which the runs do not hold")
                    seen.add(label)
    missing = present - seen
    if count == 0 or missing:
        sys.exit(f"{notebook}: {count} legends; kernels in the runs but in no legend: {sorted(missing)}")
    print(f"notebooks: {count} legends in {notebook.rsplit('/', 1)[-1]} name exactly the runs' kernels "
          f"({', '.join(sorted(seen))})")


if __name__ == "__main__":
    if sys.argv[1] == "stripped":
        stripped(sys.argv[2:])
    elif sys.argv[1] == "agree":
        agree(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "tables":
        tables(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "legends":
        legends(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
