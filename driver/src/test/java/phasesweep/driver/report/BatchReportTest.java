package phasesweep.driver.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import phasesweep.driver.analysis.Table;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.jfree.data.xy.XYDataset;
import phasesweep.driver.Cli;
import phasesweep.driver.Cli.Outcome;
import phasesweep.driver.table.Views;
import phasesweep.driver.LocalSpark;

/**
 * The batch through the analysis (docs/physics.md §3.1), end to end on the ODE kernel with real
 * Spark, Parquet and SQL ({@code src/test/resources/batch-ode.yaml}): the regions move with
 * {@code beta} and the measured phases agree with them; steps and samples; the fits' theory
 * exponents with {@code beta}; the batch trade-off table and figure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchReportTest {
  static final Path SWEEP = Path.of("src", "test", "resources", "batch-ode.yaml");

  SparkSession spark;
  @TempDir
  static Path out;
  Path dir;

  @BeforeAll
  void runTheSweep() {
    spark = LocalSpark.start("phasesweep-batch-report-test");
    Outcome run = Cli.run("run", SWEEP.toString(), "--out", out.toString());
    assertEquals(0, run.exit(), run.err());
    dir = out.resolve("batch-ode");
    Views.register(spark, dir.toString());
  }

  @AfterAll
  void stop() {
    spark.stop();
  }

  /**
   * The derived rule: at beta = 1/2 the blue line is at delta = -1/2 and orange reaches down to
   * -3/4; every point with an ODE agrees with its region's law (docs/physics.md §5.1: green's
   * exponent -(kappa + delta + beta), blue's 0, orange's frozen M); red points are undetermined
   * from the ODE's rows (no ODE there).
   */
  @Test
  void theMeasuredPhasesAgreeWithTheRegionsOfBeta() {
    List<Row> rows = spark.sql("SELECT beta, delta, b0, theory_region, because, agree FROM phases "
        + "ORDER BY beta, delta, b0").collectAsList();
    assertEquals(12, rows.size());
    for (Row r : rows) {
      double beta = r.getDouble(0);
      double delta = r.getDouble(1);
      String expected = beta == 0 ? (delta == 0 ? "blue" : "red")
          : delta == 0 ? "green" : delta == -0.5 ? "blue" : "orange";
      assertEquals(expected, r.getString(3), "theory region at beta = " + beta + ", delta = " + delta);
      if (expected.equals("red")) {
        assertEquals("no ODE", r.getString(4), "no ODE, no verdict: " + r);
        assertTrue(r.isNullAt(5), "no ODE, no verdict: " + r);
      } else {
        assertTrue(r.getBoolean(5), "the law of " + expected + " at beta = " + beta + ", delta = " + delta + ": " + r);
      }
    }
  }

  @Test
  void samplesAreStepsTimesTheBatch() {
    assertEquals(0, spark.sql("SELECT * FROM sample_complexity WHERE t_reached IS NOT NULL "
        + "AND abs(samples - steps * batch) > 1e-9 * samples").count());
    assertTrue(spark.sql("SELECT * FROM sample_complexity WHERE t_reached IS NOT NULL AND batch > 1").count() > 0);
    // the batch is b0 d^beta, rounded, as the runs table has it
    assertEquals(0, spark.sql("SELECT * FROM runs WHERE batch != greatest(1, round(b0 * pow(d, beta)))").count());
  }

  @Test
  void theFitsCarryBetaInTheirTheoryExponents() {
    // the residual: -(kappa + delta + beta); samples: 1 + kappa + delta + beta; steps: 1 + kappa + delta
    Row green = spark.sql("SELECT theory_exponent FROM fits WHERE quantity = 'risk_tail' AND beta = 0.5 AND delta = 0 "
        + "AND b0 = 1").first();
    assertEquals(-0.5, green.getDouble(0), 1e-12);
    Row samples = spark.sql("SELECT theory_exponent FROM fits WHERE quantity = 'samples' AND beta = 0.5 AND delta = 0 "
        + "AND b0 = 1").first();
    assertEquals(1.5, samples.getDouble(0), 1e-12);
    Row steps = spark.sql("SELECT theory_exponent FROM fits WHERE quantity = 'steps' AND beta = 0.5 AND delta = 0 "
        + "AND b0 = 1").first();
    assertEquals(1.0, steps.getDouble(0), 1e-12);
    // steps are fitted only where a batch is set: not for b0 = 1, beta = 0
    assertEquals(0, spark.sql("SELECT * FROM fits WHERE quantity = 'steps' AND b0 = 1 AND beta = 0").count());
    assertTrue(spark.sql("SELECT * FROM fits WHERE quantity = 'steps' AND b0 = 4 AND beta = 0").count() > 0);
  }

  /**
   * The trade-off at delta = 0 and d = 1600: batches 1 and 4 (beta = 0), 40 and 160 (beta = 1/2);
   * the table's steps and samples are the means over the runs of sample_complexity, and the figure
   * draws them against b.
   */
  @Test
  void theBatchTradeOffTableAndFigure() {
    List<Row> table = spark.sql("SELECT batch, runs, reached, steps, samples FROM batch_trade_off "
        + "WHERE delta = 0 AND d = 1600 ORDER BY batch").collectAsList();
    assertEquals(List.of(1, 4, 40, 160), table.stream().map(r -> r.getInt(0)).toList());
    for (Row r : table) {
      Row direct = spark.sql("SELECT avg(steps), avg(samples), count(steps) FROM sample_complexity WHERE delta = 0 "
          + "AND d = 1600 AND batch = " + r.getInt(0)).first();
      assertEquals(direct.getDouble(0), r.getDouble(3), 1e-9 * direct.getDouble(0));
      assertEquals(direct.getDouble(1), r.getDouble(4), 1e-9 * direct.getDouble(1));
      assertEquals(direct.getLong(2), r.getLong(2));
    }
    Figures.Figure f = Figures.batchTradeOff(Table.of(spark.read().parquet(dir.resolve("batch_trade_off").toString())));
    assertEquals("batch_trade_off", f.name());
    XYDataset data = null;
    for (var chart : f.charts()) {
      if (chart.getTitle().getText().contains("δ = 0,")) {
        data = chart.getXYPlot().getDataset();
      }
    }
    assertFalse(data == null, "a panel for delta = 0: " + f.charts().stream().map(c -> c.getTitle().getText()).toList());
    assertEquals(2, data.getSeriesCount());
    for (int i = 0; i < table.size(); i++) {
      assertEquals(table.get(i).getInt(0), data.getXValue(0, i), 0.0);
      assertEquals(table.get(i).getDouble(3), data.getYValue(0, i), 0.0);
      assertEquals(table.get(i).getDouble(4), data.getYValue(1, i), 0.0);
    }
  }
}
