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
import org.jfree.chart.JFreeChart;
import phasesweep.driver.analysis.Analysis;
import phasesweep.driver.analysis.Fits;
import phasesweep.driver.analysis.Table;
import phasesweep.driver.analysis.Verdict;
import phasesweep.driver.sweep.AnalysisSettings;
import phasesweep.driver.table.AnalysisTable;
import phasesweep.kernels.Kernel;
import phasesweep.kernels.Parameter;
import phasesweep.kernels.Status;
import phasesweep.kernels.model.Region;
import phasesweep.kernels.theory.Settings;
import phasesweep.kernels.theory.Theory;

/**
 * The report's figures, drawn from the analysis tables alone (docs/physics.md §5): one panel per group
 * of runs. Each figure is a {@link Figure} with its charts; {@link Panels} renders it.
 */
public final class Figures {
  /** At most this many panels a figure (the rest are listed in the report's tables). */
  public static final int MAX_PANELS = 48;

  /** A figure: its file name (without extension), caption, and panels. */
  public record Figure(String name, String caption, List<JFreeChart> charts, int groups) {}

  /** A column's label in a panel title: the paper's symbol of a parameter, else its name. */
  private static String symbol(String column) {
    Parameter p = Parameter.named(column);
    return p != null ? p.symbol() : column;
  }
  /** Always in a panel's title (when the panel is one value of them). */
  private static final List<String> ALWAYS =
      List.of(Parameter.KAPPA.column(), Parameter.DELTA.column(), Parameter.NOISE.column());

  private Figures() {}

  /**
   * The figures of a report, from the analysis tables, handed over as values (the catalog's views
   * serve the {@code sql} command only).
   */
  public static List<Figure> all(Analysis.Tables tables, AnalysisSettings settings) {
    List<Figure> figures = new ArrayList<>();
    figures.add(phaseDiagram(tables.phases()));
    for (Theory theory : Theory.values()) {
      // drawn for the theories that speak of some of the sweep's groups
      if (theory.exponentPlane() != null
          && !tables.phases().where(r -> theory.id().equals(r.getAs("theory"))).isEmpty()) {
        figures.add(exponentPlane(tables.phases(), tables.budgets(), theory));
      }
    }
    figures.add(scaling(tables.scaling(), tables.fits(), settings));
    List<Analysis.MeanCurve> curves = Analysis.curves(tables.meanCurves());
    figures.add(learningCurves(tables.phases(), curves));
    figures.add(tradeOff(curves));
    figures.add(powerLawFigure("sample_complexity", Fits.SAMPLES, values(tables.sampleComplexity(), "samples"),
        tables.fits(),
        "samples n to reach R ≤ " + number(settings.riskThreshold()), "n ∝ d^b, b",
        "Samples n = t/dt each run needed to first reach R ≤ " + number(settings.riskThreshold())
            + ", against d; theory exponent 1 + κ + δ (green region and blue line). Runs that never reached it are left out."));
    figures.add(batchTradeOff(tables.batchTradeOff()));
    figures.add(powerLawFigure("finite_size", Fits.FINITE_SIZE_GAP, values(tables.finiteSize(), "gap"), tables.fits(),
        "max_t |R_sgd(t) − R_ode(t)|",
        "gap ∝ d^b, b", "The finite-size gap: the largest distance between each SGD run's risk and its ODE's "
            + "(same task, same checkpoints), against d."));
    figures.add(powerLawFigure("limit_distance", Fits.LIMIT_DISTANCE, values(tables.finiteSize(), "limit_distance"),
        tables.fits(), "max_t max |Ω − Ω̄|", "distance ∝ d^b, b", "The distance of each SGD run's overlaps to the "
            + "limit ODE's (kernel ode_limit, same task): the largest |Q − Q̄| or |M − M̄| over the entries and the "
            + "checkpoints, against d; theory exponent −(1/2 + κ + δ) in the orange region (docs/physics.md §5). "
            + "Drawn when a sweep runs ode_limit."));
    return figures;
  }

  /**
   * A theory's exponent plane (docs/physics.md §5.1, §5.4): per panel (a group but for the plane's
   * horizontal parameter, those tied to it and the run's length), each group's fitted exponent in the plane's
   * coordinates with its interval, over the theory's lines.
   */
  static Figure exponentPlane(Table phases, Table budgets, Theory theory) {
    Theory.ExponentPlane plane = theory.exponentPlane();
    List<String> drop = new ArrayList<>(List.of(plane.across().column(), Parameter.REGION.column()));
    plane.tied().forEach(p -> drop.add(p.column()));
    // a run's length (t_max, a budget in steps) is chosen per point; it is not a panel of its own
    Parameter.SETTINGS.stream().filter(p -> p.section() == Parameter.Section.RUN).forEach(p -> drop.add(p.column()));
    List<String> panelColumns = without(AnalysisTable.GROUP, drop.toArray(String[]::new));
    List<Row> rows = new Table(phases.schema(), phases.where(r -> theory.id().equals(r.getAs("theory"))))
        .sortedBy(AnalysisTable.GROUP);
    Map<List<Object>, List<Row>> panels = new LinkedHashMap<>();
    for (Row r : rows) {
      panels.computeIfAbsent(key(r, panelColumns), k -> new ArrayList<>()).add(r);
    }
    Map<List<Object>, List<Charts.BudgetPoint>> budgetPoints = new LinkedHashMap<>();
    for (Row r : budgets.where(r -> theory.id().equals(r.getAs("theory")))) {
      Settings s = Analysis.settingsOf(key(r, AnalysisTable.GROUP));
      budgetPoints.computeIfAbsent(key(r, panelColumns), k -> new ArrayList<>()).add(new Charts.BudgetPoint(
          s.number(plane.across()), r.getAs("budget_exponent"), r.getAs("data_learns"),
          Verdict.Outcome.of(r.getAs("verdict"))));
    }
    Set<String> varying = varying(panels.keySet(), panelColumns);
    List<JFreeChart> charts = new ArrayList<>();
    panels.forEach((key, panelRows) -> {
      List<Charts.PhasePoint> points = new ArrayList<>();
      List<double[]> intervals = new ArrayList<>();
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (Row r : panelRows) {
        Settings s = Analysis.settingsOf(key(r, AnalysisTable.GROUP));
        double x = s.number(plane.across());
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
        Double b = r.getAs("exponent");
        if (b == null) {
          continue;
        }
        double y = plane.up().applyAsDouble(s, b);
        Double ciLow = r.getAs("ci_low");
        Double ciHigh = r.getAs("ci_high");
        Double stated = r.getAs("theory_exponent");
        String label = Charts.PhasePoint.label(y, stated == null ? null
            : String.format(Locale.ROOT, "b = %.3f", plane.up().applyAsDouble(s, stated)));
        points.add(new Charts.PhasePoint(x, y, null, Verdict.Outcome.of(r.getAs("verdict")), label));
        intervals.add(new double[] {ciLow == null ? Double.NaN : plane.up().applyAsDouble(s, ciLow),
            ciHigh == null ? Double.NaN : plane.up().applyAsDouble(s, ciHigh)});
      }
      Settings first = Analysis.settingsOf(key(panelRows.get(0), AnalysisTable.GROUP));
      double from = Math.min(0, lo - 0.25);
      double to = hi + 0.25;
      List<Charts.PlaneCurve> curves = new ArrayList<>();
      for (Theory.Curve c : plane.curves()) {
        double[] xs = new double[101];
        double[] ys = new double[101];
        for (int i = 0; i <= 100; i++) {
          xs[i] = from + (to - from) * i / 100;
          ys[i] = c.at().applyAsDouble(first, xs[i]);
        }
        curves.add(new Charts.PlaneCurve(c.label(), xs, ys));
      }
      charts.add(Charts.exponentPlane(theory.id() + ": " + title(key, panelColumns, varying, true), plane.acrossLabel(),
          plane.upLabel(), points, intervals, curves, budgetPoints.getOrDefault(key, List.of())));
    });
    return new Figure("exponent_plane_" + theory.id(), "The plane of " + theory.source() + ": the theory's lines "
        + "and, for each group it speaks of, the fitted exponent of " + plane.quantity().ids().get(0)
        + " in the plane's coordinates with its bootstrap interval (bar), filled where the data agree with the "
        + "theory's law, a black cross where they disagree, hollow grey where they cannot decide; beside each "
        + "point the fitted value and, in brackets, the theory's. Small dots: the budgets T ~ d^θ of the sweep's "
        + "analysis.budget_exponents, filled where the fit says the runs learn within them, hollow where not, "
        + "crossed where that contradicts the theory (the budgets table; docs/physics.md §5.1, §5.4).", limit(charts),
        panels.size());
  }

  static Figure phaseDiagram(Table phases) {
    List<String> panelColumns = Analysis.concat(without(AnalysisTable.GROUP, Parameter.KAPPA.column(),
        Parameter.DELTA.column(), Parameter.REGION.column()), List.of("theory"));
    // theories drawn in a plane of their own (an exponent up) are left to it
    List<Row> rows = new Table(phases.schema(), phases.where(r -> r.getAs("theory") == null
        || Theory.of((String) r.getAs("theory")).exponentPlane() == null))
        .sortedBy(Analysis.concat(AnalysisTable.GROUP, List.of("theory")));
    Map<List<Object>, List<Charts.PhasePoint>> panels = new LinkedHashMap<>();
    for (Row r : rows) {
      String region = r.getAs("theory_region");
      String label = Charts.PhasePoint.label(r.getAs("exponent"), r.getAs("law"));
      panels.computeIfAbsent(key(r, panelColumns), k -> new ArrayList<>()).add(new Charts.PhasePoint(
          r.getAs(Parameter.DELTA.column()), r.getAs(Parameter.KAPPA.column()), region == null ? null : Region.of(region),
          Verdict.Outcome.of(r.getAs("verdict")), label));
    }
    List<JFreeChart> charts = new ArrayList<>();
    Set<String> varying = varying(panels.keySet(), panelColumns);
    int beta = panelColumns.indexOf(Parameter.BETA.column());
    int theory = panelColumns.indexOf("theory");
    panels.forEach((key, points) -> charts.add(Charts.phaseDiagram("Phase diagram: " + title(key, panelColumns, varying, true),
        points, key.get(theory) == null ? null : Theory.of((String) key.get(theory)),
        ((Number) key.get(beta)).doubleValue())));
    return new Figure("phase_diagram", "Each point of a theory's (κ, δ) plane judged against the signature law of the "
        + "region the theory puts it in (docs/physics.md §5.1), over the theory's regions (shaded) and boundaries "
        + "κ + δ = −β and κ + δ = −(1 + β)/2 (β = 0: one sample a step; §3.1): filled in the region's colour where the "
        + "data agree, a black cross where they disagree, hollow grey where the data cannot decide (the phases table "
        + "says why), small grey where no theory speaks of the runs. Beside each point, the fitted exponent of the "
        + "law's quantity and, in brackets, the law's: the risk's in green and blue, the samples to weak recovery's in "
        + "orange (a bound: M frozen on the orange time scale); red is judged by divergence.", limit(charts), panels.size());
  }

  private static double orNaN(Double v) {
    return v == null ? Double.NaN : v;
  }

  static Figure scaling(Table scaling, Table fits, AnalysisSettings settings) {
    String column = settings.fitColumn();
    String yLabel = column.equals("risk_tail") ? "risk_tail  (mean R over t ≥ t_max/√10)" : "risk_final  R(t_max)";
    List<Value> values = values(new Table(scaling.schema(), scaling.where(r -> Status.OK.id().equals(r.getAs("status")))),
        "risk");
    return powerLawFigure("scaling", column, values, fits, yLabel,
        "R ∝ d^b, b", "The " + column + " of each run against d, log-log, with the mean over seeds, the least-squares fit "
            + "(exponent and its bootstrap interval over seeds) and the theory slope −(κ + δ) drawn through the fit's centre.");
  }

  /** One run's value of a quantity: its group ({@link Analysis#GROUP}), d, and the value (NaN: none). */
  record Value(List<Object> group, int d, double v) {}

  /** The values of a per-run table's column. */
  static List<Value> values(Table table, String column) {
    return table.rows().stream().map(r -> {
      Object v = r.getAs(column);
      return new Value(Analysis.key(r, AnalysisTable.GROUP), r.getInt(r.fieldIndex("d")),
          v == null ? Double.NaN : ((Number) v).doubleValue());
    }).toList();
  }

  /**
   * A log-log figure of a per-run quantity ({@code values}, those above 0 drawn) against d with
   * the fits of {@code quantity}.
   */
  static Figure powerLawFigure(String name, String quantity, List<Value> values, Table fits, String yLabel,
      String symbol, String caption) {
    Map<List<Object>, List<double[]>> points = new LinkedHashMap<>();
    List<Value> sorted = new ArrayList<>(values);
    sorted.sort(java.util.Comparator.comparingInt(Value::d));
    for (Value v : sorted) {
      if (v.v() > 0) {
        points.computeIfAbsent(v.group(), k -> new ArrayList<>()).add(new double[] {v.d(), v.v()});
      }
    }
    List<Row> fitRows = new Table(fits.schema(), fits.where(r -> quantity.equals(r.getAs("quantity"))))
        .sortedBy(AnalysisTable.GROUP);
    List<List<Object>> keys = fitRows.stream().map(r -> key(r, AnalysisTable.GROUP)).toList();
    Set<String> varying = varying(keys, AnalysisTable.GROUP);
    List<JFreeChart> charts = new ArrayList<>();
    int empty = 0;
    for (Row r : fitRows) {
      List<Object> key = key(r, AnalysisTable.GROUP);
      if (!points.containsKey(key)) {
        // a panel without data is not drawn; the caption says how many (issue #31, item 3)
        empty++;
        continue;
      }
      Double b = r.getAs("exponent");
      Charts.Line line = b == null ? null
          : new Charts.Line(b, r.getAs("intercept"), orNaN(r.getAs("ci_low")), orNaN(r.getAs("ci_high")));
      Double theory = r.getAs("theory_exponent");
      charts.add(Charts.powerLaw(title(key, AnalysisTable.GROUP, varying, true), yLabel,
          points.get(key), line, theory == null ? Double.NaN : theory, symbol, r.getAs("note")));
    }
    String leftOut = empty == 0 ? "" : " Not drawn: " + empty + " of " + fitRows.size() + " settings, without a run "
        + "with a value (the fits table's note says why, e.g. no ODE in the red region).";
    return new Figure(name, caption + leftOut, limit(charts), fitRows.size());
  }

  /** The learning curves: a panel per group but the kernel, every group {@code phases} has (drawn or not). */
  static Figure learningCurves(Table phases, List<Analysis.MeanCurve> curves) {
    List<String> panelColumns = without(AnalysisTable.GROUP, "kernel");
    Map<List<Object>, List<Charts.Curve>> panels = new LinkedHashMap<>();
    for (Row r : phases.sortedBy(panelColumns)) {
      panels.putIfAbsent(key(r, panelColumns), new ArrayList<>());
    }
    for (Analysis.MeanCurve c : curves) {
      panels.get(c.key(panelColumns)).add(curve(c, 1));
    }
    Set<String> varying = varying(panels.keySet(), panelColumns);
    List<JFreeChart> charts = new ArrayList<>();
    panels.forEach((key, drawn) -> charts.add(Charts.learningCurves(title(key, panelColumns, varying, false), drawn,
        "no finished runs here (diverged, or no ODE)")));
    return new Figure("learning_curves", "Risk against time, log-log: SGD's mean over seeds (solid line) with its "
        + "spread (band, min to max over seeds) and the ODE from the same initial overlaps (dashed; the limit ODE, kernel ode_limit, dash-dotted), one colour per d. "
        + "Only runs with status ok are drawn.", limit(charts), panels.size());
  }

  /** A mean curve as a chart's curve, its times divided by {@code timeScale} (1: times; dt / b: samples). */
  private static Charts.Curve curve(Analysis.MeanCurve c, double timeScale) {
    double[] t = c.t().clone();
    for (int j = 0; j < t.length; j++) {
      t[j] /= timeScale;
    }
    return new Charts.Curve(Kernel.of((String) c.get("kernel")), c.d(), c.seeds(), t, c.mean(), c.low(), c.high());
  }

  /**
   * The lecture's trade-off (docs/physics.md §5): lowering {@code gamma} by {@code d^-delta} lowers
   * the residual risk and costs {@code d^delta} more samples. Per panel (every setting but
   * {@code delta} and the kernel), each {@code delta}'s curves at the largest {@code d} it has,
   * against samples {@code n = b t / dt}, with a mark at {@code n = b d^(1 + kappa + delta)} (its
   * steps' scale times the batch, docs/physics.md §3.1).
   */
  static Figure tradeOff(List<Analysis.MeanCurve> rows) {
    List<String> panelColumns = without(AnalysisTable.GROUP, "kernel", Parameter.DELTA.column(), Parameter.REGION.column());
    // the largest d of each panel, and there each delta and kernel that has it: a delta whose runs
    // at that d did not finish is left out, not drawn at a smaller d (issue #31, item 2)
    Map<List<Object>, Integer> panelD = new LinkedHashMap<>();
    for (Analysis.MeanCurve r : rows) {
      panelD.merge(r.key(panelColumns), r.d(), Math::max);
    }
    Map<List<Object>, Analysis.MeanCurve> largest = new LinkedHashMap<>();
    for (Analysis.MeanCurve r : rows) {
      if (r.d() != panelD.get(r.key(panelColumns))) {
        continue;
      }
      List<Object> k = r.key(panelColumns);
      k.add(r.get(Parameter.DELTA.column()));
      k.add(r.get("kernel"));
      largest.put(k, r);
    }
    Map<List<Object>, List<Charts.Curve>> curves = new LinkedHashMap<>();
    Map<List<Object>, List<Double>> deltas = new LinkedHashMap<>();
    Map<List<Object>, Map<Double, Double>> marks = new LinkedHashMap<>();
    for (Analysis.MeanCurve r : largest.values()) {
      List<Object> panel = r.key(panelColumns);
      double kappa = (Double) r.get(Parameter.KAPPA.column());
      double delta = (Double) r.get(Parameter.DELTA.column());
      int d = r.d();
      int batch = r.batch();
      curves.computeIfAbsent(panel, k -> new ArrayList<>()).add(curve(r, r.timeScale() / batch));
      deltas.computeIfAbsent(panel, k -> new ArrayList<>()).add(delta);
      marks.computeIfAbsent(panel, k -> new LinkedHashMap<>()).put(delta, batch * Math.pow(d, 1 + kappa + delta));
    }
    Set<String> varying = varying(curves.keySet(), panelColumns);
    List<JFreeChart> charts = new ArrayList<>();
    curves.forEach((key, c) -> charts.add(Charts.tradeOff(title(key, panelColumns, varying, false) + ", d = "
        + panelD.get(key), c, deltas.get(key), marks.get(key), "no finished runs here")));
    return new Figure("trade_off", "The trade-off of the learning rate: risk against samples n = b t/dt at the "
        + "largest d of each panel (a δ without finished runs there is left out), one colour per δ, one line per "
        + "kernel (a sampled kernel's mean over seeds with its spread), each δ with a dotted mark "
        + "at its sample scale n = b d^(1+κ+δ) (b = 1 unless a batch is set). Lowering γ by d^-δ lowers the residual risk and costs d^δ more samples "
        + "(docs/physics.md §5). Only runs with status ok are drawn.", limit(charts), curves.size());
  }

  /**
   * The batch trade-off (docs/physics.md §3.1): per batch group and kernel, at its largest {@code d},
   * the mean steps and samples to reach the risk threshold against the batch size {@code b}.
   */
  static Figure batchTradeOff(Table table) {
    List<String> panelColumns = new ArrayList<>(AnalysisTable.BATCH_GROUP);
    Map<List<Object>, Integer> largest = new LinkedHashMap<>();
    List<Row> rows = new Table(table.schema(), table.where(r -> r.<Long>getAs("reached") > 0))
        .sortedBy(Analysis.concat(panelColumns, List.of("d", "batch")));
    for (Row r : rows) {
      largest.merge(key(r, panelColumns), r.getInt(r.fieldIndex("d")), Math::max);
    }
    Map<List<Object>, List<Charts.BatchPoint>> panels = new LinkedHashMap<>();
    for (Row r : rows) {
      List<Object> k = key(r, panelColumns);
      if (r.getInt(r.fieldIndex("d")) == largest.get(k)) {
        panels.computeIfAbsent(k, x -> new ArrayList<>()).add(new Charts.BatchPoint(r.getInt(r.fieldIndex("batch")),
            r.getDouble(r.fieldIndex("steps")), r.getDouble(r.fieldIndex("samples"))));
      }
    }
    panels.values().removeIf(points -> points.size() < 2);
    Set<String> varying = varying(panels.keySet(), panelColumns);
    List<JFreeChart> charts = new ArrayList<>();
    panels.forEach((key, points) -> charts.add(Charts.batchTradeOff(title(key, panelColumns, varying, true)
        + ", d = " + largest.get(key), points)));
    // no panel without two batch sizes: a sweep without a batch axis has no such figure (issue #31, item 3)
    return new Figure("batch_trade_off", "The batch-size trade-off: mean SGD steps (circles) and samples (squares) to "
        + "first reach the risk threshold against the batch size b, log-log, at the largest d of each setting. Larger "
        + "batches take fewer steps for the same samples while the noise term dominates, and cost samples once the "
        + "drift does (docs/physics.md §3.1). Settings with fewer than two batch sizes are left out.", limit(charts),
        panels.size());
  }

  private static List<JFreeChart> limit(List<JFreeChart> charts) {
    return charts.size() > MAX_PANELS ? charts.subList(0, MAX_PANELS) : charts;
  }

  static List<Object> key(Row r, List<String> columns) {
    return Analysis.key(r, columns);
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
      if (c.equals("kernel") || c.equals(Parameter.REGION.column())
          || !(ALWAYS.contains(c) || varying.contains(c))) {
        continue;
      }
      Object v = key.get(i);
      parts.add(symbol(c) + " = " + (v instanceof Double d ? number(d) : String.valueOf(v)));
    }
    int kernel = columns.indexOf("kernel");
    String prefix = withKernel && kernel >= 0 ? Kernel.of(String.valueOf(key.get(kernel))).label() + " · " : "";
    return prefix + String.join(", ", parts);
  }

  static String number(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
