"""Checks on the notebooks (standard library only, so any python3 runs it).

    check_notebooks.py stripped NB...          no outputs or execution counts are committed
    check_notebooks.py agree SCALING.ipynb FITS.csv
                                               the exponents the executed scaling notebook
                                               printed equal the fits table's
    check_notebooks.py tables RESULTS VIEWS.csv
                                               the analysis tables the notebooks find in the
                                               folder are the sql command's views (SHOW VIEWS)
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
        views = {row["viewName"] for row in csv.DictReader(f)} - {"runs", "curves"}
    found = set(analysis_tables(results))
    if found != views:
        sys.exit(f"{results}: the notebooks find the tables {sorted(found)}, the sql command serves {sorted(views)}")
    print(f"notebooks: the {len(found)} analysis tables found in the folder are the sql command's views")


if __name__ == "__main__":
    if sys.argv[1] == "stripped":
        stripped(sys.argv[2:])
    elif sys.argv[1] == "agree":
        agree(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "tables":
        tables(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
