package phasesweep.driver.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import phasesweep.driver.sweep.AnalysisSettings;
import phasesweep.kernels.Status;

/** What a fit leaves out, said (issue #33, item 17: risks at or below zero were "without a value"). */
class FitsTest {
  @Test
  void valuesAtOrBelowZeroAreNamedNotCountedAsMissing() {
    List<Fits.Observation> obs = new ArrayList<>();
    for (int d : new int[] {100, 200, 400}) {
      obs.add(new Fits.Observation(d, 0, Status.OK, 1.0 / d, 1));
      obs.add(new Fits.Observation(d, 1, Status.OK, 1.0 / d, 1));
    }
    obs.add(new Fits.Observation(400, 2, Status.OK, -1.3e-8, 1));
    obs.add(new Fits.Observation(400, 3, Status.OK, Double.NaN, 1));
    Fits.Row row = Fits.fit("risk_tail", obs, null, null, "none", AnalysisSettings.DEFAULT, 1, Double.NaN);
    assertEquals(-1.0, row.fit().exponent(), 1e-12, "the positive values fitted");
    assertEquals(2, row.notReached());
    assertTrue(row.note().contains("1 without a value"), row.note());
    assertTrue(row.note().contains("1 at or below zero (down to -1.30e-08"), row.note());
  }
}
