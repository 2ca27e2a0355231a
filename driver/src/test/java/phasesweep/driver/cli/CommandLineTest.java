package phasesweep.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phasesweep.driver.Cli;
import phasesweep.driver.Cli.Outcome;
import phasesweep.driver.failure.Failure;
import phasesweep.kernels.TaskParams;
import phasesweep.kernels.model.Overlaps;
import phasesweep.kernels.model.Weights;
import phasesweep.kernels.ode.OdeKernel;
import phasesweep.kernels.sgd.SgdKernel;

/** The {@code sgd} and {@code ode} commands: output, exit codes and error messages. */
class CommandLineTest {
  static Outcome run(String... args) {
    return Cli.run(args);
  }

  private static double[][] csv(String out) {
    String[] lines = out.strip().split("\n");
    assertEquals("t,risk,cosine", lines[0]);
    double[][] rows = new double[lines.length - 1][];
    for (int i = 1; i < lines.length; i++) {
      String[] f = lines[i].split(",");
      rows[i - 1] = new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])};
    }
    return rows;
  }

  @Test
  void sgdPrintsTheKernelsCurveAsCsv() {
    Outcome o = run("sgd", "--d", "200", "--t-max", "5", "--seed", "3", "--p0", "3", "--k", "2");
    assertEquals(0, o.exit(), o.err());
    double[][] rows = csv(o.out());
    TaskParams params = TaskParams.builder().d(200).tMax(5).seed(3).p0(3).k(2).build();
    double[] risks = SgdKernel.run(params).risks();
    assertEquals(risks.length, rows.length);
    for (int i = 0; i < rows.length; i++) {
      assertEquals(risks[i], rows[i][1], 0.0, "printed with full precision");
    }
    assertTrue(o.err().contains("status ok"), o.err());
  }

  @Test
  void odeModeAndTolerancesReachTheKernel() {
    Outcome o = run("ode", "--d", "200", "--t-max", "5", "--delta", "0.5", "--mode", "limit", "--rtol", "1e-6");
    assertEquals(0, o.exit(), o.err());
    TaskParams params = TaskParams.builder().d(200).tMax(5).delta(0.5).rtol(1e-6)
        .odeMode(phasesweep.kernels.ode.OdeMode.LIMIT).build();
    double[] risks = OdeKernel.run(params).risks();
    double[][] rows = csv(o.out());
    assertEquals(risks[risks.length - 1], rows[rows.length - 1][1], 0.0);
  }

  @Test
  void odeFromAnOverlapsFileSetsPAndK(@TempDir Path dir) throws Exception {
    TaskParams params = TaskParams.builder().d(300).p0(3).k(1).seed(2).tMax(3).build();
    Overlaps o = Overlaps.of(Weights.initial(params));
    StringBuilder json = new StringBuilder("{\"Q\": [");
    for (int j = 0; j < 3; j++) {
      json.append(j > 0 ? "," : "").append("[").append(o.q()[j][0]).append(",").append(o.q()[j][1])
          .append(",").append(o.q()[j][2]).append("]");
    }
    json.append("], \"M\": [[").append(o.m()[0][0]).append("],[").append(o.m()[1][0]).append("],[")
        .append(o.m()[2][0]).append("]], \"P\": [[").append(o.teacher()[0][0]).append("]]}");
    Path file = dir.resolve("start.json");
    Files.writeString(file, json);
    Outcome out = run("ode", "--d", "300", "--t-max", "3", "--init-overlaps", file.toString());
    assertEquals(0, out.exit(), out.err());
    double[] expected = OdeKernel.run(params, o).risks();
    double[][] rows = csv(out.out());
    assertEquals(expected.length, rows.length);
    assertEquals(expected[expected.length - 1], rows[rows.length - 1][1], 0.0);
  }

  /**
   * Every kernel runs one task from the command line: {@code sgd --kernel} the sampled ones,
   * {@code ode --kernel} the deterministic ones, each printing what the kernel itself computes;
   * {@code --init-overlaps} for those that start from overlaps (issue #29).
   */
  @Test
  void eachKernelRunsOneTaskFromTheCommandLine(@TempDir Path dir) throws Exception {
    TaskParams params = TaskParams.builder().d(200).tMax(3).seed(4).b0(8).build();
    for (phasesweep.kernels.Kernel k : phasesweep.kernels.Kernel.values()) {
      String command = k.sampling() == phasesweep.kernels.Kernel.Sampling.SAMPLED ? "sgd" : "ode";
      Outcome o = run(command, "--kernel", k.id(), "--d", "200", "--t-max", "3", "--seed", "4", "--b0", "8");
      assertEquals(0, o.exit(), k + ": " + o.err());
      double[] expected = k.run(params).risks();
      double[][] rows = csv(o.out());
      assertEquals(expected.length, rows.length, k.id());
      assertEquals(expected[expected.length - 1], rows[rows.length - 1][1], 0.0, k.id());
      assertTrue(o.err().contains(k.stepUnit()), o.err());
    }
    Outcome wrong = run("sgd", "--kernel", "mean_map");
    assertEquals(Failure.EXIT_BAD_INPUT, wrong.exit());
    assertEquals("sgd: --kernel: 'mean_map' is not a kernel sgd runs; one of sgd, sgd_overlaps", wrong.err().strip());
    Outcome unknown = run("ode", "--kernel", "rk4");
    assertEquals(Failure.EXIT_BAD_INPUT, unknown.exit());
    assertTrue(unknown.err().contains("one of ode, ode_limit, mean_map"), unknown.err());
    Path file = dir.resolve("start.json");
    Files.writeString(file, "{\"Q\": [[1]], \"M\": [[0.1]], \"P\": [[1]]}");
    Outcome weights = run("sgd", "--init-overlaps", file.toString());
    assertEquals(Failure.EXIT_BAD_INPUT, weights.exit());
    assertTrue(weights.err().contains("--init-overlaps: kernel sgd starts from weights"), weights.err());
    for (String[] c : new String[][] {{"ode", "mean_map"}, {"sgd", "sgd_overlaps"}}) {
      Outcome o = run(c[0], "--kernel", c[1], "--d", "100", "--t-max", "2", "--init-overlaps", file.toString());
      assertEquals(0, o.exit(), c[1] + ": " + o.err());
      TaskParams t = TaskParams.builder().d(100).tMax(2).p0(1).k(1).build();
      Overlaps start = new Overlaps(new double[][] {{1}}, new double[][] {{0.1}}, new double[][] {{1}});
      double[] expected = phasesweep.kernels.Kernel.of(c[1]).run(t, start).risks();
      double[][] rows = csv(o.out());
      assertEquals(expected[expected.length - 1], rows[rows.length - 1][1], 0.0, c[1]);
    }
  }

  @Test
  void badOverlapsFilesAreRefusedNamingTheField(@TempDir Path dir) throws Exception {
    String[][] cases = {
        {"{\"Q\": [[1]], \"M\": [[0]]}", "missing P"},
        {"{\"Q\": [[1]], \"M\": [[0]], \"P\": [[1]], \"R\": 1}", "unknown key 'R'"},
        {"{\"Q\": [[1, 0]], \"M\": [[0]], \"P\": [[1]]}", "row 0 of Q must have 1 entries"},
        {"{\"Q\": [[\"a\"]], \"M\": [[0]], \"P\": [[1]]}", "Q[0][0] must be a finite number"},
        {"{\"Q\": [[1]], \"M\": [[2]], \"P\": [[1]]}", "--init-overlaps: [[Q, M], [M^T, P]] is not a valid covariance"},
        {"{\"Q\": [[1]", "not valid JSON"},
        // issue #33, items 14-16: a duplicate key, deep nesting, a huge number, an absurd overlap
        {"{\"Q\": [[1]], \"Q\": [[2]], \"M\": [[0]], \"P\": [[1]]}", "not valid JSON: Duplicate field 'Q'"},
        {"[".repeat(5000) + "]".repeat(5000), "not valid JSON"},
        {"{\"Q\": [[1" + "0".repeat(2000) + "]], \"M\": [[0]], \"P\": [[1]]}", "not valid JSON"},
        {"{\"Q\": [[1]], \"M\": [[0]], \"P\": [[1e300]]}", "P[0][0] = 1.0E300 is outside [-1000000.0, 1000000.0]"},
    };
    for (String[] c : cases) {
      Path file = dir.resolve("bad.json");
      Files.writeString(file, c[0]);
      Outcome out = run("ode", "--d", "100", "--t-max", "1", "--init-overlaps", file.toString());
      assertEquals(Failure.EXIT_BAD_INPUT, out.exit(), c[0]);
      assertTrue(out.err().contains(c[1]), "for " + c[0] + " expected '" + c[1] + "' in: " + out.err());
      assertEquals("", out.out(), "no partial output");
      assertEquals(1, out.err().strip().lines().count(), out.err());
    }
    // a device: read no further than the cap
    Outcome zero = run("ode", "--d", "100", "--t-max", "1", "--init-overlaps", "/dev/zero");
    assertEquals(Failure.EXIT_BAD_INPUT, zero.exit(), zero.err());
    assertEquals("ode: --init-overlaps /dev/zero: larger than 1024 KiB: not an overlaps file", zero.err().strip());
  }

  /**
   * A single task the plan's cost model puts above {@code --max-core-hours} is refused before it
   * starts, as {@code run} refuses a sweep (issue #33, items 8 and 13): a wide {@code --init-overlaps}
   * (p = 300, about 1.7 core-hours at d = 10^4), an ODE to {@code t = 10^12}; and is run with
   * {@code --yes}, or under a larger limit.
   */
  @Test
  void aTaskAboveTheCoreHourLimitIsRefusedBeforeItStarts(@TempDir Path dir) throws Exception {
    int p = 300;
    StringBuilder q = new StringBuilder();
    StringBuilder m = new StringBuilder();
    for (int j = 0; j < p; j++) {
      q.append(j == 0 ? "" : ",").append('[');
      for (int l = 0; l < p; l++) {
        q.append(l == 0 ? "" : ",").append(j == l ? "1" : "0");
      }
      q.append(']');
      m.append(j == 0 ? "" : ",").append("[0.01]");
    }
    Path file = dir.resolve("wide.json");
    Files.writeString(file, "{\"Q\": [" + q + "], \"M\": [" + m + "], \"P\": [[1]]}");
    Outcome wide = run("ode", "--d", "10000", "--init-overlaps", file.toString(), "--max-core-hours", "0.5");
    assertEquals(Failure.EXIT_BAD_INPUT, wide.exit(), wide.err());
    assertTrue(wide.err().strip().matches("ode: the task \\(p = 300, k = 1, d = 10000\\) is estimated at [0-9.]+ "
        + "core-hours with kernel ode, above --max-core-hours 0.5; run with --yes .*"), wide.err());
    assertEquals("", wide.out());
    Outcome far = run("ode", "--t-max", "1e11");
    assertEquals(Failure.EXIT_BAD_INPUT, far.exit(), far.err());
    assertTrue(far.err().contains("above --max-core-hours 4;"), far.err());
    Outcome limit = run("ode", "--t-max", "100", "--max-core-hours", "-1");
    assertEquals(Failure.EXIT_BAD_INPUT, limit.exit(), limit.err());
    // the same small task runs under any limit it fits
    Outcome small = run("ode", "--d", "100", "--t-max", "2", "--max-core-hours", "0.001");
    assertEquals(0, small.exit(), small.err());
  }

  @Test
  void invalidParametersExitWith2AndNameTheOption() {
    Outcome d = run("sgd", "--d", "1");
    assertEquals(2, d.exit());
    assertEquals("sgd: --d: must be at least 2, got 1", d.err().strip());
    Outcome t = run("ode", "--t-max", "0");
    assertEquals(2, t.exit());
    assertTrue(t.err().startsWith("ode: --t-max: "), t.err());
    // issue #33, item 10: a curve of overlaps too large for the heap (or an int) is refused, not allocated
    for (String p0 : new String[] {"700", "1000"}) {
      Outcome huge = run("sgd", "--d", "100", "--p0", p0, "--k", "1", "--t-max", "1000", "--checkpoints-per-decade", "1000");
      assertEquals(2, huge.exit(), huge.err());
      assertTrue(huge.err().startsWith("sgd: --checkpoints-per-decade: gives up to 6002 checkpoints of Q and M (p = " + p0),
          huge.err());
      assertEquals(1, huge.err().strip().lines().count(), huge.err());
    }
    Outcome a = run("sgd", "--activation", "tanh");
    assertEquals(2, a.exit());
    assertTrue(a.err().contains("--activation"), a.err());
    assertEquals("", d.out() + t.out() + a.out());
  }

  @Test
  void redRegion() {
    Outcome ode = run("ode", "--d", "100", "--delta", "-0.75");
    assertEquals(Failure.EXIT_NO_RESULT, ode.exit());
    assertTrue(ode.err().contains("no ODE in the red region"), ode.err());
    assertEquals("", ode.out());
    Outcome sgd = run("sgd", "--d", "256", "--delta", "-0.75", "--seed", "2");
    assertEquals(0, sgd.exit(), "a divergence is a result");
    assertTrue(sgd.err().contains("status diverged at t = "), sgd.err());
  }

  @Test
  void helpExplainsEachOption() {
    Outcome help = run("ode", "--help");
    assertEquals(0, help.exit());
    for (String option : new String[] {"--d", "--kappa", "--delta", "--gamma0", "--p0", "--k", "--noise",
        "--seed", "--activation", "--init", "--t-max", "--checkpoints-per-decade", "--mode", "--rtol",
        "--atol", "--init-overlaps", "--kernel", "mean_map"}) {
      assertTrue(help.out().contains(option), option + " missing from help");
    }
  }

  @Test
  void quickBenchWritesItsJson(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("out/bench.json");
    Path sweeps = Files.createDirectories(dir.resolve("sweeps"));
    Files.copy(Path.of("../sweeps/smoke.yaml"), sweeps.resolve("smoke.yaml"));
    Outcome o = run("bench", "--quick", "--json", json.toString(), "--sweeps", sweeps.toString());
    assertEquals(0, o.exit(), o.err());
    String text = Files.readString(json);
    assertTrue(text.contains("\"sgd\"") && text.contains("\"nsPerStep\"") && text.contains("\"rhs\""), text);
    assertTrue(o.out().contains("SGD ns/step"), o.out());
    // every activation's sigma' at once against a unit at a time
    assertTrue(text.contains("\"activations\"") && text.contains("\"atOnceNs\"") && text.contains("\"he4\""), text);
    // the plan's estimates against measured times: the smoke sweep's tasks and the edges
    assertTrue(text.contains("\"outside_factor_3\"") && text.contains("smoke.yaml") && text.contains("many teachers"),
        text);
    assertTrue(o.out().contains("estimate / measured over"), o.out());
  }
}
