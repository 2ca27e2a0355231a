package phasesweep.driver.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import phasesweep.driver.Faults;
import phasesweep.driver.analysis.Analysis;
import phasesweep.driver.analysis.Runs;
import phasesweep.driver.analysis.Table;
import phasesweep.driver.job.ResultsLock;
import phasesweep.driver.sweep.AnalysisSettings;
import phasesweep.driver.table.AnalysisTable;
import phasesweep.driver.table.ResultsLayout;
import phasesweep.driver.table.Swap;
import phasesweep.driver.table.TableWriter;
import phasesweep.kernels.Parameter;

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
   * @param verdicts the phases' verdicts: how many points agree with their theory, disagree, are
   *     undetermined (counted by why) or have no theory ({@link #verdicts})
   */
  public record Summary(Map<String, Long> tableRows, Verdicts verdicts, List<String> figures, String html,
      double seconds) {

    /** What {@code run} and {@code report} print. */
    public String lines() {
      StringBuilder b = new StringBuilder();
      tableRows.forEach((name, rows) -> b.append(String.format("phasesweep: table %s: %d rows%n", name, rows)));
      b.append("phasesweep: phases: ").append(verdicts.line()).append('\n');
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
      List<Figures.Figure> all = Figures.all(computed, settings);
      List<Figures.Figure> figures = all.stream()
          .filter(f -> !f.charts().isEmpty()) // e.g. no finite-size gap without both kernels
          .toList();
      List<String> notDrawn = all.stream().filter(f -> f.charts().isEmpty()).map(Figures.Figure::name).toList();
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
      Verdicts verdicts = Verdicts.of(computed.phases());
      long tasks = runs.rows().stream().map(Runs.Run::taskId).distinct().count();
      String summary = String.format("%d rows (%d tasks) in runs. Phases: %s.", runs.rows().size(), tasks,
          verdicts.line()) + (notDrawn.isEmpty() ? ""
          : " Figures without data in this sweep, not drawn: " + String.join(", ", notDrawn) + ".");
      String html = ReportPage.html(layout.dir().getName(), summary, settings, files, tables);
      Path page = new Path(stage, "report.html");
      Swap.writeFile(fs, page, html.getBytes(StandardCharsets.UTF_8));
      Swap.replace(fs, page, layout.report());
      return new Summary(counts, verdicts,
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

  /** The report's tables, each from its one description ({@link AnalysisTable}). */
  private static List<ReportPage.Table> pageTables(Analysis.Tables computed) {
    List<String> shown = shownGroupColumns(computed.phases().sortedBy(AnalysisTable.GROUP));
    List<ReportPage.Table> tables = new ArrayList<>();
    for (AnalysisTable t : AnalysisTable.values()) {
      List<String> columns = new ArrayList<>();
      if (t.lead() == AnalysisTable.Lead.RUN) {
        columns.add("task_id");
      }
      shown.stream().filter(t.leadGroup()::contains).forEach(columns::add);
      columns.addAll(t.shown());
      tables.add(new ReportPage.Table(t.tableName(), t.caption(), columns, computed.get(t).sortedBy(t.order()), t.open()));
    }
    return tables;
  }

  /** kernel, kappa, delta, noise and any other group setting that varies between the phases' rows (one a group). */
  private static List<String> shownGroupColumns(List<Row> phases) {
    List<String> shown = new ArrayList<>(
        List.of("kernel", Parameter.KAPPA.column(), Parameter.DELTA.column(), Parameter.NOISE.column()));
    for (String c : Figures.varying(phases.stream().map(r -> Figures.key(r, AnalysisTable.GROUP)).toList(),
        AnalysisTable.GROUP)) {
      if (!shown.contains(c) && !c.equals(Parameter.REGION.column())) {
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
