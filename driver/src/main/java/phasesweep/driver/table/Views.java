package phasesweep.driver.table;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import phasesweep.driver.failure.NoResultException;
import phasesweep.kernels.Parameter;

/**
 * Registers a sweep's results as Spark SQL views: {@code runs} (the compacted table together
 * with parts not yet compacted, e.g. of a run still going or stopped), {@code curves} (one row
 * per checkpoint), and the analysis tables a report wrote ({@link AnalysisTable}).
 */
public final class Views {
  /** The columns of {@code curves} besides the checkpoint's own: the task's (every setting) and its status. */
  static final String TASK_COLUMNS = String.join(", ", RunsSchema.taskColumns()) + ", status";

  /** The analysis tables, in the order a report writes them ({@link AnalysisTable}). */
  public static final List<String> ANALYSIS_TABLES = AnalysisTable.names();

  private Views() {}

  /** Registers the views of the results folder {@code resultsDir} (for the {@code sql} command and the notebooks). */
  public static void register(SparkSession spark, String resultsDir) {
    ResultsLayout layout = ResultsLayout.ofDir(resultsDir);
    Dataset<Row> runs = runs(spark, layout);
    runs.createOrReplaceTempView("runs");
    spark.sql("SELECT " + TASK_COLUMNS + ", i AS checkpoint, t, curve_risk[i] AS risk "
        + "FROM runs LATERAL VIEW posexplode(curve_t) c AS i, t").createOrReplaceTempView("curves");
    registerAnalysisTables(spark, layout);
    registerKernels(spark);
  }

  /**
   * The view {@code kernels}: every kernel's own description (its id as in the runs' {@code kernel}
   * column, its label, how it samples, its line's dashes), so that a notebook labels and draws a
   * kernel as the report does without naming one (issue #31, item 1).
   */
  static void registerKernels(SparkSession spark) {
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
        .add("kernel", org.apache.spark.sql.types.DataTypes.StringType, false)
        .add("label", org.apache.spark.sql.types.DataTypes.StringType, false)
        .add("sampling", org.apache.spark.sql.types.DataTypes.StringType, false)
        .add("dashes", org.apache.spark.sql.types.DataTypes.createArrayType(
            org.apache.spark.sql.types.DataTypes.DoubleType, false), false);
    List<Row> rows = new ArrayList<>();
    for (phasesweep.kernels.Kernel k : phasesweep.kernels.Kernel.values()) {
      float[] dashes = k.dashes();
      double[] d = new double[dashes.length];
      for (int i = 0; i < d.length; i++) {
        d[i] = dashes[i];
      }
      rows.add(org.apache.spark.sql.RowFactory.create(k.id(), k.label(),
          k.sampling().name().toLowerCase(java.util.Locale.ROOT), java.util.Arrays.stream(d).boxed().toList()));
    }
    spark.createDataFrame(rows, schema).createOrReplaceTempView("kernels");
  }

  /** Views of the analysis tables that exist (a folder reported on before). */
  private static void registerAnalysisTables(SparkSession spark, ResultsLayout layout) {
    try {
      FileSystem fs = layout.dir().getFileSystem(spark.sparkContext().hadoopConfiguration());
      for (String name : ANALYSIS_TABLES) {
        org.apache.hadoop.fs.Path table = Swap.current(fs, layout.table(name));
        if (table != null) {
          spark.read().parquet(paths(List.of(table))).createOrReplaceTempView(name);
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
    for (String c : RunsSchema.ADDED_LISTS) {
      Column none = org.apache.spark.sql.functions.array().cast("array<double>");
      out = present.contains(c) ? out.withColumn(c, coalesce(col(c), none)) : out.withColumn(c, none);
    }
    for (Parameter p : Parameter.TABLE_ORDER) {
      // a default that is another parameter's value is that column (teacher_activation: activation)
      Column byDefault = p.source() != null ? bySource(p) : p.defaultFrom() != null ? col(p.defaultFrom().column())
          : lit(Parameter.text(p.defaultValue())).cast(RunsSchema.sparkType(p));
      if (!present.contains(p.column())) {
        out = out.withColumn(p.column(), byDefault);
      } else if (!p.legacy()) {
        out = out.withColumn(p.column(), coalesce(col(p.column()), byDefault));
      }
    }
    return out;
  }

  /** A derived column from its source column ({@code information_exponent} of {@code teacher_activation}). */
  private static Column bySource(Parameter p) {
    Column value = lit(null).cast(RunsSchema.sparkType(p));
    for (Map.Entry<String, Object> e : p.valuesBySource().entrySet()) {
      value = org.apache.spark.sql.functions.when(col(p.source().column()).equalTo(e.getKey()), lit(e.getValue()))
          .otherwise(value);
    }
    return value.cast(RunsSchema.sparkType(p));
  }

  /**
   * The runs of a results folder as one Dataset: the compacted table together with the parts not
   * yet compacted ({@link #files}), each {@code (task_id, kernel)} once.
   */
  public static Dataset<Row> runs(SparkSession spark, ResultsLayout layout) {
    Files files = files(layout, spark.sparkContext().hadoopConfiguration());
    Dataset<Row> rows = null;
    if (!files.table().isEmpty()) {
      rows = withDefaults(spark.read().option("mergeSchema", "true").parquet(paths(files.table())));
    }
    if (!files.parts().isEmpty()) {
      Dataset<Row> p = withDefaults(spark.read().option("mergeSchema", "true").parquet(paths(files.parts())));
      rows = rows == null ? p : rows.unionByName(p).dropDuplicates("task_id", "kernel");
    }
    return rows;
  }

  /** The files of the runs table: the compacted table's, then the parts not yet compacted (both in name order). */
  public record Files(List<org.apache.hadoop.fs.Path> table, List<org.apache.hadoop.fs.Path> parts) {}

  /**
   * The files that hold a results folder's runs. Always the whole table: while a compaction is
   * between its renames (or was stopped there) the table is the old one moved aside, which with
   * the parts is every row (a row may then be in both: read it once); a file whose footer does
   * not read is refused with the remedy, never skipped; a folder without rows is refused.
   */
  public static Files files(ResultsLayout layout, org.apache.hadoop.conf.Configuration conf) {
    try {
      FileSystem fs = layout.dir().getFileSystem(conf);
      layout.requireSweepFile(fs);
      RunsFiles.Listing parts = RunsFiles.verified(layout.parts(), conf);
      org.apache.hadoop.fs.Path tableDir = Swap.current(fs, layout.runs());
      RunsFiles.Listing table = tableDir == null ? RunsFiles.Listing.EMPTY
          : RunsFiles.verified(tableDir, conf);
      List<RunsFiles.Unreadable> bad = new ArrayList<>(table.unreadable());
      bad.addAll(parts.unreadable());
      if (!bad.isEmpty()) {
        RunsFiles.Unreadable u = bad.get(0);
        throw new phasesweep.driver.failure.FailedRunException(layout.dir() + ": " + u.file().getParent().getName() + "/"
            + u.file().getName() + " is " + u.reason() + "; run the sweep again (phasesweep run " + layout.sweepFile()
            + " --out " + layout.dir().getParent() + ") to set it aside and compute its rows again");
      }
      if (table.files().isEmpty() && parts.files().isEmpty()) {
        throw new NoResultException("RESULTS_DIR: " + layout.dir() + " has no results yet");
      }
      return new Files(table.files(), parts.files());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The listed files (or folders) as Spark reads them: Spark globs every path it is given, so a folder named
   * {@code r[1]} or {@code q?} would match other folders (issue #33, item 2b); each of Hadoop's
   * glob characters is escaped, and the path means only itself.
   */
  static String[] paths(List<org.apache.hadoop.fs.Path> files) {
    return files.stream().map(f -> f.toString().replaceAll("([\\\\\\[\\]{}*?])", "\\\\$1")).toArray(String[]::new);
  }
}
