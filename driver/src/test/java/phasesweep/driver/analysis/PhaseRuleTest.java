package phasesweep.driver.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import phasesweep.kernels.Region;

/** docs/physics.md §5's rule on synthetic cases for each region, and on its boundaries. */
class PhaseRuleTest {
  @ParameterizedTest(name = "b = {0}, half-width {1}, diverged {2}, never fell {3}: {4}")
  @CsvSource({
      "-0.5,   0.02, 0,    false, GREEN",
      "0.0,    0.02, 0,    false, BLUE",
      "0.3,    0.02, 0,    false, ORANGE",
      "-0.5,   0.02, 0.75, false, RED",
      // boundaries of the margin eps = max(0.05, half-width)
      "-0.05,  0.02, 0,    false, BLUE",
      "0.05,   0.02, 0,    false, BLUE",
      "-0.0501, 0.02, 0,   false, GREEN",
      "0.0501, 0.02, 0,    false, ORANGE",
      // a wide interval widens the margin
      "-0.08,  0.1,  0,    false, BLUE",
      "-0.11,  0.1,  0,    false, GREEN",
      // red needs most runs diverged: exactly half is not most
      "-0.5,   0.02, 0.5,  false, GREEN",
      "-0.5,   0.02, 0.51, false, RED",
      // a risk that never fell below its start is bad learning, whatever the slope
      "-0.5,   0.02, 0,    true,  ORANGE",
      "NaN,    0,    1,    false, RED",
  })
  void measuredRegion(double b, double halfWidth, double diverged, boolean neverFell, Region expected) {
    assertEquals(expected, PhaseRule.measured(b, halfWidth, diverged, neverFell));
  }
}
