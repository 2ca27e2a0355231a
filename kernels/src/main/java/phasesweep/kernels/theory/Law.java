package phasesweep.kernels.theory;

/**
 * A law a theory states for one quantity at one setting, with its source: an exponent of
 * {@code d} (the quantity {@code ~ d^exponent}), a bound on it, or divergence. The analysis turns
 * it into a test of the data that can fail (docs/physics.md §5.1).
 *
 * @param quantity what the law is about
 * @param kind how the exponent is stated
 * @param exponent the exponent ({@link Kind#EQUALS}) or its bound ({@link Kind#ABOVE}); NaN for
 *     {@link Kind#DIVERGES}
 * @param alternative for {@link Kind#EQUALS}, the exponent the same quantity has in the
 *     neighbouring region (NaN if none): a verdict must tell the two apart
 * @param signature whether the law is the region's signature, which the {@code phases} verdict tests
 * @param needsLearning the law is about the state after learning: it is judged only where the
 *     runs at the largest d reached the analysis' risk threshold
 * @param statement the law in words, for tables and figures
 * @param source where the theory states it (paper, section)
 */
public record Law(Quantity quantity, Kind kind, double exponent, double alternative, boolean signature,
    boolean needsLearning, String statement, String source) {

  /** How a law states its exponent. */
  public enum Kind {
    /** The exponent is {@code exponent}, to leading order: within the analysis' tolerance. */
    EQUALS,
    /** The exponent is larger than {@code exponent}. */
    ABOVE,
    /** The runs diverge (their norms blow up) as d grows. */
    DIVERGES
  }

  /** "b = -0.250" or "b > 0.500" or "diverges": the law as a short formula. */
  public String formula() {
    return switch (kind) {
      case EQUALS -> String.format("b = %.3f", exponent);
      case ABOVE -> String.format("b > %.3f", exponent);
      case DIVERGES -> "diverges";
    };
  }
}
