package phasesweep.kernels.averages;

import phasesweep.kernels.model.Activation;

/**
 * The Gaussian averages of a student-teacher pair of activations (docs/physics.md §2, §2.1), as
 * functions of the covariance {@code C = Omega} of the local fields, whose first {@code p} rows are
 * the student units and the next {@code k} the teacher units. With {@code f_c} the activation of
 * unit {@code c} (the student's {@code sigma} or the teacher's {@code g}) and {@code sigma'} the
 * student's derivative:
 * {@code I2(a,b) = E[f_a f_b]}, {@code J2(a,b) = E[sigma'_a sigma'_b]},
 * {@code I3(a,b,c) = E[sigma'_a u_b f_c]}, {@code I4(a,b,c,e) = E[sigma'_a sigma'_b f_c f_e]}.
 * The weighted sums are what the ODE needs: with the residual weights {@code w} of
 * {@link Risk#residualWeights} they give {@code Phi}, {@code PhiT} and the {@code I4} part of
 * {@code Psi}. {@code C} is never modified. An instance may hold a workspace: one per thread.
 */
public interface Averages {

  /** {@code E[f_a(u_a) f_b(u_b)]}. */
  double i2(double[][] c, int a, int b);

  /** {@code E[sigma'(u_a) sigma'(u_b)]}. */
  double j2(double[][] c, int a, int b);

  /** {@code E[sigma'(u_a) u_b f_c(u_c)]}. */
  double i3(double[][] c, int a, int b, int cc);

  /** {@code E[sigma'(u_a) sigma'(u_b) f_c(u_c) f_e(u_e)]}. */
  double i4(double[][] c, int a, int b, int cc, int e);

  /** {@code sum_c w_c I3(a, b, c)} over the first {@code n} rows of {@code c}. */
  double weightedI3(double[][] c, int a, int b, double[] w, int n);

  /**
   * {@code sum_{c,e} w_c w_e I4(a, b, c, e)} over the first {@code n} rows of {@code c};
   * {@code scratch} has room for {@code n} values.
   */
  double weightedI4(double[][] c, int a, int b, double[] w, int n, double[] scratch);

  /**
   * The averages of a student {@code sigma} learning a teacher {@code g} with {@code p} student
   * units: the closed forms of Saad and Solla for erf and erf, covariance entries for linear and
   * linear, and otherwise the exact reduction of {@link GaussianMoments} (docs/physics.md §2.1).
   */
  static Averages of(Activation student, Activation teacher, int p) {
    if (student == teacher && student == Activation.ERF) {
      return new ErfAverages();
    }
    if (student == teacher && student == Activation.LINEAR) {
      return new LinearAverages();
    }
    return new PairAverages(student, teacher, p);
  }
}
