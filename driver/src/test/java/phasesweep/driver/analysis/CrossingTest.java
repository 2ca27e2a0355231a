package phasesweep.driver.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CrossingTest {
  /** On a power law R = c t^-a between checkpoints, log-log interpolation is exact. */
  @Test
  void findsTheExactCrossingOfAPowerLaw() {
    double[] t = new double[61];
    double[] r = new double[61];
    for (int i = 1; i < t.length; i++) {
      t[i] = Math.pow(10, -2 + i / 10.0);
      r[i] = 0.3 * Math.pow(t[i], -0.7);
    }
    r[0] = 0.5;
    double threshold = 0.0123;
    double exact = Math.pow(threshold / 0.3, -1 / 0.7);
    assertEquals(exact, Crossing.firstTime(t, r, threshold), 1e-9 * exact);
  }

  @Test
  void theFirstCrossingCountsAndNeverIsNaN() {
    double[] t = {0, 1, 10, 100};
    assertEquals(10, Crossing.firstTime(t, new double[] {1, 0.5, 0.1, 0.5}, 0.1), 1e-12);
    assertEquals(0, Crossing.firstTime(t, new double[] {0.01, 0.5, 0.1, 0.5}, 0.1));
    assertTrue(Double.isNaN(Crossing.firstTime(t, new double[] {1, 0.5, 0.2, 0.3}, 0.1)));
  }
}
