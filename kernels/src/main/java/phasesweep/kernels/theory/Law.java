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
 * @param logPower the law is {@code d^exponent (log d)^logPower}: the fit is of the quantity over
 *     {@code (log d)^logPower}, whose exponent is then {@code exponent} (docs/physics.md §5.3); 0
 *     for a pure power
 */
public record Law(Quantity quantity, Kind kind, double exponent, double alternative, boolean signature,
    boolean needsLearning, String statement, String source, int logPower) {

  /** A pure power law ({@code logPower = 0}). */
  public Law(Quantity quantity, Kind kind, double exponent, double alternative, boolean signature,
      boolean needsLearning, String statement, String source) {
    this(quantity, kind, exponent, alternative, signature, needsLearning, statement, source, 0);
  }

  /** What the fit is of, at {@code d}: the quantity divided by {@code (log d)^logPower}. */
  public double fitted(double value, int d) {
    return logPower == 0 ? value : value / Math.pow(Math.log(d), logPower);
  }

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
    String log = logPower == 0 ? "" : logPower == 1 ? " of y / log d" : " of y / (log d)^" + logPower;
    return switch (kind) {
      case EQUALS -> String.format("b = %.3f", exponent) + log;
      case ABOVE -> String.format("b > %.3f", exponent);
      case DIVERGES -> "diverges";
    };
  }
}
