package phasesweep.driver.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import phasesweep.driver.UserInputException;
import phasesweep.driver.analysis.FirstCrossing;

/**
 * Registers a sweep's results as Spark SQL views: {@code runs} (the compacted table together
 * with parts not yet compacted, e.g. of a run still going or stopped), {@code curves} (one row
 * per checkpoint), and the analysis tables a report wrote ({@code fits}, {@code phases},
 * {@code sample_complexity}, {@code finite_size}); and the function {@code first_crossing}.
 */
public final class Views {
  /** The columns of {@code curves} besides the checkpoint's own. */
  static final String TASK_COLUMNS = "task_id, sweep, kernel, activation, init, d, p, k, kappa, delta, gamma0, p0, "
      + "gamma, noise, seed, region, time_scale, t_max, status";

  /** The analysis tables, in the order a report writes them. */
  public static final List<String> ANALYSIS_TABLES = List.of("fits", "phases", "sample_complexity", "finite_size");

  private Views() {}

  public static void register(SparkSession spark, String resultsDir) {
    register(spark, resultsDir, true);
  }

  /** @param analysisTables whether to register the analysis tables too (a report is about to replace them) */
  public static void register(SparkSession spark, String resultsDir, boolean analysisTables) {
    ResultsLayout layout = ResultsLayout.ofDir(resultsDir);
    Dataset<Row> runs = runs(spark, layout);
    runs.createOrReplaceTempView("runs");
    spark.sql("SELECT " + TASK_COLUMNS + ", i AS checkpoint, t, curve_risk[i] AS risk "
        + "FROM runs LATERAL VIEW posexplode(curve_t) c AS i, t").createOrReplaceTempView("curves");
    FirstCrossing.register(spark);
    if (analysisTables) {
      registerAnalysisTables(spark, layout);
    }
  }

  /** Views of the analysis tables that exist (a folder reported on before). */
  public static void registerAnalysisTables(SparkSession spark, ResultsLayout layout) {
    try {
      FileSystem fs = layout.dir().getFileSystem(spark.sparkContext().hadoopConfiguration());
      for (String name : ANALYSIS_TABLES) {
        if (fs.exists(layout.table(name))) {
          spark.read().parquet(layout.table(name).toString()).createOrReplaceTempView(name);
        } else if (spark.catalog().tableExists(name)) {
          spark.catalog().dropTempView(name);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Dataset<Row> runs(SparkSession spark, ResultsLayout layout) {
    try {
      FileSystem fs = layout.dir().getFileSystem(spark.sparkContext().hadoopConfiguration());
      layout.requireSweepFile(fs);
      List<String> inputs = new ArrayList<>();
      for (org.apache.hadoop.fs.Path p : RunsFiles.list(layout.parts(), spark.sparkContext().hadoopConfiguration())) {
        inputs.add(p.toString());
      }
      Dataset<Row> rows = null;
      if (fs.exists(layout.runs())) {
        rows = spark.read().parquet(layout.runs().toString());
      }
      if (!inputs.isEmpty()) {
        Dataset<Row> parts = spark.read().parquet(inputs.toArray(new String[0]));
        rows = rows == null ? parts : rows.unionByName(parts).dropDuplicates("task_id", "kernel");
      }
      if (rows == null) {
        throw new UserInputException("RESULTS_DIR: " + layout.dir() + " has no results yet");
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
