package phasesweep.driver.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import phasesweep.driver.sweep.AnalysisSettings;
import phasesweep.driver.table.AnalysisTable;
import phasesweep.driver.table.RunsSchema;
import phasesweep.kernels.Kernel;
import phasesweep.kernels.Parameter;
import phasesweep.kernels.Status;
import phasesweep.kernels.TaskParams;

/**
 * The distance of the overlaps to the limit ODE (docs/physics.md §5) on synthetic runs: SGD's
 * overlaps are the limit's plus a known deviation {@code A d^-b} (times lognormal seed noise) in
 * one entry at one checkpoint; the table finds it, where and when, and the fit recovers {@code b}
 * next to the orange theory exponent.
 */
class LimitDistanceTest {
  static final double[] T = {0, 1, 10};
  static final double[] Q = {1, 0.1, 0.1, 1};
  static final double[] M = {0.05, 0.01, 0.02, 0.03};

  static Runs.Run run(Kernel kernel, TaskParams params, double[] q, double[] m) {
    List<Object> group = new ArrayList<>();
    for (String c : AnalysisTable.GROUP) {
      Parameter p = Parameter.named(c);
      Object v = c.equals("sweep") ? "synthetic" : c.equals("kernel") ? kernel.id() : params.get(p);
      group.add(v instanceof Enum<?> ? Parameter.text(v) : v);
    }
    return new Runs.Run("task-" + params.d() + "-" + params.seed(), kernel.id(), group, params.d(), params.seed(),
        Status.OK, 0.3, 1e-3, params.timeScale(), 1, T, new double[] {0.3, 0.1, 1e-3}, q, m, Double.NaN);
  }

  static double[] repeat(double[] a) {
    double[] all = new double[a.length * T.length];
    for (int i = 0; i < T.length; i++) {
      System.arraycopy(a, 0, all, i * a.length, a.length);
    }
    return all;
  }

  @Test
  void theDistanceIsFoundAndItsPowerLawFitted() {
    double b = 0.25; // the orange law at kappa + delta = -1/4: -(1/2 + kappa + delta)
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(11);
    ZigguratSampler.NormalizedGaussian gauss = ZigguratSampler.NormalizedGaussian.of(rng);
    List<Runs.Run> rows = new ArrayList<>();
    List<double[]> expected = new ArrayList<>();
    for (int d : new int[] {200, 400, 800, 1600}) {
      for (long seed = 0; seed < 6; seed++) {
        TaskParams params = TaskParams.builder().d(d).delta(-0.25).seed(seed).build();
        rows.add(run(Kernel.ODE_LIMIT, params, repeat(Q), repeat(M)));
        double deviation = 0.2 * Math.pow(d, -b) * Math.exp(0.05 * gauss.sample());
        double[] m = repeat(M);
        m[2 * M.length + 1] += deviation; // M_01 at t = 10
        double[] q = repeat(Q);
        q[Q.length + 3] -= 0.5 * deviation; // Q_11 at t = 1: smaller, so not the largest
        rows.add(run(Kernel.SGD_OVERLAPS, params, q, m));
        expected.add(new double[] {d, seed, deviation});
      }
    }
    rows.sort(Analysis.order(AnalysisTable.GROUP, Runs.Run::get).thenComparingInt(Runs.Run::d)
        .thenComparingLong(Runs.Run::seed));
    StructType schema = new StructType();
    for (String c : AnalysisTable.GROUP) {
      Parameter p = Parameter.named(c);
      schema = schema.add(c, p == null ? "string" : RunsSchema.sparkType(p).simpleString());
    }
    Analysis.Tables tables = Analysis.compute(new Runs(schema, rows), AnalysisSettings.DEFAULT);

    List<Row> finite = tables.finiteSize().sortedBy(List.of("d", "seed"));
    assertEquals(expected.size(), finite.size());
    for (int i = 0; i < finite.size(); i++) {
      Row r = finite.get(i);
      assertEquals(expected.get(i)[2], r.<Double>getAs("limit_distance"), 1e-15);
      assertEquals(10.0, r.<Double>getAs("t_limit_distance"));
      assertNull(r.getAs("gap"), "no ode kernel: no finite-size gap");
    }
    List<Row> fits = tables.fits().where(r -> Fits.LIMIT_DISTANCE.equals(r.getAs("quantity")));
    assertEquals(1, fits.size());
    Row fit = fits.get(0);
    assertEquals(-b, fit.<Double>getAs("theory_exponent"));
    assertEquals(-b, fit.<Double>getAs("exponent"), 0.03);
    assertTrue(fit.<Boolean>getAs("consistent"));
    assertEquals(24, fit.<Integer>getAs("runs"));
    assertTrue(tables.fits().where(r -> Fits.FINITE_SIZE_GAP.equals(r.getAs("quantity"))).isEmpty());
  }
}
