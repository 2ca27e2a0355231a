package phasesweep.kernels;

import java.util.Arrays;
import org.hipparchus.ode.OrdinaryDifferentialEquation;

/**
 * The ODE of the overlaps (docs/physics.md §3) on the state (upper triangle of {@code Q}, then {@code M}
 * row-major; {@code P} is constant):
 * {@code dQ/dt = aL (Phi + Phi^T) + aN Psi}, {@code dM/dt = aL PhiT}, with
 * {@code Phi_jl = sum_c w_c I3(j,l,c)}, {@code PhiT_jr = sum_c w_c I3(j,r*,c)},
 * {@code Psi_jl = sum_{c,e} w_c w_e I4(j,l,c,e) + Delta J2(j,l)} and the residual weights
 * {@code w} of {@link Risk#residualWeights}.
 */
public final class OverlapEquations implements OrdinaryDifferentialEquation {
  private final Averages averages;
  private final int p;
  private final int k;
  private final double[][] teacher;
  private final double aL;
  private final double aN;
  private final double noise;
  private final double[] w;
  private final double[][] c;
  private final double[] scratch;
  private long evaluations;
  /** The derivative reported for a stage outside the domain: large enough to fail any error test. */
  static final double OUT_OF_DOMAIN = 1e100;

  OverlapEquations(Averages averages, double[][] teacher, int p, double aL, double aN, double noise) {
    this.averages = averages;
    this.p = p;
    this.k = teacher.length;
    this.teacher = teacher;
    this.aL = aL;
    this.aN = aN;
    this.noise = noise;
    this.w = Risk.residualWeights(p, k);
    this.c = new double[p + k][p + k];
    this.scratch = new double[p + k];
  }

  @Override
  public int getDimension() {
    return p * (p + 1) / 2 + p * k;
  }

  @Override
  public double[] computeDerivatives(double t, double[] y) {
    evaluations++;
    covarianceInto(y, c);
    int n = p + k;
    double[] dy = new double[y.length];
    int i = 0;
    for (int j = 0; j < p; j++) {
      for (int l = j; l < p; l++) {
        double v = 0;
        if (aL != 0) {
          v = aL * (averages.weightedI3(c, j, l, w, n) + averages.weightedI3(c, l, j, w, n));
        }
        if (aN != 0) {
          v += aN * (averages.weightedI4(c, j, l, w, n, scratch) + noise * averages.j2(c, j, l));
        }
        dy[i++] = v;
      }
    }
    for (int j = 0; j < p; j++) {
      for (int r = 0; r < k; r++) {
        dy[i++] = aL == 0 ? 0 : aL * averages.weightedI3(c, j, p + r, w, n);
      }
    }
    for (double v : dy) {
      if (!Double.isFinite(v)) {
        // A Runge-Kutta stage of a step that overshot the stability limit can lie far outside
        // the covariance domain, where the averages are undefined. Reporting an enormous
        // derivative makes the step's error estimate reject it, and the integrator retries with
        // a smaller one. (A NaN would not: Hipparchus accepts a step whose error is NaN.)
        // Accepted states are checked by OdeKernel.CheckpointObserver, so none of this reaches
        // a result.
        Arrays.fill(dy, OUT_OF_DOMAIN);
        return dy;
      }
    }
    return dy;
  }

  /**
   * The same right-hand side from the single averages, {@code p^2 (p+k)^2} {@code I4}
   * evaluations from scratch: the reference the shared-work sums are tested and timed against.
   */
  public double[] naiveDerivatives(double[] y) {
    covarianceInto(y, c);
    int n = p + k;
    double[] dy = new double[y.length];
    int i = 0;
    for (int j = 0; j < p; j++) {
      for (int l = j; l < p; l++) {
        double phi = 0;
        double psi = noise * averages.j2(c, j, l);
        for (int a = 0; a < n; a++) {
          phi += w[a] * (averages.i3(c, j, l, a) + averages.i3(c, l, j, a));
          for (int b = 0; b < n; b++) {
            psi += w[a] * w[b] * averages.i4(c, j, l, a, b);
          }
        }
        dy[i++] = aL * phi + aN * psi;
      }
    }
    for (int j = 0; j < p; j++) {
      for (int r = 0; r < k; r++) {
        double phiT = 0;
        for (int a = 0; a < n; a++) {
          phiT += w[a] * averages.i3(c, j, p + r, a);
        }
        dy[i++] = aL * phiT;
      }
    }
    return dy;
  }

  /** Right-hand-side evaluations so far. */
  public long evaluations() {
    return evaluations;
  }

  /** The ODE state of a set of overlaps. */
  public double[] state(Overlaps o) {
    double[] y = new double[getDimension()];
    int i = 0;
    for (int j = 0; j < p; j++) {
      for (int l = j; l < p; l++) {
        y[i++] = 0.5 * (o.q()[j][l] + o.q()[l][j]);
      }
    }
    for (int j = 0; j < p; j++) {
      for (int r = 0; r < k; r++) {
        y[i++] = o.m()[j][r];
      }
    }
    return y;
  }

  /** Writes {@code Omega} of state {@code y} into {@code out}. */
  void covarianceInto(double[] y, double[][] out) {
    int i = 0;
    for (int j = 0; j < p; j++) {
      for (int l = j; l < p; l++) {
        out[j][l] = y[i];
        out[l][j] = y[i];
        i++;
      }
    }
    for (int j = 0; j < p; j++) {
      for (int r = 0; r < k; r++) {
        out[j][p + r] = y[i];
        out[p + r][j] = y[i];
        i++;
      }
    }
    for (int r = 0; r < k; r++) {
      System.arraycopy(teacher[r], 0, out[p + r], p, k);
    }
  }

  Overlaps overlaps(double[] y) {
    double[][] omega = new double[p + k][p + k];
    covarianceInto(y, omega);
    double[][] q = new double[p][];
    double[][] m = new double[p][];
    for (int j = 0; j < p; j++) {
      q[j] = Arrays.copyOfRange(omega[j], 0, p);
      m[j] = Arrays.copyOfRange(omega[j], p, p + k);
    }
    return new Overlaps(q, m, teacher);
  }

  /** {@code max_j Q_jj} of state {@code y}. */
  double maxStudentNorm(double[] y) {
    double max = Double.NEGATIVE_INFINITY;
    int i = 0;
    for (int j = 0; j < p; j++) {
      max = Math.max(max, y[i]);
      i += p - j;
    }
    return max;
  }
}
