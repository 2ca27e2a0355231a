package phasesweep.kernels.theory;

import java.util.Arrays;
import java.util.List;

/**
 * What a theory's law is about: a quantity measured on runs and fitted against {@code d}
 * (docs/physics.md §5), or, for {@link #DIVERGENCE}, the runs' statuses. The {@code fits} table's
 * {@code quantity} column holds {@link #ids()}' first id, but for the risk, which is the fitted
 * risk column ({@code risk_tail} or {@code risk_final}).
 */
public enum Quantity {
  /** The residual risk: the run's fitted risk column ({@code risk_tail}, or {@code risk_final}). */
  RISK("risk_tail", "risk_final"),
  /** Samples until the risk first reaches the analysis' threshold. */
  SAMPLES("samples"),
  /** SGD steps (of {@code b} samples) until the risk first reaches the threshold. */
  STEPS("steps"),
  /** Samples until weak recovery: a student-teacher cosine first reaches 1/2 (docs/physics.md §5). */
  WEAK_RECOVERY("weak_recovery"),
  /** {@code max_t |R(t) - R_ref(t)|} against the kernel's finite-size reference. */
  FINITE_SIZE_GAP("finite_size_gap"),
  /** {@code max_t max |Omega(t) - Omega_bar(t)|} against the limit ODE. */
  LIMIT_DISTANCE("limit_distance"),
  /** Whether the runs diverge: not a fit, the fraction of diverged runs at the largest d. */
  DIVERGENCE("divergence");

  private final List<String> ids;

  Quantity(String... ids) {
    this.ids = List.of(ids);
  }

  /** The names this quantity has in the {@code fits} table. */
  public List<String> ids() {
    return ids;
  }

  /** The quantity of a {@code fits} row's {@code quantity}, or null. */
  public static Quantity of(String id) {
    return Arrays.stream(values()).filter(q -> q.ids.contains(id)).findFirst().orElse(null);
  }
}
