package phasesweep.driver.sweep;

import java.io.Serializable;
import java.util.List;

/**
 * The sweep file's {@code analysis:} section.
 *
 * @param riskThreshold the risk whose first crossing counts the samples needed (sample complexity)
 * @param tolerance a fit is consistent with theory when the theory exponent is inside its
 *     interval or within this of it (the exponents hold to leading order in gamma/p only)
 * @param confidence level of the bootstrap intervals
 * @param resamples bootstrap resamples per fit
 * @param fitColumn the runs column fitted against d: {@code risk_tail} (docs/physics.md §5) or
 *     {@code risk_final}, for runs whose approach to the residual is slow (p > k)
 * @param budgetExponents the budgets {@code T ~ d^theta} at which the {@code budgets} table says,
 *     for a theory drawn in an exponent plane, whether the groups learn within them (§5.1); empty
 *     for none
 */
public record AnalysisSettings(double riskThreshold, double tolerance, double confidence, int resamples,
    String fitColumn, List<Double> budgetExponents) implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final List<String> FIT_COLUMNS = List.of("risk_tail", "risk_final");
  public static final AnalysisSettings DEFAULT = new AnalysisSettings(1e-2, 0.05, 0.95, 2000, "risk_tail", List.of());

  public AnalysisSettings {
    budgetExponents = List.copyOf(budgetExponents);
  }
}
