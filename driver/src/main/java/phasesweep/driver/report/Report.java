package phasesweep.driver.report;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import phasesweep.driver.analysis.AnalysisJob;
import phasesweep.driver.sweep.AnalysisSettings;
import phasesweep.driver.table.ResultsLayout;
import phasesweep.driver.table.Swap;
import phasesweep.driver.Faults;
import phasesweep.driver.job.ResultsLock;
import org.apache.hadoop.conf.Configuration;
import phasesweep.driver.table.Views;

/**
 * Writes a sweep's analysis: the tables (Parquet, computed with Spark from the runs), the
 * figures (PNG and SVG) and {@code report.html}. Everything is written in a private folder
 * first and swapped in by renames, so a reader never sees a half-written report, and the runs
 * are only read.
 */
public final class Report {
  static final String STAGING_PREFIX = "_report-";

  /**
   * @param tableRows rows of each analysis table
   * @param phases how many (kappa, delta) points agree with theory, disagree, or have no verdict
   */
  public record Summary(Map<String, Long> tableRows, long agree, long disagree, long noVerdict, List<String> figures,
      String html, double seconds) {

    /** What {@code run} and {@code report} print. */
    public String lines() {
      StringBuilder b = new StringBuilder();
      tableRows.forEach((name, rows) -> b.append(String.format("phasesweep: table %s: %d rows%n", name, rows)));
      b.append(String.format("phasesweep: phases: %d agree with theory, %d disagree, %d without a verdict%n", agree,
          disagree, noVerdict));
      for (String f : figures) {
        b.append("phasesweep: figure ").append(f).append('\n');
      }
      b.append(String.format("phasesweep: report %s (%.1f s)", html, seconds));
      return b.toString();
    }
  }

  private Report() {}

  public static Summary write(SparkSession spark, ResultsLayout layout, AnalysisSettings settings) throws IOException {
    try (ResultsLock lock = lock(spark, layout)) {
      return writeLocked(spark, layout, settings);
    }
  }

  /**
   * The results folder's lock, for a report: refused (busy) while a run or another report holds
   * it, even a run that has not yet written its sweep.yaml; and nothing, not even a lock, is
   * written into a folder that is not a results folder.
   */
  public static ResultsLock lock(SparkSession spark, ResultsLayout layout) throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    FileSystem fs = layout.dir().getFileSystem(conf);
    if (!ResultsLock.everTaken(layout, fs)) {
      layout.requireSweepFile(fs);
    }
    ResultsLock lock = ResultsLock.acquire(layout, conf, "report");
    try {
      layout.requireSweepFile(fs);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
    return lock;
  }

  private static Summary writeLocked(SparkSession spark, ResultsLayout layout, AnalysisSettings settings)
      throws IOException {
    long start = System.nanoTime();
    FileSystem fs = layout.dir().getFileSystem(spark.sparkContext().hadoopConfiguration());
    clearLeftovers(fs, layout);
    // Every table and figure reads the runs: read them from storage once.
    Dataset<Row> runs = Views.runs(spark, layout).cache();
    Path stage = new Path(layout.dir(), STAGING_PREFIX + UUID.randomUUID());
    AnalysisJob.Tables computed = null;
    try {
      computed = AnalysisJob.compute(spark, runs, settings);
      for (Map.Entry<String, Dataset<Row>> t : computed.byName().entrySet()) {
        t.getValue().coalesce(1).write().parquet(new Path(stage, t.getKey()).toString());
      }
      for (String name : computed.byName().keySet()) {
        Swap.replace(fs, new Path(stage, name), layout.table(name));
      }
      Faults.point("report-tables-swapped");

      Path figureStage = new Path(stage, "figures");
      fs.mkdirs(figureStage);
      List<ReportPage.FigureFile> files = new ArrayList<>();
      for (Figures.Figure f : Figures.all(computed, runs, settings)) {
        if (f.charts().isEmpty()) {
          continue; // e.g. no finite-size gap without both kernels
        }
        Panels.Image image = Panels.render(f.charts());
        Swap.writeFile(fs, new Path(figureStage, f.name() + ".png"), image.png());
        Swap.writeFile(fs, new Path(figureStage, f.name() + ".svg"), image.svg());
        files.add(new ReportPage.FigureFile(f.name(), f.caption(), image.width(), image.height(), f.charts().size(),
            f.groups()));
      }
      Swap.replace(fs, figureStage, layout.figures());

      List<ReportPage.Table> tables = pageTables(computed);
      Map<String, Long> counts = new LinkedHashMap<>();
      for (ReportPage.Table t : tables) {
        counts.put(t.name(), (long) t.rows().size());
      }
      long agree = 0;
      long disagree = 0;
      long none = 0;
      for (Row r : tables.get(0).rows()) {
        Boolean a = r.getAs("agree");
        agree += Boolean.TRUE.equals(a) ? 1 : 0;
        disagree += Boolean.FALSE.equals(a) ? 1 : 0;
        none += a == null ? 1 : 0;
      }
      Row count = runs.agg(count("*"), countDistinct("task_id")).first();
      String summary = String.format("%d rows (%d tasks) in runs. Phases: %d points agree with theory, %d disagree, "
          + "%d without a verdict.", count.getLong(0), count.getLong(1), agree, disagree, none);
      String html = ReportPage.html(layout.dir().getName(), summary, settings, files, tables);
      Path page = new Path(stage, "report.html");
      Swap.writeFile(fs, page, html.getBytes(StandardCharsets.UTF_8));
      Swap.replace(fs, page, layout.report());
      return new Summary(counts, agree, disagree, none,
          files.stream().map(f -> layout.figures() + "/" + f.name() + ".{png,svg}").toList(), layout.report().toString(),
          (System.nanoTime() - start) * 1e-9);
    } finally {
      runs.unpersist();
      if (computed != null) {
        computed.sampleComplexity().unpersist();
        computed.finiteSize().unpersist();
      }
      fs.delete(stage, true);
    }
  }

  private static List<ReportPage.Table> pageTables(AnalysisJob.Tables computed) {
    List<String> bySeed = new ArrayList<>(AnalysisJob.GROUP);
    bySeed.addAll(List.of("d", "seed"));
    List<String> byQuantity = new ArrayList<>(List.of("quantity"));
    byQuantity.addAll(AnalysisJob.GROUP);
    List<ReportPage.Table> tables = new ArrayList<>();
    List<Row> phases = computed.phases().orderBy(cols(AnalysisJob.GROUP)).collectAsList();
    List<String> shown = shownGroupColumns(phases);
    tables.add(new ReportPage.Table("phases", "One row per (κ, δ) point and kernel: the theory region (region), the "
        + "measured one by the rule of docs/physics.md §5 (red if most runs at the largest d diverged; else green if the exponent "
        + "b < −margin, blue if |b| ≤ margin, orange if b > margin or the risk did not fall), and whether they agree.",
        concat(shown, List.of("region", "measured_region", "agree", "exponent", "half_width", "margin", "d_max",
            "diverged_fraction", "never_fell", "note")),
        phases, true));
    tables.add(new ReportPage.Table("fits", "Least-squares fits log y = a + b log d over the seed means at each d, "
        + "with a bootstrap interval over seeds, next to the theory exponent. Quantities: the fitted risk column, "
        + "samples (to reach the threshold) and finite_size_gap.",
        concat(shown, List.of("quantity", "exponent", "ci_low", "ci_high", "standard_error", "r_squared",
            "theory_exponent", "difference", "consistent", "d_values", "runs", "left_out", "note")),
        computed.fits().orderBy(cols(byQuantity)).collectAsList(), true));
    tables.add(new ReportPage.Table("sample_complexity", "Per run: the time t_reached the risk first fell to the "
        + "threshold (interpolated between checkpoints), the SGD steps t_reached / dt and the samples, steps times the "
        + "batch b.",
        concat(List.of("task_id"), shown, List.of("d", "seed", "batch", "status", "t_reached", "steps", "samples")),
        computed.sampleComplexity().orderBy(cols(bySeed)).collectAsList(), false));
    List<String> batchShown = new ArrayList<>(shown);
    batchShown.removeAll(List.of("b0", "beta"));
    List<String> byBatch = concat(AnalysisJob.BATCH_GROUP, List.of("d", "batch"));
    tables.add(new ReportPage.Table("batch_trade_off", "Per setting, d and batch size b (docs/physics.md §3.1): the runs, "
        + "how many reached the threshold, and their mean steps and samples to reach it.",
        concat(batchShown, List.of("d", "batch", "runs", "reached", "steps", "samples")),
        computed.batchTradeOff().orderBy(cols(byBatch)).collectAsList(), false));
    tables.add(new ReportPage.Table("finite_size", "Per task where both kernels finished: the largest gap between "
        + "the SGD and ODE risks over the checkpoints, and when it happened.",
        concat(List.of("task_id"), shown, List.of("d", "seed", "gap", "t_gap")),
        computed.finiteSize().orderBy(cols(bySeed)).collectAsList(), false));
    return tables;
  }

  private static Column[] cols(List<String> names) {
    return names.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
  }

  /** kernel, kappa, delta, noise and any other group setting that varies between the phases' rows (one a group). */
  private static List<String> shownGroupColumns(List<Row> phases) {
    List<String> shown = new ArrayList<>(List.of("kernel", "kappa", "delta", "noise"));
    for (String c : Figures.varying(phases.stream().map(r -> Figures.key(r, AnalysisJob.GROUP)).toList(),
        AnalysisJob.GROUP)) {
      if (!shown.contains(c) && !c.equals("region")) {
        shown.add(c);
      }
    }
    return shown;
  }

  @SafeVarargs
  static List<String> concat(List<String>... parts) {
    List<String> all = new ArrayList<>();
    for (List<String> p : parts) {
      all.addAll(p);
    }
    return all;
  }

  /**
   * What a crash left: replaces stopped between their renames are finished (the runs table's
   * too, so that the report reads all of it), and a report's private folder is removed.
   */
  private static void clearLeftovers(FileSystem fs, ResultsLayout layout) throws IOException {
    Swap.recover(fs, layout.dir());
    for (FileStatus s : fs.listStatus(layout.dir())) {
      if (s.getPath().getName().startsWith(STAGING_PREFIX)) {
        fs.delete(s.getPath(), true);
      }
    }
  }
}
