package phasesweep.driver.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import phasesweep.driver.analysis.Analysis;
import phasesweep.driver.analysis.Runs;
import phasesweep.driver.analysis.Table;
import phasesweep.driver.sweep.AnalysisSettings;
import phasesweep.driver.table.ResultsLayout;
import phasesweep.driver.table.Swap;
import phasesweep.driver.Faults;
import phasesweep.driver.job.ResultsLock;
import org.apache.hadoop.conf.Configuration;
import phasesweep.driver.table.TableWriter;

/**
 * Writes a sweep's analysis: the tables (Parquet), the figures (PNG and SVG) and
 * {@code report.html}, all computed and written on the driver from the runs ({@link Runs}),
 * without a Spark job. Everything is written in a private folder
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
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    FileSystem fs = layout.dir().getFileSystem(conf);
    clearLeftovers(fs, layout);
    // Every table and figure reads the runs: read once, on the driver.
    Runs runs = Runs.read(layout, conf, settings.fitColumn());
    Path stage = new Path(layout.dir(), STAGING_PREFIX + UUID.randomUUID());
    try {
      Analysis.Tables computed = Analysis.compute(runs, settings);
      for (Map.Entry<String, Table> t : computed.byName().entrySet()) {
        Table table = t.getValue();
        TableWriter.write(new Path(stage, t.getKey()), table.schema(), table.rows(), conf);
      }
      for (String name : computed.byName().keySet()) {
        Swap.replace(fs, new Path(stage, name), layout.table(name));
      }
      Faults.point("report-tables-swapped");

      Path figureStage = new Path(stage, "figures");
      fs.mkdirs(figureStage);
      List<Figures.Figure> figures = Figures.all(computed, runs, settings).stream()
          .filter(f -> !f.charts().isEmpty()) // e.g. no finite-size gap without both kernels
          .toList();
      List<Panels.Image> images = render(figures);
      List<ReportPage.FigureFile> files = new ArrayList<>();
      for (int i = 0; i < figures.size(); i++) {
        Figures.Figure f = figures.get(i);
        Panels.Image image = images.get(i);
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
      long tasks = runs.rows().stream().map(Runs.Run::taskId).distinct().count();
      String summary = String.format("%d rows (%d tasks) in runs. Phases: %d points agree with theory, %d disagree, "
          + "%d without a verdict.", runs.rows().size(), tasks, agree, disagree, none);
      String html = ReportPage.html(layout.dir().getName(), summary, settings, files, tables);
      Path page = new Path(stage, "report.html");
      Swap.writeFile(fs, page, html.getBytes(StandardCharsets.UTF_8));
      Swap.replace(fs, page, layout.report());
      return new Summary(counts, agree, disagree, none,
          files.stream().map(f -> layout.figures() + "/" + f.name() + ".{png,svg}").toList(), layout.report().toString(),
          (System.nanoTime() - start) * 1e-9);
    } finally {
      fs.delete(stage, true);
    }
  }

  /**
   * The figures' images, rendered side by side on the machine's cores (each figure's charts are
   * drawn by one thread only), in order.
   */
  private static List<Panels.Image> render(List<Figures.Figure> figures) throws IOException {
    try {
      return figures.parallelStream().map(f -> {
        try {
          return Panels.render(f.charts());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static List<ReportPage.Table> pageTables(Analysis.Tables computed) {
    List<String> bySeed = new ArrayList<>(Analysis.GROUP);
    bySeed.addAll(List.of("d", "seed"));
    List<String> byQuantity = new ArrayList<>(List.of("quantity"));
    byQuantity.addAll(Analysis.GROUP);
    List<ReportPage.Table> tables = new ArrayList<>();
    List<Row> phases = computed.phases().sortedBy(Analysis.GROUP);
    List<String> shown = shownGroupColumns(phases);
    tables.add(new ReportPage.Table("phases", "One row per (κ, δ) point and kernel: the theory region (region), the "
        + "measured one by the rule of docs/physics.md §5 (red if most runs at the largest d diverged; else green if the exponent "
        + "b < −margin, blue if |b| ≤ margin, orange if b > margin or the risk did not fall), and whether they agree.",
        Analysis.concat(shown, List.of("region", "measured_region", "agree", "exponent", "half_width", "margin", "d_max",
            "diverged_fraction", "never_fell", "note")),
        phases, true));
    tables.add(new ReportPage.Table("fits", "Least-squares fits log y = a + b log d over the seed means at each d, "
        + "with a bootstrap interval over seeds, next to the theory exponent. Quantities: the fitted risk column, "
        + "samples (to reach the threshold) and finite_size_gap.",
        Analysis.concat(shown, List.of("quantity", "exponent", "ci_low", "ci_high", "standard_error", "r_squared",
            "theory_exponent", "difference", "consistent", "d_values", "runs", "left_out", "note")),
        computed.fits().sortedBy(byQuantity), true));
    tables.add(new ReportPage.Table("sample_complexity", "Per run: the time t_reached the risk first fell to the "
        + "threshold (interpolated between checkpoints), the SGD steps t_reached / dt and the samples, steps times the "
        + "batch b.",
        Analysis.concat(List.of("task_id"), shown, List.of("d", "seed", "batch", "status", "t_reached", "steps", "samples")),
        computed.sampleComplexity().sortedBy(bySeed), false));
    List<String> batchShown = new ArrayList<>(shown);
    batchShown.removeAll(List.of("b0", "beta"));
    List<String> byBatch = Analysis.concat(Analysis.BATCH_GROUP, List.of("d", "batch"));
    tables.add(new ReportPage.Table("batch_trade_off", "Per setting, d and batch size b (docs/physics.md §3.1): the runs, "
        + "how many reached the threshold, and their mean steps and samples to reach it.",
        Analysis.concat(batchShown, List.of("d", "batch", "runs", "reached", "steps", "samples")),
        computed.batchTradeOff().sortedBy(byBatch), false));
    tables.add(new ReportPage.Table("finite_size", "Per task where SGD and a reference finished: the largest gap "
        + "between the SGD and ODE risks over the checkpoints, and the largest distance between SGD's overlaps and the "
        + "limit ODE's (kernel ode_limit) over the entries of Q and M and the checkpoints, each with when it happened.",
        Analysis.concat(List.of("task_id"), shown, List.of("d", "seed", "gap", "t_gap", "limit_distance",
            "t_limit_distance")),
        computed.finiteSize().sortedBy(bySeed), false));
    return tables;
  }

  /** kernel, kappa, delta, noise and any other group setting that varies between the phases' rows (one a group). */
  private static List<String> shownGroupColumns(List<Row> phases) {
    List<String> shown = new ArrayList<>(List.of("kernel", "kappa", "delta", "noise"));
    for (String c : Figures.varying(phases.stream().map(r -> Figures.key(r, Analysis.GROUP)).toList(),
        Analysis.GROUP)) {
      if (!shown.contains(c) && !c.equals("region")) {
        shown.add(c);
      }
    }
    return shown;
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
