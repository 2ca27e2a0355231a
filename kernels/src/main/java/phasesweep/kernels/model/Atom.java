package phasesweep.kernels.model;


/**
 * One term {@code coeff h^power kind(h)} of an activation or of its derivative, the form in which
 * {@code averages.GaussianMoments} integrates them (docs/physics.md §2.1).
 *
 * @param coeff the constant factor
 * @param power the power of {@code h}
 * @param kind the non-polynomial factor
 */
public record Atom(double coeff, int power, Kind kind) {

  /** The non-polynomial factor of a term. */
  public enum Kind {
    /** 1. */
    PLAIN,
    /** The step {@code Theta(h)}: ReLU and its derivative. */
    STEP,
    /** {@code erf(h / sqrt 2) = E_z[2 Theta(h - z) - 1]}, {@code z ~ N(0, 1)}: a step of an augmented Gaussian. */
    ERF,
    /** {@code exp(-h^2 / 2)}: absorbed into the Gaussian measure. */
    GAUSS
  }

  public static Atom[] of(Atom... atoms) {
    return atoms;
  }
}
