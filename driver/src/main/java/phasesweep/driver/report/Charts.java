package phasesweep.driver.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.annotations.XYShapeAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import phasesweep.driver.analysis.Verdict;
import phasesweep.kernels.Kernel;
import phasesweep.kernels.model.Region;
import phasesweep.kernels.theory.Theory;

/** The chart types of the report, one panel each, in the paper's symbols. */
public final class Charts {
  static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 13);
  static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  static final Font LEGEND = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
  static final Color GREY = new Color(0x7f7f7f);
  /** A palette for the values of d (colour-blind safe, Okabe-Ito). */
  static final Color[] PALETTE = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
      new Color(0xCC79A7), new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000), new Color(0xF0E442)};

  private Charts() {}

  public static Color color(Region r) {
    return switch (r) {
      case GREEN -> new Color(0x2ca02c);
      case BLUE -> new Color(0x1f77b4);
      case ORANGE -> new Color(0xff7f0e);
      case RED -> new Color(0xd62728);
    };
  }

  /** A fitted power law {@code y = exp(intercept) d^exponent} and its exponent's interval. */
  /** A fitted line; {@code ciLow}, {@code ciHigh} NaN without an interval. */
  public record Line(double exponent, double intercept, double ciLow, double ciHigh) {}

  /**
   * A log-log panel of a quantity against d: each run a point, the mean over seeds at each d,
   * the fitted line and the theory slope drawn through the fit's centre.
   *
   * @param points {d, value} per run
   * @param fit null when there is none
   * @param theory the theory exponent, NaN for none
   * @param symbol the exponent's symbol in the legend
   */
  public static JFreeChart powerLaw(String title, String yLabel, List<double[]> points, Line fit, double theory,
      String symbol, String noFit) {
    XYSeries runs = new XYSeries("runs (one per seed)", true, true);
    Map<Double, double[]> sums = new TreeMap<>();
    for (double[] p : points) {
      runs.add(p[0], p[1]);
      double[] s = sums.computeIfAbsent(p[0], d -> new double[2]);
      s[0] += p[1];
      s[1]++;
    }
    XYSeries means = new XYSeries("mean over seeds", true, true);
    sums.forEach((d, s) -> means.add((double) d, s[0] / s[1]));
    // Drawn in order: the fit, the theory slope (dashed, over the fit), then the points on top.
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
    if (fit != null && !means.isEmpty()) {
      double lo = means.getMinX();
      double hi = means.getMaxX();
      // a fit on fewer than three values of d has no interval (docs/physics.md §5.1)
      XYSeries line = new XYSeries(Double.isNaN(fit.ciLow())
          ? String.format(Locale.ROOT, "fit: %s = %.3f (no interval: fewer than 3 values of d)", symbol,
              fit.exponent() + 0.0)
          : String.format(Locale.ROOT, "fit: %s = %.3f, interval [%.3f, %.3f]", symbol,
              fit.exponent() + 0.0, fit.ciLow() + 0.0, fit.ciHigh() + 0.0), true, true);
      line.add(lo, Math.exp(fit.intercept()) * Math.pow(lo, fit.exponent()));
      line.add(hi, Math.exp(fit.intercept()) * Math.pow(hi, fit.exponent()));
      data.addSeries(line);
      line(renderer, data.getSeriesCount() - 1, PALETTE[0], new BasicStroke(2.5f));
      if (!Double.isNaN(theory)) {
        double centre = Math.sqrt(lo * hi);
        double yc = Math.exp(fit.intercept()) * Math.pow(centre, fit.exponent());
        XYSeries t = new XYSeries(String.format(Locale.ROOT, "theory: %s = %.3f", symbol, theory + 0.0), true, true);
        t.add(lo, yc * Math.pow(lo / centre, theory));
        t.add(hi, yc * Math.pow(hi / centre, theory));
        data.addSeries(t);
        line(renderer, data.getSeriesCount() - 1, PALETTE[1], dashed(1.5f));
      }
    }
    data.addSeries(runs);
    int r = data.getSeriesCount() - 1;
    renderer.setSeriesPaint(r, new Color(0x99, 0x99, 0x99));
    renderer.setSeriesShape(r, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
    data.addSeries(means);
    renderer.setSeriesPaint(r + 1, Color.BLACK);
    renderer.setSeriesShape(r + 1, new Rectangle2D.Double(-3.5, -3.5, 7, 7));
    LogAxis y = logAxis(yLabel);
    java.util.TreeSet<Double> ds = new java.util.TreeSet<>();
    for (int i = 0; i < runs.getItemCount(); i++) {
      ds.add(runs.getX(i).doubleValue());
    }
    LogAxis x = ds.isEmpty() ? logAxis("d (input dimension)") : new SweepValuesAxis("d (input dimension)", ds);
    style(x);
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
    plot.setNoDataMessage("no runs with a value");
    if (!runs.isEmpty()) {
      // At least a decade: a plateau then looks flat, and the tick labels differ.
      double lo = runs.getMinY();
      double hi = runs.getMaxY();
      for (int i = 0; i < r; i++) {
        lo = Math.min(lo, data.getSeries(i).getMinY());
        hi = Math.max(hi, data.getSeries(i).getMaxY());
      }
      if (hi / lo < 10) {
        double centre = Math.sqrt(lo * hi);
        y.setRange(centre / Math.sqrt(10), centre * Math.sqrt(10));
      }
    }
    hideAxesIfEmpty(plot, points.isEmpty());
    JFreeChart chart = chart(title, plot);
    if (fit == null) {
      chart.addSubtitle(subtitle(noFit));
    }
    return chart;
  }

  /**
   * A point of the phase diagram: the theory's region, the verdict of its signature law
   * (docs/physics.md §5.1) and what to write beside it (the fitted exponent against the law's).
   */
  public record PhasePoint(double delta, double kappa, Region region, Verdict.Outcome verdict, String label) {

    /**
     * What the diagram writes beside a point: the fitted exponent and, in brackets, the law's
     * ("-0.18 (-0.75)", "0.91 (> 0.50)"); empty without an exponent.
     */
    public static String label(Double exponent, String law) {
      if (exponent == null) {
        return "";
      }
      String b = two(exponent);
      if (law == null || !(law.startsWith("b = ") || law.startsWith("b > "))) {
        return b;
      }
      // the formula is "b = 1.000" or "b > 0.500", maybe followed by what is fitted ("of y / log d")
      String[] words = law.substring(4).split(" ", 2);
      double stated = Double.parseDouble(words[0]);
      String rest = words.length > 1 ? " " + words[1] : "";
      return b + " (" + (law.startsWith("b > ") ? "> " : "") + two(stated) + rest + ")";
    }

    /** Two decimals; a value that rounds to zero is written 0.00, not -0.00. */
    private static String two(double v) {
      return String.format(Locale.ROOT, "%.2f", Math.abs(v) < 0.005 ? 0.0 : v);
    }
  }

  /** One batch size's mean steps and samples to reach the risk threshold. */
  public record BatchPoint(int batch, double steps, double samples) {}

  /** Steps (circles) and samples (squares) against the batch size, log-log. */
  public static JFreeChart batchTradeOff(String title, List<BatchPoint> points) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYSeries steps = new XYSeries("steps to reach the threshold", false, true);
    XYSeries samples = new XYSeries("samples (steps × b)", false, true);
    for (BatchPoint p : points) {
      steps.add(p.batch(), p.steps());
      samples.add(p.batch(), p.samples());
    }
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    if (!points.isEmpty()) {
      data.addSeries(steps);
      data.addSeries(samples);
      renderer.setSeriesPaint(0, PALETTE[0]);
      renderer.setSeriesShape(0, new Ellipse2D.Double(-5, -5, 10, 10));
      renderer.setSeriesPaint(1, PALETTE[1]);
      renderer.setSeriesShape(1, new Rectangle2D.Double(-5, -5, 10, 10));
    }
    XYPlot plot = new XYPlot(data, logAxis("batch size b"), logAxis("steps, samples"), renderer);
    plot.setNoDataMessage("fewer than two batch sizes reached the threshold");
    return chart(title, plot);
  }

  /**
   * The points of one panel over the regions of {@code theory}'s plane at the batch exponent
   * {@code beta} (docs/physics.md §3.1; none for a theory whose plane has no boundaries): agreeing
   * points filled in their region's colour (one colour without regions), disagreeing
   * ones as black crosses, undetermined ones hollow grey, points no theory speaks of small grey.
   */
  public static JFreeChart phaseDiagram(String title, List<PhasePoint> points, Theory theory, double beta) {
    NumberAxis x = gridAxis("δ   (learning rate γ = γ₀ d^−δ)", points.stream().mapToDouble(PhasePoint::delta).toArray(), -1, 1);
    NumberAxis y = gridAxis("κ   (hidden units p = p₀ d^κ)", points.stream().mapToDouble(PhasePoint::kappa).toArray(), 0, 0);
    double xMin = x.getLowerBound();
    double xMax = x.getUpperBound();
    double yMin = y.getLowerBound();
    double yMax = y.getUpperBound();
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
    for (Region r : Region.values()) {
      XYSeries s = new XYSeries("agrees: " + r.id(), false, true);
      points.stream().filter(p -> p.verdict() == Verdict.Outcome.AGREE && p.region() == r)
          .forEach(p -> s.add(p.delta(), p.kappa()));
      if (!s.isEmpty()) {
        data.addSeries(s);
        int i = data.getSeriesCount() - 1;
        renderer.setSeriesPaint(i, color(r));
        renderer.setSeriesShape(i, new Rectangle2D.Double(-7, -7, 14, 14));
      }
    }
    // a theory without regions (one law for all its points): agreeing points in one colour
    addAgreeing(data, renderer, points.stream().filter(p -> p.region() == null).toList());
    addPoints(data, renderer, points, Verdict.Outcome.DISAGREE, "disagrees with its theory", Color.BLACK,
        org.jfree.chart.util.ShapeUtils.createDiagonalCross(7, 2), true);
    addPoints(data, renderer, points, Verdict.Outcome.UNDETERMINED, "undetermined (see the phases table)", GREY,
        new Ellipse2D.Double(-7, -7, 14, 14), false);
    addPoints(data, renderer, points, Verdict.Outcome.NO_THEORY, "no theory speaks of it", GREY,
        new Ellipse2D.Double(-4, -4, 8, 8), true);
    XYPlot plot = new XYPlot(data, x, y, renderer);
    // The theory's regions (docs/physics.md §3 table), shaded lightly behind the points.
    Rectangle2D box = new Rectangle2D.Double(xMin, yMin, xMax - xMin, yMax - yMin);
    if (theory != null && !theory.plane().boundaries().isEmpty()) {
      double blue = Region.blueLine(beta);
      double red = Region.redBoundary(beta);
      // from beta = 1 on the blue line lies in red: green then meets red (docs/physics.md §3.1)
      shade(plot, box, Math.max(blue, red), Double.POSITIVE_INFINITY, Region.GREEN);
      if (blue > red) {
        shade(plot, box, red, blue, Region.ORANGE);
      }
      shade(plot, box, Double.NEGATIVE_INFINITY, red, Region.RED);
      List<Theory.Boundary> lines = theory.plane().boundaries();
      for (int i = 0; i < lines.size(); i++) {
        Theory.Boundary line = lines.get(i);
        boundary(plot, box, line.sumAt(beta), line.label(), i == 0 ? color(Region.BLUE) : Color.DARK_GRAY);
      }
    }
    for (PhasePoint p : points) {
      if (!p.label().isEmpty()) { // the evidence of each verdict, just above its point
        XYTextAnnotation text = new XYTextAnnotation(p.label(), p.delta(), p.kappa() + 0.04 * (yMax - yMin));
        text.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        text.setTextAnchor(TextAnchor.BOTTOM_CENTER);
        plot.addAnnotation(text, false);
      }
    }
    return chart(title, plot);
  }

  /** A budget {@code T ~ d^theta} at a point of an exponent plane: what the fit says of it, and the verdict. */
  public record BudgetPoint(double across, double theta, Boolean dataLearns, Verdict.Outcome verdict) {}

  private static void addBudgets(XYSeriesCollection data, XYLineAndShapeRenderer renderer, List<BudgetPoint> budgets,
      java.util.function.Predicate<BudgetPoint> which, String label, boolean filled) {
    XYSeries s = new XYSeries(label, false, true);
    budgets.stream().filter(which).forEach(b -> s.add(b.across(), b.theta()));
    if (s.isEmpty()) {
      return;
    }
    data.addSeries(s);
    int i = data.getSeriesCount() - 1;
    renderer.setSeriesPaint(i, Color.DARK_GRAY);
    renderer.setSeriesShape(i, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
    renderer.setSeriesShapesFilled(i, filled);
    if (!filled) {
      renderer.setSeriesOutlinePaint(i, Color.DARK_GRAY);
      renderer.setUseOutlinePaint(true);
      renderer.setDrawOutlines(true);
    }
  }

  /** A theory line of an exponent plane, sampled: its label and its points. */
  public record PlaneCurve(String label, double[] x, double[] y) {}

  /**
   * A theory's plane whose vertical axis is an exponent (docs/physics.md §5.1): the theory's
   * lines, and each group's fitted exponent as a point ({@code delta} across, {@code kappa} up of
   * {@link PhasePoint}) with its interval ({@code intervals}, parallel: low and high) as a
   * vertical bar, in the verdict's marks of the phase diagram.
   */
  public static JFreeChart exponentPlane(String title, String xLabel, String yLabel, List<PhasePoint> points,
      List<double[]> intervals, List<PlaneCurve> curves, List<BudgetPoint> budgets) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
    // the budgets first, behind the fitted points: what the fit says of each, and where it contradicts the theory
    addBudgets(data, renderer, budgets, b -> Boolean.TRUE.equals(b.dataLearns()), "learns within the budget (fit)",
        true);
    addBudgets(data, renderer, budgets, b -> Boolean.FALSE.equals(b.dataLearns()), "does not learn within it (fit)",
        false);
    List<PhasePoint> contradicted = budgets.stream().filter(b -> b.verdict() == Verdict.Outcome.DISAGREE)
        .map(b -> new PhasePoint(b.across(), b.theta(), null, Verdict.Outcome.DISAGREE, "")).toList();
    addPoints(data, renderer, contradicted, Verdict.Outcome.DISAGREE, "budget: the fit contradicts the theory",
        Color.BLACK, org.jfree.chart.util.ShapeUtils.createDiagonalCross(5, 1.5f), true);
    for (int c = 0; c < curves.size(); c++) {
      XYSeries line = new XYSeries(curves.get(c).label(), false, true);
      for (int i = 0; i < curves.get(c).x().length; i++) {
        line.add(curves.get(c).x()[i], curves.get(c).y()[i]);
      }
      data.addSeries(line);
      int i = data.getSeriesCount() - 1;
      renderer.setSeriesLinesVisible(i, true);
      renderer.setSeriesShapesVisible(i, false);
      renderer.setSeriesPaint(i, PALETTE[c % PALETTE.length]);
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    addAgreeing(data, renderer, points);
    addPoints(data, renderer, points, Verdict.Outcome.DISAGREE, "disagrees with its theory", Color.BLACK,
        org.jfree.chart.util.ShapeUtils.createDiagonalCross(7, 2), true);
    addPoints(data, renderer, points, Verdict.Outcome.UNDETERMINED, "undetermined (see the phases table)", GREY,
        new Ellipse2D.Double(-6, -6, 12, 12), false);
    NumberAxis x = new NumberAxis(xLabel);
    NumberAxis y = new NumberAxis(yLabel);
    style(x);
    style(y);
    y.setAutoRangeIncludesZero(true);
    XYPlot plot = new XYPlot(data, x, y, renderer);
    for (int i = 0; i < points.size(); i++) {
      double[] ci = intervals.get(i);
      if (Double.isFinite(ci[0]) && Double.isFinite(ci[1])) {
        plot.addAnnotation(new org.jfree.chart.annotations.XYLineAnnotation(points.get(i).delta(), ci[0],
            points.get(i).delta(), ci[1], new BasicStroke(1.5f), GREY), false);
      }
      if (!points.get(i).label().isEmpty()) {
        XYTextAnnotation text = new XYTextAnnotation(points.get(i).label(), points.get(i).delta(), points.get(i).kappa());
        text.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        text.setTextAnchor(TextAnchor.BOTTOM_LEFT);
        plot.addAnnotation(text, false);
      }
    }
    plot.setNoDataMessage("no group with a fitted exponent");
    return chart(title, plot);
  }

  /** The agreeing ones of {@code points}, in one colour (a theory without regions). */
  private static void addAgreeing(XYSeriesCollection data, XYLineAndShapeRenderer renderer, List<PhasePoint> points) {
    XYSeries agrees = new XYSeries("agrees", false, true);
    points.stream().filter(p -> p.verdict() == Verdict.Outcome.AGREE).forEach(p -> agrees.add(p.delta(), p.kappa()));
    if (!agrees.isEmpty()) {
      data.addSeries(agrees);
      renderer.setSeriesPaint(data.getSeriesCount() - 1, PALETTE[2]);
      renderer.setSeriesShape(data.getSeriesCount() - 1, new Rectangle2D.Double(-7, -7, 14, 14));
    }
  }

  private static void addPoints(XYSeriesCollection data, XYLineAndShapeRenderer renderer, List<PhasePoint> points,
      Verdict.Outcome verdict, String label, Color color, java.awt.Shape shape, boolean filled) {
    XYSeries s = new XYSeries(label, false, true);
    points.stream().filter(p -> p.verdict() == verdict).forEach(p -> s.add(p.delta(), p.kappa()));
    if (s.isEmpty()) {
      return;
    }
    data.addSeries(s);
    int i = data.getSeriesCount() - 1;
    renderer.setSeriesPaint(i, color);
    renderer.setSeriesShape(i, shape);
    renderer.setSeriesShapesFilled(i, filled);
    if (!filled) {
      renderer.setSeriesOutlineStroke(i, new BasicStroke(2f));
      renderer.setSeriesOutlinePaint(i, color);
      renderer.setUseOutlinePaint(true);
      renderer.setDrawOutlines(true);
    }
  }

  /** One kernel's learning curve at one d: the mean over seeds and its spread (min to max). */
  public record Curve(Kernel kernel, int d, int seeds, double[] t, double[] mean, double[] low, double[] high) {}

  /**
   * Learning curves, log-log: for each d, a sampled kernel's mean over seeds (solid, SGD) with its
   * spread over seeds (band, min to max), and a deterministic kernel (dashed, the ODE), in the
   * same colour.
   */
  public static JFreeChart learningCurves(String title, List<Curve> curves, String noData) {
    List<Double> ds = curves.stream().map(c -> (double) c.d()).toList();
    return curves(title, curves, ds, c -> "d = " + c.d(), "t (time; samples = t / dt)", Map.of(), noData);
  }

  /**
   * The lecture's trade-off (docs/physics.md §5): risk against samples {@code n = t / dt} at the
   * largest {@code d}, one colour per {@code delta} ({@code deltas}, parallel to {@code curves}),
   * each with a dotted mark at its sample scale {@code n = d^(1 + kappa + delta)} ({@code marks}).
   */
  public static JFreeChart tradeOff(String title, List<Curve> curves, List<Double> deltas, Map<Double, Double> marks,
      String noData) {
    return curves(title, curves, deltas, c -> "δ = " + Figures.number(deltas.get(curves.indexOf(c))) + ", d = " + c.d(),
        "samples n = t / dt", marks, noData);
  }

  /**
   * Curves, log-log, one colour per value of {@code keys} (parallel to {@code curves}): a sampled
   * kernel's mean over seeds (solid) with its spread over seeds (band, min to max), a deterministic
   * kernel (dashed) in the same colour; a dotted vertical mark at {@code marks.get(key)}.
   */
  private static JFreeChart curves(String title, List<Curve> curves, List<Double> keys,
      java.util.function.Function<Curve, String> label, String xLabel, Map<Double, Double> marks, String noData) {
    YIntervalSeriesCollection sgd = new YIntervalSeriesCollection();
    XYSeriesCollection ode = new XYSeriesCollection();
    DeviationRenderer band = new DeviationRenderer(true, false);
    XYLineAndShapeRenderer dashed = new XYLineAndShapeRenderer(true, false);
    List<Double> distinct = keys.stream().distinct().sorted().toList();
    for (int n = 0; n < curves.size(); n++) {
      Curve c = curves.get(n);
      Color colour = PALETTE[distinct.indexOf(keys.get(n)) % PALETTE.length];
      String name = c.kernel().label() + ", " + label.apply(c);
      if (c.kernel().sampling() == Kernel.Sampling.DETERMINISTIC) {
        XYSeries s = new XYSeries(name, false, true);
        for (int i = 0; i < c.t().length; i++) {
          s.add(c.t()[i], c.mean()[i]);
        }
        ode.addSeries(s);
        int i = ode.getSeriesCount() - 1;
        dashed.setSeriesPaint(i, colour);
        dashed.setSeriesStroke(i, stroke(c.kernel()));
      } else {
        YIntervalSeries s = new YIntervalSeries(name + " (" + c.seeds() + " seeds)", false, true);
        for (int i = 0; i < c.t().length; i++) {
          s.add(c.t()[i], c.mean()[i], c.low()[i], c.high()[i]);
        }
        sgd.addSeries(s);
        int i = sgd.getSeriesCount() - 1;
        band.setSeriesPaint(i, colour);
        band.setSeriesFillPaint(i, colour);
        band.setSeriesStroke(i, stroke(c.kernel()));
      }
    }
    band.setAlpha(0.18f);
    XYPlot plot = new XYPlot(sgd, logAxis(xLabel), logAxis("risk R(t)"), band);
    plot.setDataset(1, ode);
    plot.setRenderer(1, dashed);
    BasicStroke markStroke =
        new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 3f}, 0f);
    marks.forEach((key, x) -> {
      if (distinct.contains(key)) {
        plot.addDomainMarker(new ValueMarker(x, PALETTE[distinct.indexOf(key) % PALETTE.length], markStroke));
      }
    });
    plot.setFixedLegendItems(compactLegend(curves, keys, distinct, label, marks, markStroke));
    plot.setNoDataMessage(noData);
    hideAxesIfEmpty(plot, curves.isEmpty());
    return chart(title, plot);
  }

  /**
   * The legend of a panel of curves: one entry a colour (its key, e.g. {@code d = 256}) and one a
   * kernel (its line, from its own description), not one a curve: a panel of 3 kernels at 3 values
   * of d had 9 entries over 5 lines (issue #31, item 2); and the sample-scale marks, as what they
   * are, where drawn.
   */
  private static org.jfree.chart.LegendItemCollection compactLegend(List<Curve> curves, List<Double> keys,
      List<Double> distinct, java.util.function.Function<Curve, String> label, Map<Double, Double> marks,
      BasicStroke markStroke) {
    org.jfree.chart.LegendItemCollection items = new org.jfree.chart.LegendItemCollection();
    for (Double key : distinct) {
      Curve first = curves.get(keys.indexOf(key));
      items.add(new org.jfree.chart.LegendItem(label.apply(first), PALETTE[distinct.indexOf(key) % PALETTE.length]));
    }
    for (Kernel k : Kernel.values()) {
      int seeds = curves.stream().filter(c -> c.kernel() == k).mapToInt(Curve::seeds).max().orElse(-1);
      if (seeds < 0) {
        continue;
      }
      String name = k.label() + (k.sampling() == Kernel.Sampling.SAMPLED
          ? " (mean over " + seeds + " seeds, band min to max)" : "");
      items.add(new org.jfree.chart.LegendItem(name, null, null, null, new java.awt.geom.Line2D.Double(-9, 0, 9, 0),
          stroke(k), Color.DARK_GRAY));
    }
    if (marks.keySet().stream().anyMatch(distinct::contains)) {
      items.add(new org.jfree.chart.LegendItem("sample scale n = b d^(1+κ+δ) (vertical, in its δ's colour)", null,
          null, null, new java.awt.geom.Line2D.Double(-7, 0, 7, 0), markStroke, GREY));
    }
    return items;
  }

  /** An empty panel shows its message, not axes over a made-up range. */
  private static void hideAxesIfEmpty(XYPlot plot, boolean empty) {
    plot.getDomainAxis().setVisible(!empty);
    plot.getRangeAxis().setVisible(!empty);
    plot.setDomainGridlinesVisible(!empty);
    plot.setRangeGridlinesVisible(!empty);
  }

  private static void shade(XYPlot plot, Rectangle2D box, double lo, double hi, Region r) {
    // The band lo < kappa + delta < hi, clipped to the box.
    double big = 1e3;
    Path2D band = new Path2D.Double();
    double a = Math.max(lo, -big);
    double b = Math.min(hi, big);
    band.moveTo(-big, a + big);
    band.lineTo(big, a - big);
    band.lineTo(big, b - big);
    band.lineTo(-big, b + big);
    band.closePath();
    Area area = new Area(band);
    area.intersect(new Area(box));
    Color c = color(r);
    plot.addAnnotation(new XYShapeAnnotation(area, null, null, new Color(c.getRed(), c.getGreen(), c.getBlue(), 38)), false);
  }

  private static void boundary(XYPlot plot, Rectangle2D box, double sum, String label, Color colour) {
    // kappa = sum - delta across the box.
    double x0 = box.getMinX();
    double x1 = box.getMaxX();
    plot.addAnnotation(new XYLineAnnotation(x0, sum - x0, x1, sum - x1, new BasicStroke(2f), colour), false);
    // The label just right of the line, a little below where it enters the box (the top, or the
    // left edge for a line that enters there: the red boundary was left unlabelled, issue #31 item 4)
    double yl = Math.min(box.getMaxY() - 0.04 * box.getHeight(), sum - box.getMinX() - 0.06 * box.getHeight());
    double xl = sum - yl + 0.05 * box.getWidth();
    if (xl > box.getMinX() && xl < box.getMaxX() - 0.2 * box.getWidth() && yl > box.getMinY()) {
      XYTextAnnotation text = new XYTextAnnotation(label, xl, yl);
      text.setFont(LEGEND);
      text.setPaint(colour);
      text.setTextAnchor(TextAnchor.TOP_LEFT);
      plot.addAnnotation(text, false);
    }
  }

  /**
   * A linear axis over a sweep's grid values (issue #31, item 4): ticked at the grid's own step
   * (its smallest gap: 0.25 for the quickstart's kappa and delta) where that gives at most 12 ticks,
   * with half a step (0.1 to 0.25) beyond the outer values, so that a kappa grid of 0, 1/4, 1/2
   * runs from -0.125 to 0.625, not from -0.25 with a tick every 0.05. Without values, {@code lo}
   * to {@code hi} with that margin.
   */
  static NumberAxis gridAxis(String label, double[] values, double lo, double hi) {
    double[] sorted = java.util.Arrays.stream(values).sorted().distinct().toArray();
    double min = sorted.length > 0 ? sorted[0] : lo;
    double max = sorted.length > 0 ? sorted[sorted.length - 1] : hi;
    double step = Double.POSITIVE_INFINITY;
    for (int i = 1; i < sorted.length; i++) {
      step = Math.min(step, sorted[i] - sorted[i - 1]);
    }
    double margin = Double.isInfinite(step) ? 0.25 : Math.max(0.1, Math.min(0.25, step / 2));
    NumberAxis a = new NumberAxis(label);
    a.setRange(min - margin, max + margin);
    if (!Double.isInfinite(step) && step > 1e-9 && (max - min + 2 * margin) / step <= 12) {
      a.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(step, new java.text.DecimalFormat("0.###")));
    } else {
      a.setStandardTickUnits(NumberAxis.createStandardTickUnits());
    }
    style(a);
    return a;
  }

  private static LogAxis logAxis(String label) {
    LogAxis a = new DecadeAxis(label);
    style(a);
    return a;
  }

  /** A log axis whose ticks a subclass chooses, the same on either edge (only the labels' anchor differs). */
  abstract static class TickedLogAxis extends LogAxis {
    private static final long serialVersionUID = 1L;

    TickedLogAxis(String label) {
      super(label);
      setBase(10);
    }

    abstract List<org.jfree.chart.axis.ValueTick> ticks(TextAnchor anchor);

    @Override
    @SuppressWarnings("rawtypes")
    protected List refreshTicksHorizontal(java.awt.Graphics2D g2, Rectangle2D dataArea,
        org.jfree.chart.ui.RectangleEdge edge) {
      return ticks(TextAnchor.TOP_CENTER);
    }

    @Override
    @SuppressWarnings("rawtypes")
    protected List refreshTicksVertical(java.awt.Graphics2D g2, Rectangle2D dataArea,
        org.jfree.chart.ui.RectangleEdge edge) {
      return ticks(TextAnchor.CENTER_RIGHT);
    }
  }

  /**
   * A log axis as a physicist draws one: its range widened to whole decades, a labelled tick at
   * every power of ten ({@code 10⁻³}, {@code 1}, {@code 10}), unlabelled minor ticks at 2..9 times
   * it; where the range spans many decades, every second or fifth power is labelled.
   */
  static final class DecadeAxis extends TickedLogAxis {
    private static final long serialVersionUID = 1L;

    DecadeAxis(String label) {
      super(label);
      setSmallestValue(1e-300);
      setMinorTickMarksVisible(true);
      setMinorTickMarkOutsideLength(2f);
    }

    @Override
    protected void autoAdjustRange() {
      super.autoAdjustRange();
      double lo = Math.pow(10, Math.floor(Math.log10(getLowerBound()) + 1e-9));
      double hi = Math.pow(10, Math.ceil(Math.log10(getUpperBound()) - 1e-9));
      setRange(new org.jfree.data.Range(lo, hi > lo ? hi : lo * 10), false, false);
    }

    @Override
    public void setRange(org.jfree.data.Range range, boolean turnOffAutoRange, boolean notify) {
      // an explicit range (a plateau's decade) is widened to whole decades too
      double lo = Math.pow(10, Math.floor(Math.log10(range.getLowerBound()) + 1e-9));
      double hi = Math.pow(10, Math.ceil(Math.log10(range.getUpperBound()) - 1e-9));
      super.setRange(new org.jfree.data.Range(lo, hi > lo ? hi : lo * 10), turnOffAutoRange, notify);
    }

    @Override
    List<org.jfree.chart.axis.ValueTick> ticks(TextAnchor anchor) {
      List<org.jfree.chart.axis.ValueTick> ticks = new ArrayList<>();
      int first = (int) Math.floor(Math.log10(getLowerBound()) + 1e-9);
      int last = (int) Math.ceil(Math.log10(getUpperBound()) - 1e-9);
      int every = last - first <= 8 ? 1 : last - first <= 16 ? 2 : 5;
      // one format per axis (issue #31, item 4): 1, 10, 100, 1000 on an axis of those only,
      // powers (10⁰, 10¹, 10⁻²) on any other, never "1" beside "10⁻¹"
      boolean plain = first >= 0 && last <= 3;
      for (int k = first; k <= last; k++) {
        double v = Math.pow(10, k);
        if (v >= getLowerBound() * (1 - 1e-9) && v <= getUpperBound() * (1 + 1e-9)) {
          ticks.add(new org.jfree.chart.axis.NumberTick(org.jfree.chart.axis.TickType.MAJOR, v,
              Math.floorMod(k, every) == 0 ? plain ? Long.toString(Math.round(v)) : powerOfTen(k) : "", anchor,
              TextAnchor.CENTER, 0.0));
        }
        for (int m = 2; m <= 9; m++) {
          double minor = m * v;
          if (minor > getLowerBound() && minor < getUpperBound()) {
            ticks.add(new org.jfree.chart.axis.NumberTick(org.jfree.chart.axis.TickType.MINOR, minor, "", anchor,
                TextAnchor.CENTER, 0.0));
          }
        }
      }
      return ticks;
    }
  }

  /** A log axis ticked and labelled at the sweep's own values (d = 100, 200, 400), a margin either side. */
  static final class SweepValuesAxis extends TickedLogAxis {
    private static final long serialVersionUID = 1L;
    private final java.util.SortedSet<Double> values;

    SweepValuesAxis(String label, java.util.SortedSet<Double> values) {
      super(label);
      this.values = values;
      double lo = values.first();
      double hi = values.last();
      double margin = Math.pow(Math.max(hi / lo, 2), 0.06);
      setRange(lo / margin, hi * margin);
    }

    @Override
    List<org.jfree.chart.axis.ValueTick> ticks(TextAnchor anchor) {
      List<org.jfree.chart.axis.ValueTick> ticks = new ArrayList<>();
      double last = 0;
      for (double v : values) {
        // labels never overlap: a value closer than 12% (in log d) of the axis to the last labelled one is unlabelled
        boolean room = last == 0 || Math.log(v / last) > 0.12 * Math.log(getUpperBound() / getLowerBound());
        String label = v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
        ticks.add(new org.jfree.chart.axis.NumberTick(org.jfree.chart.axis.TickType.MAJOR, v, room ? label : "", anchor,
            TextAnchor.CENTER, 0.0));
        if (room) {
          last = v;
        }
      }
      return ticks;
    }
  }

  private static final String SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

  /** {@code 10^k} as a power: 10⁰, 10¹, 10², 10⁻³. */
  static String powerOfTen(int k) {
    StringBuilder b = new StringBuilder("10");
    if (k < 0) {
      b.append('⁻');
    }
    for (char c : Integer.toString(Math.abs(k)).toCharArray()) {
      b.append(SUPERSCRIPTS.charAt(c - '0'));
    }
    return b.toString();
  }

  private static void style(ValueAxis a) {
    a.setLabelFont(LABEL);
  }

  private static void line(XYLineAndShapeRenderer renderer, int series, Color colour, BasicStroke stroke) {
    renderer.setSeriesLinesVisible(series, true);
    renderer.setSeriesShapesVisible(series, false);
    renderer.setSeriesPaint(series, colour);
    renderer.setSeriesStroke(series, stroke);
  }

  private static BasicStroke dashed(float width) {
    return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
  }

  /** A kernel's line, as its own description draws it ({@link Kernel#dashes}). */
  static BasicStroke stroke(Kernel kernel) {
    float[] dashes = kernel.dashes();
    return dashes.length == 0 ? new BasicStroke(1.6f)
        : new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dashes, 0f);
  }

  private static TextTitle subtitle(String text) {
    TextTitle t = new TextTitle(text, LEGEND);
    t.setPaint(GREY);
    t.setPosition(RectangleEdge.TOP);
    return t;
  }

  private static JFreeChart chart(String title, XYPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    JFreeChart chart = new JFreeChart(title, TITLE, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    chart.getLegend().setItemFont(LEGEND);
    chart.getLegend().setPosition(RectangleEdge.BOTTOM);
    return chart;
  }

}
