"""Spark SQL on a phasesweep results folder, from a notebook.

    tables = open_results("../results/quickstart")
    df = tables.sql("SELECT * FROM fits")          # a pandas DataFrame

With PySpark installed, queries run in a local Spark session (or the notebook server's own,
if one is active) on the same views as `phasesweep sql`: runs, curves, fits, phases,
sample_complexity, finite_size. Without PySpark they run through the project's launcher,
`deploy/phasesweep sql RESULTS --format csv`, which needs only Java: the same SQL, the same
views, one JVM per query. Only pandas is needed besides.
"""
import io
import os
import subprocess
from pathlib import Path

import pandas as pd

ANALYSIS_TABLES = ["fits", "phases", "sample_complexity", "finite_size"]


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
    for name in ANALYSIS_TABLES:
        if (root / name).exists():
            spark.read.parquet(str(root / name)).createOrReplaceTempView(name)
    return lambda query: spark.sql(query).toPandas()


def _launcher_engine(results):
    if not LAUNCHER.exists():
        raise FileNotFoundError(f"{LAUNCHER}: the phasesweep launcher is not there")

    def run(query):
        out = subprocess.run([str(LAUNCHER), "sql", str(results), query, "--format", "csv"],
                             capture_output=True, text=True)
        if out.returncode != 0:
            raise RuntimeError(f"phasesweep sql failed ({out.returncode}): {out.stderr.strip()[-2000:]}")
        return pd.read_csv(io.StringIO(out.stdout))
    return run


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
    return Tables(results, _spark_engine(results) if engine == "spark" else _launcher_engine(results))
