package phasesweep.driver.table;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import phasesweep.driver.UserInputException;
import phasesweep.kernels.Parameter;

/**
 * Registers a sweep's results as Spark SQL views: {@code runs} (the compacted table together
 * with parts not yet compacted, e.g. of a run still going or stopped), {@code curves} (one row
 * per checkpoint), and the analysis tables a report wrote ({@code fits}, {@code phases},
 * {@code sample_complexity}, {@code finite_size}).
 */
public final class Views {
  /** The columns of {@code curves} besides the checkpoint's own: the task's (every setting) and its status. */
  static final String TASK_COLUMNS = String.join(", ", RunsSchema.taskColumns()) + ", status";

  /** The analysis tables, in the order a report writes them. */
  public static final List<String> ANALYSIS_TABLES = List.of("fits", "phases", "sample_complexity", "finite_size");

  private Views() {}

  /** Registers the views of the results folder {@code resultsDir} (for the {@code sql} command and the notebooks). */
  public static void register(SparkSession spark, String resultsDir) {
    ResultsLayout layout = ResultsLayout.ofDir(resultsDir);
    Dataset<Row> runs = runs(spark, layout);
    runs.createOrReplaceTempView("runs");
    spark.sql("SELECT " + TASK_COLUMNS + ", i AS checkpoint, t, curve_risk[i] AS risk "
        + "FROM runs LATERAL VIEW posexplode(curve_t) c AS i, t").createOrReplaceTempView("curves");
    registerAnalysisTables(spark, layout);
  }

  /** Views of the analysis tables that exist (a folder reported on before). */
  private static void registerAnalysisTables(SparkSession spark, ResultsLayout layout) {
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

  /**
   * Runs read from files written by any version: a task column that some or all of them lack (a
   * parameter added since) is the parameter's default there, which is what those runs had.
   */
  static Dataset<Row> withDefaults(Dataset<Row> runs) {
    Set<String> present = Set.of(runs.columns());
    Dataset<Row> out = runs;
    for (Parameter p : Parameter.TABLE_ORDER) {
      if (!present.contains(p.column())) {
        out = out.withColumn(p.column(), lit(Parameter.text(p.defaultValue())).cast(sparkType(p)));
      } else if (!p.legacy()) {
        out = out.withColumn(p.column(), coalesce(col(p.column()), lit(Parameter.text(p.defaultValue())).cast(sparkType(p))));
      }
    }
    return out;
  }

  private static String sparkType(Parameter p) {
    return switch (p.type()) {
      case INT -> "int";
      case LONG -> "bigint";
      case DOUBLE -> "double";
      case ENUM -> "string";
    };
  }

  /**
   * The runs of a results folder as one Dataset: the compacted table together with the parts not
   * yet compacted, each {@code (task_id, kernel)} once.
   */
  public static Dataset<Row> runs(SparkSession spark, ResultsLayout layout) {
    try {
      FileSystem fs = layout.dir().getFileSystem(spark.sparkContext().hadoopConfiguration());
      layout.requireSweepFile(fs);
      List<String> inputs = new ArrayList<>();
      for (org.apache.hadoop.fs.Path p : RunsFiles.list(layout.parts(), spark.sparkContext().hadoopConfiguration())) {
        inputs.add(p.toString());
      }
      Dataset<Row> rows = null;
      if (fs.exists(layout.runs())) {
        rows = withDefaults(spark.read().option("mergeSchema", "true").parquet(layout.runs().toString()));
      }
      if (!inputs.isEmpty()) {
        Dataset<Row> parts = withDefaults(spark.read().option("mergeSchema", "true").parquet(inputs.toArray(new String[0])));
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
