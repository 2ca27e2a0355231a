package phasesweep.driver.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phasesweep.driver.Cli;
import phasesweep.driver.Cli.Outcome;

/**
 * A sweep in arnaboldi2024's scope (docs/physics.md §5.4) end to end: budgets in steps, giant
 * batches in the chain and the mean map, the theory's law in {@code phases}, and its plane drawn
 * as a figure of its own (one panel a kernel and loss), not in the (kappa, delta) diagram.
 */
class ExponentPlaneTest {
  static final Path SWEEP = Path.of("src", "test", "resources", "batch-time-small.yaml");

  @Test
  void aBatchTimeSweepIsJudgedAndDrawnInItsPlane(@TempDir Path out) throws Exception {
    Outcome run = Cli.run("run", SWEEP.toString(), "--out", out.toString());
    assertEquals(0, run.exit(), run.err());
    Path dir = out.resolve("batch-time-small");
    Outcome sql = Cli.run("sql", dir.toString(), "SELECT count(*) AS n, count(DISTINCT loss, beta, kernel) AS groups, "
        + "min(theory) AS theory, sum(CASE WHEN exponent IS NULL THEN 1 ELSE 0 END) AS unfitted FROM phases",
        "--format", "csv");
    assertEquals(0, sql.exit(), sql.err());
    assertEquals(List.of("n,groups,theory,unfitted", "8,8,arnaboldi2024,0"), sql.out().strip().lines().toList());
    // the budget: T = steps0 d^steps_exponent steps, each of b = d^beta samples
    Outcome steps = Cli.run("sql", dir.toString(), "SELECT DISTINCT steps FROM runs WHERE kernel = 'sgd_overlaps' "
        + "AND loss = 'correlation' AND beta = 2 AND d = 256", "--format", "csv");
    assertEquals(List.of("steps", String.valueOf(Math.round(6 * Math.pow(256, 0.25)))), steps.out().strip().lines().toList());
    // the budgets d^0.25 and d^1.75 of each of the 8 groups, judged by theory and fit
    Outcome budgets = Cli.run("sql", dir.toString(), "SELECT count(*) AS n, count(DISTINCT budget_exponent) AS b, "
        + "sum(CASE WHEN theory_learns THEN 1 ELSE 0 END) AS learns FROM budgets", "--format", "csv");
    // theory: mu = 1, the time is d^1 (either loss): 0.25 no, 1.75 yes; mu = 2: d^0.5 (square) and d^0 (correlation):
    // 1.75 yes, 0.25 no and yes
    assertEquals(List.of("n,b,learns", "16,2,10"), budgets.out().strip().lines().toList(), budgets.err());
    Path figures = dir.resolve("figures");
    ReportTest.assertDrawn(figures.resolve("exponent_plane_arnaboldi2024.png"), 4, Charts.PALETTE[0], Charts.PALETTE[1]);
    assertTrue(Files.readString(dir.resolve("report.html")).contains("figures/exponent_plane_arnaboldi2024.png"));
    assertFalse(Files.exists(figures.resolve("phase_diagram.png")), "no (kappa, delta) point here: "
        + Files.exists(figures.resolve("phase_diagram.png")));
  }
}
