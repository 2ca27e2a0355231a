package phasesweep.driver.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A budget d^theta judged by the theory's time exponent and the fitted one (docs/physics.md §5.1). */
class BudgetsTest {
  /** Theory: time d^1, tolerance 0.15; the fit: [0.9, 1.1]. */
  static Budgets.Judgement at(double theta, double low, double high) {
    return Budgets.judge(theta, 1.0, 0.15, low, high);
  }

  @Test
  void bothDecideAndAgreeAboveAndBelowTheLine() {
    Budgets.Judgement above = at(1.5, 0.9, 1.1);
    assertEquals(Boolean.TRUE, above.theoryLearns());
    assertEquals(Boolean.TRUE, above.dataLearns());
    assertEquals(Verdict.Outcome.AGREE, above.outcome());
    Budgets.Judgement below = at(0.5, 0.9, 1.1);
    assertEquals(Boolean.FALSE, below.theoryLearns());
    assertEquals(Boolean.FALSE, below.dataLearns());
    assertEquals(Verdict.Outcome.AGREE, below.outcome());
  }

  @Test
  void aFitOnTheOtherSideDisagrees() {
    // the runs take d^1.6 although the theory says d^1: a budget d^1.3 is enough by theory, not by the data
    Budgets.Judgement j = at(1.3, 1.5, 1.7);
    assertEquals(Boolean.TRUE, j.theoryLearns());
    assertEquals(Boolean.FALSE, j.dataLearns());
    assertEquals(Verdict.Outcome.DISAGREE, j.outcome());
    assertTrue(j.reason().contains("the theory (time d^1.00) says it learns, the fit (d^[1.50, 1.70]) says it does "
        + "not learn within d^1.30"), j.reason());
  }

  @Test
  void onTheLineOrInsideTheIntervalNothingIsDecided() {
    Budgets.Judgement onLine = at(1.1, 0.5, 0.6);
    assertNull(onLine.theoryLearns(), "within the tolerance of the theory's line");
    assertEquals(Boolean.TRUE, onLine.dataLearns());
    assertEquals(Verdict.Outcome.UNDETERMINED, onLine.outcome());
    assertTrue(onLine.reason().contains("its constants decide"), onLine.reason());
    Budgets.Judgement inside = at(1.3, 1.2, 1.4);
    assertEquals(Boolean.TRUE, inside.theoryLearns());
    assertNull(inside.dataLearns());
    assertEquals(Verdict.Outcome.UNDETERMINED, inside.outcome());
    assertTrue(inside.reason().contains("within the fitted time's interval d^[1.20, 1.40]"), inside.reason());
    Budgets.Judgement unfitted = at(1.5, Double.NaN, Double.NaN);
    assertNull(unfitted.dataLearns());
    assertEquals(Verdict.Outcome.UNDETERMINED, unfitted.outcome());
  }
}
