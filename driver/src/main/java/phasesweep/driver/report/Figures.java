package phasesweep.driver.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.jfree.chart.JFreeChart;
import phasesweep.driver.analysis.AnalysisJob;
import phasesweep.driver.analysis.AnalysisSettings;
import phasesweep.driver.analysis.Fits;
import phasesweep.kernels.Region;

/**
 * The report's figures, drawn from the analysis tables and the runs (registered as views): one
 * panel per group of runs. Each figure is a {@link Figure} with its charts; {@link Panels}
 * renders it.
 */
public final class Figures {
  /** At most this many panels a figure (the rest are listed in the report's tables). */
  public static final int MAX_PANELS = 48;

  /** A figure: its file name (without extension), caption, and panels. */
  public record Figure(String name, String caption, List<JFreeChart> charts, int groups) {}

  private static final Map<String, String> SYMBOLS = Map.ofEntries(Map.entry("kappa", "κ"), Map.entry("delta", "δ"),
      Map.entry("noise", "Δ"), Map.entry("gamma0", "γ₀"), Map.entry("p0", "p₀"), Map.entry("k", "k"),
      Map.entry("activation", "σ"), Map.entry("init", "init"), Map.entry("t_max", "t_max"),
      Map.entry("checkpoints_per_decade", "checkpoints/decade"), Map.entry("divergence_bound", "bound"),
      Map.entry("ode_mode", "ODE"), Map.entry("rtol", "rtol"), Map.entry("atol", "atol"), Map.entry("sweep", "sweep"));
  /** Always in a panel's title (when the panel is one value of them). */
  private static final List<String> ALWAYS = List.of("kappa", "delta", "noise");

  private Figures() {}

  public static List<Figure> all(SparkSession spark, AnalysisSettings settings) {
    List<Figure> figures = new ArrayList<>();
    figures.add(phaseDiagram(spark));
    figures.add(scaling(spark, settings));
    figures.add(learningCurves(spark));
    figures.add(powerLawFigure(spark, "sample_complexity", Fits.SAMPLES, "sample_complexity", "samples",
        "samples n to reach R ≤ "
        + number(settings.riskThreshold()), "n ∝ d^b, b",
        "Samples n = t/dt each run needed to first reach R ≤ " + number(settings.riskThreshold())
            + ", against d; theory exponent 1 + κ + δ (green region and blue line). Runs that never reached it are left out."));
    figures.add(powerLawFigure(spark, "finite_size", Fits.FINITE_SIZE_GAP, "finite_size", "gap",
        "max_t |R_sgd(t) − R_ode(t)|",
        "gap ∝ d^b, b", "The finite-size gap: the largest distance between each SGD run's risk and its ODE's "
            + "(same task, same checkpoints), against d."));
    return figures;
  }

  static Figure phaseDiagram(SparkSession spark) {
    List<String> panelColumns = without(AnalysisJob.GROUP, "kappa", "delta", "region");
    List<Row> rows = spark.sql("SELECT * FROM phases ORDER BY " + String.join(", ", AnalysisJob.GROUP)).collectAsList();
    Map<List<Object>, List<Charts.PhasePoint>> panels = new LinkedHashMap<>();
    for (Row r : rows) {
      String measured = r.getAs("measured_region");
      panels.computeIfAbsent(key(r, panelColumns), k -> new ArrayList<>()).add(new Charts.PhasePoint(
          r.getAs("delta"), r.getAs("kappa"), measured == null ? null : Region.valueOf(measured.toUpperCase(Locale.ROOT)),
          r.getAs("agree")));
    }
    List<JFreeChart> charts = new ArrayList<>();
    Set<String> varying = varying(panels.keySet(), panelColumns);
    panels.forEach((key, points) -> charts.add(Charts.phaseDiagram("Phase diagram: " + title(key, panelColumns, varying, true),
        points)));
    return new Figure("phase_diagram", "The measured region of each (κ, δ) point (SPEC §5 rule) over the theory "
        + "regions (shaded) and their boundaries κ + δ = 0 and κ + δ = −1/2; a black ring marks a point whose measured "
        + "region disagrees with theory, grey a point without a verdict (see the phases table's note).",
        limit(charts), panels.size());
  }

  static Figure scaling(SparkSession spark, AnalysisSettings settings) {
    String column = settings.fitColumn();
    String yLabel = column.equals("risk_tail") ? "risk_tail  (mean R over t ≥ t_max/√10)" : "risk_final  R(t_max)";
    return powerLawFigure(spark, "scaling", column, "runs", column, yLabel, "R ∝ d^b, b",
        "The " + column + " of each run against d, log-log, with the mean over seeds, the least-squares fit "
            + "(exponent and its bootstrap interval over seeds) and the theory slope −(κ + δ) drawn through the fit's centre.");
  }

  /**
   * A log-log figure of a per-run quantity ({@code valueColumn} of the table {@code source}) against
   * d with the fits of {@code quantity}.
   */
  static Figure powerLawFigure(SparkSession spark, String name, String quantity, String source, String valueColumn,
      String yLabel, String symbol, String caption) {
    String group = String.join(", ", AnalysisJob.GROUP);
    Map<List<Object>, List<double[]>> points = new LinkedHashMap<>();
    for (Row r : spark.sql("SELECT " + group + ", d, " + valueColumn + " AS v FROM " + source + " WHERE "
        + (source.equals("runs") ? "status = 'ok' AND " : "") + valueColumn + " > 0 ORDER BY " + group + ", d")
        .collectAsList()) {
      points.computeIfAbsent(key(r, AnalysisJob.GROUP), k -> new ArrayList<>())
          .add(new double[] {r.getInt(r.fieldIndex("d")), r.getDouble(r.fieldIndex("v"))});
    }
    List<Row> fits = spark.sql("SELECT * FROM fits WHERE quantity = '" + quantity + "' ORDER BY " + group).collectAsList();
    List<List<Object>> keys = fits.stream().map(r -> key(r, AnalysisJob.GROUP)).toList();
    Set<String> varying = varying(keys, AnalysisJob.GROUP);
    List<JFreeChart> charts = new ArrayList<>();
    for (Row r : fits) {
      List<Object> key = key(r, AnalysisJob.GROUP);
      Double b = r.getAs("exponent");
      Charts.Line line = b == null ? null
          : new Charts.Line(b, r.getAs("intercept"), r.getAs("ci_low"), r.getAs("ci_high"));
      Double theory = r.getAs("theory_exponent");
      charts.add(Charts.powerLaw(title(key, AnalysisJob.GROUP, varying, true), yLabel,
          points.getOrDefault(key, List.of()), line, theory == null ? Double.NaN : theory, symbol, r.getAs("note")));
    }
    return new Figure(name, caption, limit(charts), fits.size());
  }

  static Figure learningCurves(SparkSession spark) {
    List<String> panelColumns = without(AnalysisJob.GROUP, "kernel");
    String cols = String.join(", ", panelColumns);
    // Mean and spread over seeds at each checkpoint, of the runs that finished (status ok).
    List<Row> rows = spark.sql("SELECT " + cols + ", kernel, d, max(n) AS seeds, "
        + "array_sort(collect_list(struct(i, t, mean, low, high))) AS points FROM ("
        + "SELECT " + cols + ", kernel, d, i, count(*) AS n, avg(t) AS t, avg(risk) AS mean, "
        + "min(risk) AS low, max(risk) AS high FROM (SELECT " + cols + ", kernel, d, seed, i, t, curve_risk[i] AS risk "
        + "FROM runs LATERAL VIEW posexplode(curve_t) c AS i, t WHERE status = 'ok' AND t > 0) "
        + "GROUP BY " + cols + ", kernel, d, i) GROUP BY " + cols + ", kernel, d ORDER BY " + cols + ", d, kernel")
        .collectAsList();
    Map<List<Object>, List<Charts.Curve>> panels = new LinkedHashMap<>();
    for (Row r : spark.sql("SELECT DISTINCT " + cols + " FROM runs ORDER BY " + cols).collectAsList()) {
      panels.put(key(r, panelColumns), new ArrayList<>());
    }
    for (Row r : rows) {
      List<Row> points = r.getList(r.fieldIndex("points"));
      double[][] v = new double[4][points.size()];
      for (int j = 0; j < points.size(); j++) {
        for (int c = 0; c < 4; c++) {
          v[c][j] = points.get(j).getDouble(c + 1);
        }
      }
      panels.get(key(r, panelColumns)).add(new Charts.Curve(r.getAs("kernel"), r.getInt(r.fieldIndex("d")),
          (int) r.getLong(r.fieldIndex("seeds")), v[0], v[1], v[2], v[3]));
    }
    Set<String> varying = varying(panels.keySet(), panelColumns);
    List<JFreeChart> charts = new ArrayList<>();
    panels.forEach((key, curves) -> charts.add(Charts.learningCurves(title(key, panelColumns, varying, false), curves,
        "no finished runs here (diverged, or no ODE)")));
    return new Figure("learning_curves", "Risk against time, log-log: SGD's mean over seeds (solid line) with its "
        + "spread (band, min to max over seeds) and the ODE from the same initial overlaps (dashed), one colour per d. "
        + "Only runs with status ok are drawn.", limit(charts), panels.size());
  }

  private static List<JFreeChart> limit(List<JFreeChart> charts) {
    return charts.size() > MAX_PANELS ? charts.subList(0, MAX_PANELS) : charts;
  }

  static List<Object> key(Row r, List<String> columns) {
    List<Object> k = new ArrayList<>(columns.size());
    for (String c : columns) {
      k.add(r.get(r.fieldIndex(c)));
    }
    return k;
  }

  static List<String> without(List<String> columns, String... drop) {
    List<String> out = new ArrayList<>(columns);
    out.removeAll(List.of(drop));
    return out;
  }

  /** The columns whose value differs between panels. */
  static Set<String> varying(java.util.Collection<List<Object>> keys, List<String> columns) {
    Set<String> v = new LinkedHashSet<>();
    for (int i = 0; i < columns.size(); i++) {
      Set<Object> values = new LinkedHashSet<>();
      for (List<Object> k : keys) {
        values.add(k.get(i));
      }
      if (values.size() > 1) {
        v.add(columns.get(i));
      }
    }
    return v;
  }

  /** "SGD · κ = 0, δ = 0.5, Δ = 0.001" and any other setting that differs between panels. */
  static String title(List<Object> key, List<String> columns, Set<String> varying, boolean withKernel) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      String c = columns.get(i);
      if (c.equals("kernel") || c.equals("region") || !(ALWAYS.contains(c) || varying.contains(c))) {
        continue;
      }
      Object v = key.get(i);
      parts.add(SYMBOLS.getOrDefault(c, c) + " = " + (v instanceof Double d ? number(d) : String.valueOf(v)));
    }
    int kernel = columns.indexOf("kernel");
    String prefix = withKernel && kernel >= 0 ? String.valueOf(key.get(kernel)).toUpperCase(Locale.ROOT) + " · " : "";
    return prefix + String.join(", ", parts);
  }

  static String number(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
