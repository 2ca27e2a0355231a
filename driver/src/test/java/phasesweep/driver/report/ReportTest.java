package phasesweep.driver.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import phasesweep.driver.Cli;
import phasesweep.driver.Cli.Outcome;
import phasesweep.driver.LocalSpark;
import phasesweep.driver.analysis.Analysis;
import phasesweep.driver.analysis.Table;
import phasesweep.driver.table.Views;

/**
 * The analysis end to end on the deterministic ODE kernel (real Spark, Parquet and SQL): the
 * {@code d^-delta} fits against docs/physics.md §5, the phases, the figures and report.html.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class ReportTest {
  static final Path SWEEP = Path.of("src", "test", "resources", "ode-scaling.yaml");

  SparkSession spark;
  @TempDir
  static Path out;
  Path dir;

  @BeforeAll
  void runTheSweep() {
    spark = LocalSpark.start("phasesweep-report-test");
    Outcome run = Cli.run("run", SWEEP.toString(), "--no-report", "--out", out.toString());
    assertEquals(0, run.exit(), run.err());
    dir = out.resolve("ode-scaling");
    for (String t : Views.ANALYSIS_TABLES) {
      assertFalse(Files.exists(dir.resolve(t)), "--no-report wrote " + t);
    }
    Outcome report = Cli.run("report", dir.toString());
    assertEquals(0, report.exit(), report.err());
    assertTrue(report.out().contains("phasesweep: phases: 2 agree, 0 disagree, 0 undetermined, 0 no theory"),
        report.out());
    Views.register(spark, dir.toString());
  }

  @AfterAll
  void stop() {
    spark.stop();
  }

  double exponent(double delta) {
    return spark.sql("SELECT exponent FROM fits WHERE quantity = 'risk_tail' AND delta = " + delta).first().getDouble(0);
  }

  /** docs/physics.md §5: at kappa = 0 the residual risk scales as d^-delta; on the blue line it does not depend on d. */
  @Test
  void fittedExponentsMatchTheTheory() {
    assertEquals(-0.5, exponent(0.5), 0.05);
    assertEquals(0.0, exponent(0.0), 0.05);
    List<Row> fits = spark.sql("SELECT d_values, runs, left_out, theory_exponent, consistent FROM fits "
        + "WHERE quantity = 'risk_tail' ORDER BY delta").collectAsList();
    assertEquals(2, fits.size());
    for (Row r : fits) {
      assertEquals(5, r.getInt(0));
      assertEquals(5, r.getInt(1));
      assertEquals(0, r.getInt(2));
      assertTrue(r.getBoolean(4));
    }
    assertEquals(0.0, fits.get(0).getDouble(3));
    assertEquals(-0.5, fits.get(1).getDouble(3));
    List<Row> phases = spark.sql("SELECT theory, theory_region, verdict, agree, law FROM phases ORDER BY delta")
        .collectAsList();
    assertEquals(List.of("veiga2022", "blue", "agree", true, "b = 0.000"), List.of(phases.get(0).get(0),
        phases.get(0).get(1), phases.get(0).get(2), phases.get(0).get(3), phases.get(0).get(4)));
    assertEquals(List.of("veiga2022", "green", "agree", true, "b = -0.500"), List.of(phases.get(1).get(0),
        phases.get(1).get(1), phases.get(1).get(2), phases.get(1).get(3), phases.get(1).get(4)));
  }

  @Test
  void sampleComplexityGrowsAsTheTradeOffSays() {
    // n ~ d^(1 + kappa + delta) to leading order; escaping the initial plateau adds a log d factor on top
    for (double delta : new double[] {0, 0.5}) {
      Row r = spark.sql("SELECT exponent, theory_exponent, not_reached FROM fits WHERE quantity = 'samples' AND delta = "
          + delta).first();
      assertEquals(1 + delta, r.getDouble(1));
      assertEquals(1 + delta, r.getDouble(0), 0.1);
      assertEquals(0, r.getInt(2));
    }
  }

  @Test
  void figuresAreDrawnWithTheirData() throws Exception {
    Path figures = dir.resolve("figures");
    // one panel per group: 1 phase diagram (one kernel, one noise), 2 groups (delta) otherwise
    assertDrawn(figures.resolve("phase_diagram.png"), 1, Charts.color(phasesweep.kernels.model.Region.GREEN),
        Charts.color(phasesweep.kernels.model.Region.BLUE));
    assertDrawn(figures.resolve("scaling.png"), 2, Charts.PALETTE[0], Charts.PALETTE[1]);
    assertDrawn(figures.resolve("learning_curves.png"), 2, Charts.PALETTE[0], Charts.PALETTE[4]);
    assertDrawn(figures.resolve("sample_complexity.png"), 2, Charts.PALETTE[0], Charts.PALETTE[1]);
    // the trade-off: one panel (kappa = 0), one colour per delta
    assertDrawn(figures.resolve("trade_off.png"), 1, Charts.PALETTE[0], Charts.PALETTE[1]);
    assertFalse(Files.exists(figures.resolve("finite_size.png")), "no SGD here, so no finite-size gap");
    // no batch axis: no batch trade-off, not an empty panel; the report says so once (issue #31, item 3)
    assertFalse(Files.exists(figures.resolve("batch_trade_off.png")), "no batch axis, no batch trade-off");
    String html = Files.readString(dir.resolve("report.html"));
    assertTrue(html.matches("(?s).*Figures without data in this sweep, not drawn: [a-z_, ]*batch_trade_off.*"), html);
    // a compact legend: one entry a kernel, by its own label, and one a d, not one a curve (issue #31, item 2)
    String curves = Files.readString(figures.resolve("learning_curves.svg"));
    assertTrue(curves.contains(">" + phasesweep.kernels.Kernel.ODE.label() + "<"), "legend by the kernel's label");
    assertTrue(curves.contains(">d = 1600<"), "legend by d");
    assertFalse(curves.contains(">" + phasesweep.kernels.Kernel.ODE.label() + ", d = "), "no entry a curve");
    DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
    // never fetch the SVG DTD from the network
    xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    for (String name : List.of("phase_diagram", "scaling", "learning_curves", "sample_complexity", "trade_off")) {
      BufferedImage png = ImageIO.read(figures.resolve(name + ".png").toFile());
      Element svg = xml.newDocumentBuilder()
          .parse(figures.resolve(name + ".svg").toFile()).getDocumentElement();
      assertEquals("svg", svg.getTagName());
      assertEquals(png.getWidth(), Double.parseDouble(svg.getAttribute("width")), name);
      assertTrue(svg.getElementsByTagName("*").getLength() > 50, name);
      assertTrue(svg.getElementsByTagName("text").getLength() > 10, name);
      if (name.equals("learning_curves") || name.equals("scaling") || name.equals("trade_off")) {
        assertTickLabels(name, svg);
      }
      if (name.equals("phase_diagram")) {
        // each point shows the exponent its verdict rests on and the law's, as the phases table has them
        List<String> texts = new java.util.ArrayList<>();
        for (int i = 0; i < svg.getElementsByTagName("text").getLength(); i++) {
          texts.add(svg.getElementsByTagName("text").item(i).getTextContent().strip());
        }
        List<org.apache.spark.sql.Row> exponents = spark.read().parquet(dir.resolve("phases").toString())
            .where("exponent IS NOT NULL").select("exponent", "law").collectAsList();
        assertFalse(exponents.isEmpty());
        for (org.apache.spark.sql.Row r : exponents) {
          String label = Charts.PhasePoint.label(r.getDouble(0), r.getString(1));
          assertTrue(texts.contains(label), label + " in " + texts);
        }
      }
    }
  }

  /**
   * The trade-off figure's data (docs/physics.md §5): each delta's ODE curve at the largest d
   * (1600) against samples n = t/dt, dt = d^-(1 + delta) here, and its mark at n = d^(1 + delta).
   */
  @Test
  void theTradeOffDrawsRiskAgainstSamplesAtTheLargestD() throws IOException {
    Table meanCurves = Table.of(spark.read().parquet(dir.resolve("mean_curves").toString()));
    // the curves do not depend on the order the table's rows were read in
    List<org.apache.spark.sql.Row> shuffled = new java.util.ArrayList<>(meanCurves.rows());
    java.util.Collections.shuffle(shuffled, new java.util.Random(5));
    List<Analysis.MeanCurve> ordered = Analysis.curves(meanCurves);
    List<Analysis.MeanCurve> fromShuffled = Analysis.curves(new Table(meanCurves.schema(), shuffled));
    assertEquals(ordered.size(), fromShuffled.size());
    for (Analysis.MeanCurve c : ordered) {
      Analysis.MeanCurve same = fromShuffled.stream().filter(x -> x.group().equals(c.group()) && x.d() == c.d())
          .findFirst().orElseThrow();
      assertTrue(java.util.Arrays.equals(c.t(), same.t()) && java.util.Arrays.equals(c.mean(), same.mean())
          && java.util.Arrays.equals(c.runs(), same.runs()), c.group() + " d = " + c.d());
      for (int i = 1; i < c.t().length; i++) {
        assertTrue(c.t()[i] > c.t()[i - 1], "checkpoints in order");
      }
    }
    Figures.Figure f = Figures.tradeOff(ordered);
    assertEquals(1, f.charts().size());
    org.jfree.chart.plot.XYPlot plot = f.charts().get(0).getXYPlot();
    org.jfree.data.xy.XYDataset ode = plot.getDataset(1);
    assertEquals(2, ode.getSeriesCount());
    for (int s = 0; s < 2; s++) {
      double delta = s == 0 ? 0 : 0.5;
      org.apache.spark.sql.Row run = spark.read().parquet(dir.resolve("runs").toString())
          .where("d = 1600 AND delta = " + delta).select("curve_t", "curve_risk").first();
      List<Double> t = run.getList(0);
      List<Double> risk = run.getList(1);
      assertTrue(ode.getSeriesKey(s).toString().contains("δ = " + (s == 0 ? "0" : "0.5") + ", d = 1600"),
          ode.getSeriesKey(s).toString());
      double dt = Math.pow(1600, -(1 + delta));
      assertEquals(t.size() - 1, ode.getItemCount(s), "every checkpoint after t = 0");
      assertEquals(t.get(1) / dt, ode.getXValue(s, 0), 1e-9 * t.get(1) / dt);
      assertEquals(risk.get(t.size() - 1), ode.getYValue(s, ode.getItemCount(s) - 1), 0.0);
    }
    Set<Double> marks = new java.util.HashSet<>();
    for (Object m : plot.getDomainMarkers(org.jfree.chart.ui.Layer.FOREGROUND)) {
      marks.add(((org.jfree.chart.plot.ValueMarker) m).getValue());
    }
    assertEquals(Set.of(1600.0, Math.pow(1600, 1.5)), marks);
    // the marks are in the legend as what they are (issue #31, item 2)
    org.jfree.chart.LegendItemCollection legend = plot.getLegendItems();
    boolean markInLegend = false;
    for (int i = 0; i < legend.getItemCount(); i++) {
      markInLegend |= legend.get(i).getLabel().startsWith("sample scale n = b d^(1+κ+δ)");
    }
    assertTrue(markInLegend, "the sample-scale marks in the legend");
    // a delta without a finished run at the panel's largest d is left out, not drawn at a smaller d
    List<Analysis.MeanCurve> without = ordered.stream()
        .filter(c -> !(c.d() == 1600 && ((Double) c.get("delta")) == 0.5)).toList();
    org.jfree.data.xy.XYDataset only = Figures.tradeOff(without).charts().get(0).getXYPlot().getDataset(1);
    assertEquals(1, only.getSeriesCount());
    assertTrue(only.getSeriesKey(0).toString().contains("δ = 0, d = 1600"), only.getSeriesKey(0).toString());
  }

  /**
   * The tick labels drawn in the SVG (its texts made of digits alone): on a log axis only powers
   * of ten (1, 10, 100 on an axis of those, else 10⁰, 10¹, 10², 10⁻³), on the scaling figure's d axis also the sweep's own d values; at
   * least two a panel.
   */
  static void assertTickLabels(String name, Element svg) {
    org.w3c.dom.NodeList texts = svg.getElementsByTagName("text");
    List<String> ticks = new java.util.ArrayList<>();
    for (int i = 0; i < texts.getLength(); i++) {
      String t = texts.item(i).getTextContent().strip();
      if (!t.isEmpty() && t.matches("[0-9.⁰¹²³⁴⁵⁶⁷⁸⁹⁻e+-]+")) {
        ticks.add(t);
      }
    }
    List<String> dValues = List.of("100", "200", "400", "800", "1600");
    for (String t : ticks) {
      boolean power = t.matches("1|10|100|1000|10⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+");
      assertTrue(power || name.equals("scaling") && dValues.contains(t), name + ": tick label '" + t + "' in " + ticks);
    }
    assertTrue(ticks.size() >= 4, name + ": " + ticks);
    if (name.equals("scaling")) {
      assertTrue(ticks.containsAll(dValues), "the d axis is ticked at the sweep's d: " + ticks);
    }
  }

  /**
   * One format per log axis (issue #31, item 4): an axis from 1 to 1000 is labelled 1, 10, 100,
   * 1000; one that reaches below 1 or above 1000 is labelled in powers throughout, never "1"
   * beside "10⁻¹".
   */
  @Test
  void aLogAxisLabelsItsDecadesInOneFormat() {
    assertEquals(List.of("1", "10", "100", "1000"), decadeLabels(1, 1000));
    assertEquals(List.of("10⁻³", "10⁻²", "10⁻¹", "10⁰", "10¹"), decadeLabels(1e-3, 10));
    assertEquals(List.of("10⁰", "10¹", "10²", "10³", "10⁴"), decadeLabels(1, 1e4));
  }

  private static List<String> decadeLabels(double lo, double hi) {
    Charts.DecadeAxis axis = new Charts.DecadeAxis("y");
    axis.setRange(new org.jfree.data.Range(lo, hi), false, false);
    return axis.ticks(org.jfree.chart.ui.TextAnchor.CENTER).stream().map(org.jfree.chart.axis.ValueTick::getText)
        .filter(t -> !t.isEmpty()).toList();
  }

  /**
   * The phase diagram's axes over the grid (issue #31, item 4): the quickstart's kappa grid 0, 1/4,
   * 1/2 runs from -1/8 to 5/8 ticked at its own step, not from -1/4 with a tick every 0.05.
   */
  @Test
  void thePhaseDiagramsAxesFollowTheGrid() {
    org.jfree.chart.axis.NumberAxis kappa = Charts.gridAxis("k", new double[] {0, 0.25, 0.5, 0.25, 0}, 0, 0);
    assertEquals(-0.125, kappa.getLowerBound(), 1e-12);
    assertEquals(0.625, kappa.getUpperBound(), 1e-12);
    assertEquals(0.25, kappa.getTickUnit().getSize(), 1e-12);
    org.jfree.chart.axis.NumberAxis one = Charts.gridAxis("k", new double[] {0}, 0, 0);
    assertEquals(-0.25, one.getLowerBound(), 1e-12);
    assertEquals(0.25, one.getUpperBound(), 1e-12);
  }

  @Test
  void theReportPageShowsTheFiguresAndTablesOffline() throws IOException {
    String html = Files.readString(dir.resolve("report.html"));
    for (String name : List.of("phase_diagram", "scaling", "learning_curves", "sample_complexity", "trade_off")) {
      assertTrue(html.contains("<img src=\"figures/" + name + ".png\""), name);
      assertTrue(Files.exists(dir.resolve("figures").resolve(name + ".svg")), name);
    }
    for (String t : Views.ANALYSIS_TABLES) {
      assertTrue(html.contains("<section id=\"table-" + t + "\">"), t);
    }
    assertFalse(html.contains("http://") || html.contains("https://"), "needs the network");
  }

  @Test
  void aSecondReportGivesTheSameTablesAndLeavesNothingBehind() throws IOException {
    List<Row> before = spark.sql("SELECT * FROM fits ORDER BY quantity, delta").collectAsList();
    Outcome again = Cli.run("report", dir.toString());
    assertEquals(0, again.exit(), again.err());
    Views.register(spark, dir.toString());
    assertEquals(before, spark.sql("SELECT * FROM fits ORDER BY quantity, delta").collectAsList());
    try (Stream<Path> s = Files.list(dir)) {
      // (.crc files are Hadoop's local checksums)
      Set<String> names = new HashSet<>(s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList());
      Set<String> expected = new HashSet<>(Views.ANALYSIS_TABLES);
      expected.addAll(List.of("sweep.yaml", "runs", "parts", "figures", "report.html"));
      assertEquals(expected, names);
    }
  }

  /**
   * The analysis tables are written on the driver (parquet-hadoop, no Spark job): every column
   * type they use, nulls among them, reads back in Spark SQL as written, in order and type.
   */
  @Test
  void aTableWrittenOnTheDriverReadsBackInSparkSql(@TempDir Path tmp) throws IOException {
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
        .add("name", "string").add("d", "int").add("seed", "bigint").add("value", "double").add("agree", "boolean");
    List<Row> rows = List.of(
        phasesweep.driver.analysis.Table.row(schema, "a", 100, 7L, -0.25, true),
        phasesweep.driver.analysis.Table.row(schema, "é ∞", Integer.MAX_VALUE, Long.MIN_VALUE, Double.MIN_VALUE, false),
        phasesweep.driver.analysis.Table.row(schema, null, null, null, null, null),
        phasesweep.driver.analysis.Table.row(schema, "", 0, 0L, Double.POSITIVE_INFINITY, null));
    Path table = tmp.resolve("t");
    phasesweep.driver.table.TableWriter.write(new org.apache.hadoop.fs.Path(table.toUri()), schema, rows,
        spark.sparkContext().hadoopConfiguration());
    org.apache.spark.sql.Dataset<Row> read = spark.read().parquet(table.toString());
    assertEquals(schema.simpleString(), read.schema().simpleString());
    assertEquals(rows.stream().map(Row::toString).toList(), read.collectAsList().stream().map(Row::toString).toList());
  }

  /**
   * Kernels sharing a panel and a colour are told apart by their lines, from their own
   * descriptions: no two kernels draw alike (issue #31, item 2: sgd and sgd_overlaps looked the
   * same), and no two share a label.
   */
  @Test
  void noTwoKernelsAreDrawnOrLabelledAlike() {
    java.util.Set<String> strokes = new java.util.HashSet<>();
    java.util.Set<String> labels = new java.util.HashSet<>();
    for (phasesweep.kernels.Kernel k : phasesweep.kernels.Kernel.values()) {
      assertTrue(strokes.add(java.util.Arrays.toString(Charts.stroke(k).getDashArray())), k + " draws like another");
      assertTrue(labels.add(k.label()), k + "'s label is another's");
    }
  }

  @Test
  void aFolderThatIsNotAResultsFolderIsRefused(@TempDir Path empty) {
    Outcome o = Cli.run("report", empty.toString());
    assertEquals(2, o.exit());
    assertTrue(o.err().contains("is not a phasesweep results folder (no sweep.yaml)"), o.err());
  }

  /**
   * A figure of {@code panels} panels: the grid's size, and each of {@code colours} (data drawn in
   * it: region squares, fit lines) on more than 30 pixels (give or take anti-aliasing); less than
   * 97% of it is background.
   */
  public static void assertDrawn(Path png, int panels, Color... colours) {
    try {
      BufferedImage image = ImageIO.read(png.toFile());
      assertEquals(Panels.columns(panels) * Panels.WIDTH, image.getWidth(), png.toString());
      assertEquals(Panels.rows(panels) * Panels.HEIGHT, image.getHeight(), png.toString());
      int white = 0;
      int[] found = new int[colours.length];
      for (int y = 0; y < image.getHeight(); y++) {
        for (int x = 0; x < image.getWidth(); x++) {
          int rgb = image.getRGB(x, y) & 0xFFFFFF;
          white += rgb == 0xFFFFFF ? 1 : 0;
          for (int c = 0; c < colours.length; c++) {
            found[c] += near(rgb, colours[c]) ? 1 : 0;
          }
        }
      }
      assertTrue(white < 0.97 * image.getWidth() * image.getHeight(), png + " is blank");
      for (int c = 0; c < colours.length; c++) {
        assertTrue(found[c] > 30, png + ": colour " + colours[c] + " on " + found[c] + " pixels");
      }
    } catch (IOException e) {
      throw new AssertionError(png + ": " + e, e);
    }
  }

  private static boolean near(int rgb, Color c) {
    int dr = Math.abs(((rgb >> 16) & 0xFF) - c.getRed());
    int dg = Math.abs(((rgb >> 8) & 0xFF) - c.getGreen());
    int db = Math.abs((rgb & 0xFF) - c.getBlue());
    return dr + dg + db <= 60;
  }
}
