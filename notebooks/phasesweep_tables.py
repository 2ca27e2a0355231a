"""Spark SQL on a phasesweep results folder, from a notebook.

    tables = open_results("../results/quickstart")
    df = tables.sql("SELECT * FROM fits")          # a pandas DataFrame

With PySpark installed, queries run in a local Spark session (or the notebook server's own,
if one is active) on the same views as `phasesweep sql`: runs, curves, fits, phases,
and every analysis table the report wrote (fits, phases, mean_curves, ...). Without PySpark they run through the project's
launcher, `deploy/phasesweep sql RESULTS --stdin --format csv`, which needs only Java: the same
SQL on the same views, one JVM and one Spark session for all of a notebook's queries (started
at the first, a JSON line each way). Only pandas is needed besides.
"""
import atexit
import io
import json
import os
import subprocess
import tempfile
from pathlib import Path


# The results folder's own folders that are not analysis tables (driver/.../table/ResultsLayout.java);
# every other folder holding Parquet is one, under its own name (the report writes each table the
# analysis describes, driver/.../table/AnalysisTable.java: the list is read from the folder, never
# copied here).
LAYOUT_FOLDERS = {"runs", "parts", "figures", "corrupt"}


def analysis_tables(results):
    """The analysis tables a report wrote in `results`: the same names as `phasesweep sql`'s views
    besides runs and curves (run-notebooks.sh checks that they are)."""
    root = Path(results)
    return sorted(p.name for p in root.iterdir()
                  if p.is_dir() and p.name not in LAYOUT_FOLDERS and not p.name.startswith(("_", "."))
                  and any(f.suffix == ".parquet" for f in p.iterdir()))


def curves_query(runs_columns):
    """The sql command's `curves` view (driver/.../table/Views.java): every task column of the runs
    table (those before `status`, in its order), the status, then one row per checkpoint."""
    task = list(runs_columns)[:list(runs_columns).index("status")]
    return ("SELECT " + ", ".join(task) + ", status, i AS checkpoint, t, curve_risk[i] AS risk "
            "FROM runs LATERAL VIEW posexplode(curve_t) c AS i, t")
LAUNCHER = Path(__file__).resolve().parent.parent / "deploy" / "phasesweep"


class Tables:
    def __init__(self, results, engine):
        self.results = str(results)
        self.engine = engine

    def sql(self, query):
        return self.engine(query)


def _spark_engine(results):
    from pyspark.sql import SparkSession  # noqa: the optional path
    spark = SparkSession.getActiveSession() or (SparkSession.builder.master("local[*]")
                                                .config("spark.driver.host", "127.0.0.1")
                                                .config("spark.driver.bindAddress", "127.0.0.1")
                                                .appName("phasesweep notebook").getOrCreate())
    root = Path(results)
    paths = [str(root / "runs")] if (root / "runs").exists() else []
    parts = sorted(str(p) for p in (root / "parts").glob("*.parquet")) if (root / "parts").exists() else []
    runs = None
    if paths:
        runs = spark.read.option("mergeSchema", "true").parquet(*paths)
    if parts:
        more = spark.read.option("mergeSchema", "true").parquet(*parts)
        runs = more if runs is None else runs.unionByName(more).dropDuplicates(["task_id", "kernel"])
    if runs is None:
        raise FileNotFoundError(f"{results}: no runs table")
    runs.createOrReplaceTempView("runs")
    spark.sql(curves_query(runs.columns)).createOrReplaceTempView("curves")
    for name in analysis_tables(root):
        spark.read.parquet(str(root / name)).createOrReplaceTempView(name)
    # the kernels' own descriptions (labels, line styles) are the project's, not the folder's: ask it
    launcher = _Launcher(results)
    kernels = launcher("SELECT kernel, label, sampling, array_join(dashes, ' ') AS dashes FROM kernels")
    launcher.close()
    spark.createDataFrame(kernels.fillna("")).selectExpr(
        "kernel", "label", "sampling",
        "transform(filter(split(dashes, ' '), x -> x != ''), x -> cast(x AS double)) AS dashes"
    ).createOrReplaceTempView("kernels")
    return lambda query: spark.sql(query).toPandas()


class _Launcher:
    """One `phasesweep sql RESULTS --stdin` process, started at the first query, serving them all:
    each query a JSON string on one line in, one JSON line out ({"result": CSV} or {"error", "exit"})."""

    def __init__(self, results):
        if not LAUNCHER.exists():
            raise FileNotFoundError(f"{LAUNCHER}: the phasesweep launcher is not there")
        self.results = str(results)
        self.process = None
        self.log = None

    def __call__(self, query):
        if self.process is None or self.process.poll() is not None:
            # Spark's log and the build's messages go to a file, never into the answers
            self.log = tempfile.TemporaryFile(mode="w+")
            self.process = subprocess.Popen([str(LAUNCHER), "sql", self.results, "--stdin", "--format", "csv"],
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log,
                                            text=True, encoding="utf-8", bufsize=1)
            atexit.register(self.close)
        self.process.stdin.write(json.dumps(query) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            self.log.seek(0)
            raise RuntimeError(f"phasesweep sql --stdin ended ({self.process.wait()}): {self.log.read().strip()[-2000:]}")
        reply = json.loads(line)
        if "error" in reply:
            raise RuntimeError(f"phasesweep sql failed ({reply['exit']}): {reply['error']}")
        import pandas as pd  # here, so that the folder's tables can be listed with the standard library alone
        return pd.read_csv(io.StringIO(reply["result"]))

    def close(self):
        if self.process is not None and self.process.poll() is None:
            self.process.stdin.close()
            self.process.wait()


def open_results(results, engine=None):
    """The results folder's tables; engine 'spark', 'launcher', or None for Spark when installed."""
    if not (Path(results) / "sweep.yaml").exists() and "://" not in str(results):
        raise FileNotFoundError(f"{results} is not a phasesweep results folder (no sweep.yaml): "
                                "run 'deploy/phasesweep run sweeps/quickstart.yaml' first, or set PHASESWEEP_RESULTS")
    engine = engine or os.environ.get("PHASESWEEP_ENGINE")
    if engine is None:
        try:
            import pyspark  # noqa: F401
            engine = "spark"
        except ImportError:
            engine = "launcher"
    print(f"results: {results}  (queries through {'PySpark' if engine == 'spark' else 'deploy/phasesweep sql'})")
    return Tables(results, _spark_engine(results) if engine == "spark" else _Launcher(results))
