package phasesweep.driver.job;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/** The progress line before any task has ended (issue #31, item 9: it said "ETA -" for the first 25 s). */
class ProgressTest {
  private static String firstLine(double[] costNanos, int cores) {
    try (Progress p = new Progress(costNanos, 0, cores, new PrintStream(new ByteArrayOutputStream()), 3_600_000)) {
      return p.line();
    }
  }

  @Test
  void beforeAnyTaskEndsTheEtaIsThePlans() {
    // four tasks of 100 s on 2 cores: 200 s; one task of 300 s beside small ones on 8 cores: 300 s
    String line = firstLine(new double[] {100e9, 100e9, 100e9, 100e9}, 2);
    assertTrue(line.endsWith("ETA 3:20 (plan)"), line);
    line = firstLine(new double[] {300e9, 1e9, 1e9}, 8);
    assertTrue(line.endsWith("ETA 5:00 (plan)"), line);
    assertTrue(line.startsWith("phasesweep: 0/3 tasks done, 0 running, 0 failed attempts"), line);
  }

  @Test
  void withoutAnEstimateTheEtaIsUnknown() {
    String line = firstLine(new double[] {0, 0}, 2);
    assertTrue(line.endsWith("ETA -"), line);
  }
}
