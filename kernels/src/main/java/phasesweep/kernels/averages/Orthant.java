package phasesweep.kernels.averages;

/**
 * Orthant probabilities {@code P(v_1 > 0, ..., v_m > 0)} of a centred Gaussian vector, {@code m <= 4}
 * (docs/physics.md §2.1). Closed forms up to three dimensions; in four, Plackett's reduction to a
 * one-dimensional integral of an analytic function, computed on fixed tanh-sinh nodes, so the
 * result is a smooth function of the correlations (the ODE's step control sees no noise).
 */
final class Orthant {
  private Orthant() {}

  private static final double INV_2PI = 1 / (2 * Math.PI);
  private static final double INV_4PI = 1 / (4 * Math.PI);
  private static final double INV_8PI = 1 / (8 * Math.PI);
  private static final double INV_4PI2 = 1 / (4 * Math.PI * Math.PI);

  /** Tanh-sinh nodes on (0, 1): the node, its distance to 1, and its weight. */
  static final double[] NODE;
  static final double[] ONE_MINUS_NODE;
  static final double[] WEIGHT;
  /**
   * Step and half-width of the tanh-sinh rule, 61 nodes: OrthantTest meets 1e-10 with them, also
   * for units within 1 - rho = 1e-6 of each other, where 45 nodes (h = 1/7) miss it by 5e-10.
   */
  static final double H = 1.0 / 9;
  static final int HALF_WIDTH = 30;

  static {
    int n = 2 * HALF_WIDTH + 1;
    NODE = new double[n];
    ONE_MINUS_NODE = new double[n];
    WEIGHT = new double[n];
    for (int i = 0; i < n; i++) {
      double x = (i - HALF_WIDTH) * H;
      double s = 0.5 * Math.PI * Math.sinh(x);
      // t = (1 + tanh s)/2 = 1/(1 + e^{-2s}), 1 - t = 1/(1 + e^{2s}): both without cancellation
      NODE[i] = 1 / (1 + Math.exp(-2 * s));
      ONE_MINUS_NODE[i] = 1 / (1 + Math.exp(2 * s));
      double ch = Math.cosh(s);
      WEIGHT[i] = H * 0.25 * Math.PI * Math.cosh(x) / (ch * ch);
    }
  }

  /**
   * The orthant probability of the variables {@code idx[0..m-1]} of covariance {@code cov}
   * (variances must be positive).
   */
  static double probability(double[][] cov, int[] idx, int m) {
    switch (m) {
      case 0:
        return 1;
      case 1:
        return 0.5;
      case 2:
        return 0.25 + INV_2PI * Math.asin(corr(cov, idx[0], idx[1]));
      case 3:
        return 0.125 + INV_4PI * (Math.asin(corr(cov, idx[0], idx[1])) + Math.asin(corr(cov, idx[0], idx[2]))
            + Math.asin(corr(cov, idx[1], idx[2])));
      case 4:
        return four(corr(cov, idx[0], idx[1]), corr(cov, idx[0], idx[2]), corr(cov, idx[0], idx[3]),
            corr(cov, idx[1], idx[2]), corr(cov, idx[1], idx[3]), corr(cov, idx[2], idx[3]));
      default:
        throw new IllegalArgumentException("orthant probabilities of " + m + " variables are not implemented");
    }
  }

  /** The correlation, 0 where a variance is 0 (that variable is identically 0: no direction to correlate). */
  static double corr(double[][] cov, int i, int j) {
    double scale = Math.sqrt(cov[i][i] * cov[j][j]);
    if (!(scale > 0)) {
      return 0;
    }
    return Math.max(-1, Math.min(1, cov[i][j] / scale));
  }

  /**
   * {@code P4} from the six correlations (Plackett 1954): along {@code R(t) = I + t (R - I)},
   * {@code dP4/d rho_ij = phi_2(0, 0; rho_ij) P2(rho_{kl.ij})}, so
   * {@code P4 = 1/16 + sum asin(rho_ij)/(8 pi) + (1/(4 pi^2)) sum rho_ij int_0^1 asin(rho_{kl.ij}(t)) / sqrt(1 - t^2 rho_ij^2) dt},
   * {@code (k, l)} the pair complementary to {@code (i, j)}.
   */
  static double four(double r01, double r02, double r03, double r12, double r13, double r23) {
    double closed = 0.0625 + INV_8PI * (Math.asin(r01) + Math.asin(r02) + Math.asin(r03) + Math.asin(r12)
        + Math.asin(r13) + Math.asin(r23));
    double integral = 0;
    for (int i = 0; i < NODE.length; i++) {
      double t = NODE[i];
      double u = ONE_MINUS_NODE[i];
      double f = pairTerm(r01, r23, r02, r12, r03, r13, t, u)
          + pairTerm(r23, r01, r02, r03, r12, r13, t, u)
          + pairTerm(r02, r13, r01, r12, r03, r23, t, u)
          + pairTerm(r13, r02, r01, r03, r12, r23, t, u)
          + pairTerm(r03, r12, r01, r13, r02, r23, t, u)
          + pairTerm(r12, r03, r01, r02, r13, r23, t, u);
      integral += WEIGHT[i] * f;
    }
    return closed + INV_4PI2 * integral;
  }

  /**
   * {@code rho_ij asin(rho_{kl.ij}(t)) / sqrt(1 - t^2 rho_ij^2)} for the pair {@code (i, j)} with
   * correlation {@code rij}, the complementary pair's {@code rkl}, and the cross correlations
   * {@code rki, rkj, rli, rlj}; {@code u = 1 - t}.
   */
  private static double pairTerm(double rij, double rkl, double rki, double rkj, double rli, double rlj,
      double t, double u) {
    if (rij == 0) {
      return 0;
    }
    double a = t * rij;
    // 1 - t^2 rij^2 = (1 - t|rij|)(1 + t|rij|), with 1 - t|rij| = u + t (1 - |rij|) free of cancellation
    double abs = Math.abs(rij);
    double det = (u + t * (1 - abs)) * (1 + t * abs);
    double ki = t * rki;
    double kj = t * rkj;
    double li = t * rli;
    double lj = t * rlj;
    // the conditional covariance of (k, l) given (i, j) at R(t), times det
    double ckl = t * rkl * det - (ki * li + kj * lj - a * (ki * lj + kj * li));
    double ckk = det - (ki * ki + kj * kj - 2 * a * ki * kj);
    double cll = det - (li * li + lj * lj - 2 * a * li * lj);
    double denom = Math.sqrt(ckk * cll);
    double r = denom > 0 ? Math.max(-1, Math.min(1, ckl / denom)) : 0;
    return rij * Math.asin(r) / Math.sqrt(det);
  }
}
