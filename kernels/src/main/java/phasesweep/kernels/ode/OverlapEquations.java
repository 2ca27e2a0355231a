package phasesweep.kernels.ode;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import phasesweep.kernels.averages.Averages;
import phasesweep.kernels.averages.Risk;
import phasesweep.kernels.model.Constraint;
import phasesweep.kernels.model.Loss;
import phasesweep.kernels.model.Overlaps;

/**
 * The ODE of the overlaps (docs/physics.md §3) on the state (upper triangle of {@code Q}, then {@code M}
 * row-major; {@code P} is constant):
 * {@code dQ/dt = aL (Phi + Phi^T) + aN Psi}, {@code dM/dt = aL PhiT}, with
 * {@code Phi_jl = sum_c w_c I3(j,l,c)}, {@code PhiT_jr = sum_c w_c I3(j,r*,c)},
 * {@code Psi_jl = sum_{c,e} w_c w_e I4(j,l,c,e) + Delta J2(j,l)} and the residual weights
 * {@code w} of {@link Risk#residualWeights}. With a batch (docs/physics.md §3.1) {@code aN}
 * carries the {@code 1/b} and a third term {@code aC m_j^T Omega^+ m_l} adds the squared mean
 * gradient, {@code m_j[a] = sum_c w_c I3(j, a, c)} over all {@code p + k} units ({@code Phi} and
 * {@code PhiT} are its columns); {@code aC = 0} at {@code b = 1}, where it is not computed.
 *
 * <p>The weights {@code w} are those of the step's error signal ({@link Loss#errorWeights}): the
 * residual's for the square loss, the teacher's alone for the correlation loss (docs/physics.md
 * §1.1). On the sphere (§1.2) each increment is projected to first order in {@code dt}:
 * {@code dQ_jl - (Q_jl/2)(dQ_jj + dQ_ll)} and {@code dM_jr - (M_jr/2) dQ_jj}, with the
 * unconstrained increments on the right (their {@code gamma^2} terms included).
 */
public final class OverlapEquations implements OrdinaryDifferentialEquation {
  private final Averages averages;
  private final int p;
  private final int k;
  private final double[][] teacher;
  private final double aL;
  private final double aN;
  private final double noise;
  /** The batch's squared-mean-gradient term; 0 at {@code b = 1}. */
  private final double aC;
  private final double[] w;
  /** Whether the increments are projected on the sphere {@code Q_jj = 1}. */
  private final boolean sphere;
  /** Per student, the unconstrained {@code dQ_jj} ({@link #project}) or {@code sqrt(Q_jj)} ({@link #toSphere}). */
  private final double[] diagonal;
  /** {@code m_j[a]}, and with a batch the eigen decomposition of {@code Omega} for its pseudo-inverse. */
  private final double[][] meanGradient;
  private final DMatrixRMaj omega;
  private final EigenDecomposition_F64<DMatrixRMaj> eigen;
  private final double[][] projections;
  /**
   * Eigenvalues of {@code Omega} below this times the largest are left out of its pseudo-inverse.
   * {@code m_j = Omega s_j} (Stein's lemma), so {@code m_j^T Omega^+ m_l = s_j^T Omega s_l} stays
   * bounded where {@code Omega} turns singular; leaving out an eigenvalue {@code lambda} changes it
   * by at most {@code lambda |s|^2}, while keeping one near rounding would divide the rounding in
   * {@code m} (about {@code 1e-16 |m|}) by it.
   */
  static final double PSEUDO_INVERSE_CUT = 1e-13;
  private final double[][] c;
  private final double[] scratch;
  private long evaluations;
  /** The derivative reported for a stage outside the domain: large enough to fail any error test. */
  static final double OUT_OF_DOMAIN = 1e100;

  /** The square loss's equations, without a constraint. */
  public OverlapEquations(Averages averages, double[][] teacher, int p, double aL, double aN, double aC, double noise) {
    this(averages, teacher, p, aL, aN, aC, noise, Loss.SQUARE, Constraint.NONE);
  }

  public OverlapEquations(Averages averages, double[][] teacher, int p, double aL, double aN, double aC, double noise,
      Loss loss, Constraint constraint) {
    this.averages = averages;
    this.p = p;
    this.k = teacher.length;
    this.teacher = teacher;
    this.aL = aL;
    this.aN = aN;
    this.aC = aC;
    this.noise = noise;
    this.w = loss.errorWeights(p, k);
    this.sphere = constraint == Constraint.SPHERE;
    this.diagonal = new double[p];
    int n = p + k;
    this.c = new double[n][n];
    this.scratch = new double[n];
    this.meanGradient = new double[p][n];
    this.omega = aC == 0 ? null : new DMatrixRMaj(n, n);
    this.eigen = aC == 0 ? null : DecompositionFactory_DDRM.eig(n, true, true);
    this.projections = aC == 0 ? null : new double[p][n];
  }

  @Override
  public int getDimension() {
    return p * (p + 1) / 2 + p * k;
  }

  @Override
  public double[] computeDerivatives(double t, double[] y) {
    double[] dy = new double[y.length];
    if (!derivativesInto(y, dy)) {
      // A Runge-Kutta stage of a step that overshot the stability limit can lie far outside
      // the covariance domain, where the averages are undefined. Reporting an enormous
      // derivative makes the step's error estimate reject it, and the integrator retries with
      // a smaller one. (A NaN would not: Hipparchus accepts a step whose error is NaN.)
      // Accepted states are checked by OdeKernel.CheckpointObserver, so none of this reaches
      // a result.
      Arrays.fill(dy, OUT_OF_DOMAIN);
    }
    return dy;
  }

  /**
   * The right-hand side at state {@code y} into {@code dy} (modified; {@code y} is not), allocating
   * nothing.
   *
   * @return whether every entry is finite
   */
  public boolean derivativesInto(double[] y, double[] dy) {
    evaluations++;
    covarianceInto(y, c);
    int n = p + k;
    if (aL != 0 || aC != 0) {
      for (int j = 0; j < p; j++) {
        for (int a = 0; a < n; a++) {
          meanGradient[j][a] = averages.weightedI3(c, j, a, w, n);
        }
      }
    }
    if (aC != 0) {
      projectOntoEigenvectors();
    }
    int i = 0;
    for (int j = 0; j < p; j++) {
      for (int l = j; l < p; l++) {
        double v = 0;
        if (aL != 0) {
          v = aL * (meanGradient[j][l] + meanGradient[l][j]);
        }
        if (aN != 0) {
          v += aN * (averages.weightedI4(c, j, l, w, n, scratch) + noise * averages.j2(c, j, l));
        }
        if (aC != 0) {
          v += aC * squaredMeanGradient(j, l);
        }
        dy[i++] = v;
      }
    }
    for (int j = 0; j < p; j++) {
      for (int r = 0; r < k; r++) {
        dy[i++] = aL == 0 ? 0 : aL * meanGradient[j][p + r];
      }
    }
    if (sphere) {
      project(dy);
    }
    for (double v : dy) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The increments {@code dy} of the state whose covariance is {@link #c} projected on the sphere
   * (docs/physics.md §1.2): {@code dQ_jl - (Q_jl/2)(dQ_jj + dQ_ll)}, {@code dM_jr - (M_jr/2) dQ_jj}.
   * Modifies {@code dy}.
   */
  private void project(double[] dy) {
    int i = 0;
    for (int j = 0; j < p; j++) {
      diagonal[j] = dy[i];
      i += p - j;
    }
    i = 0;
    for (int j = 0; j < p; j++) {
      for (int l = j; l < p; l++) {
        dy[i++] -= 0.5 * c[j][l] * (diagonal[j] + diagonal[l]);
      }
    }
    for (int j = 0; j < p; j++) {
      for (int r = 0; r < k; r++) {
        dy[i++] -= 0.5 * c[j][p + r] * diagonal[j];
      }
    }
  }

  /**
   * Rescales state {@code y} (modified) to {@code Q_jj = 1}, as spherical SGD rescales its weights
   * (docs/physics.md §1.2, §3.3): {@code Q_jl / sqrt(Q_jj Q_ll)}, {@code M_jr / sqrt(Q_jj)}. Where a
   * step's fluctuations vanish (a large batch) the mean map's stepped state is SGD's before its
   * rescaling, so this is exact even for a step of order one, where {@link #project} is not.
   */
  public void toSphere(double[] y) {
    int i = 0;
    for (int j = 0; j < p; j++) {
      diagonal[j] = Math.sqrt(y[i]);
      i += p - j;
    }
    i = 0;
    for (int j = 0; j < p; j++) {
      for (int l = j; l < p; l++) {
        y[i++] /= diagonal[j] * diagonal[l];
      }
    }
    for (int j = 0; j < p; j++) {
      for (int r = 0; r < k; r++) {
        y[i++] /= diagonal[j];
      }
    }
  }

  /**
   * The eigen decomposition of {@code Omega} and the projections {@code v_i . m_j / sqrt(lambda_i)}
   * of the mean gradients on its eigenvectors (0 where {@code lambda_i} is cut).
   */
  private void projectOntoEigenvectors() {
    int n = p + k;
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        omega.unsafe_set(a, b, c[a][b]);
      }
    }
    if (!eigen.decompose(omega)) {
      for (double[] row : projections) {
        Arrays.fill(row, Double.NaN);
      }
      return;
    }
    double largest = 0;
    for (int e = 0; e < n; e++) {
      largest = Math.max(largest, eigen.getEigenvalue(e).getReal());
    }
    for (int e = 0; e < n; e++) {
      double lambda = eigen.getEigenvalue(e).getReal();
      DMatrixRMaj v = eigen.getEigenVector(e);
      for (int j = 0; j < p; j++) {
        double dot = 0;
        if (lambda > PSEUDO_INVERSE_CUT * largest) {
          for (int a = 0; a < n; a++) {
            dot += v.data[a] * meanGradient[j][a];
          }
          dot /= Math.sqrt(lambda);
        }
        projections[j][e] = dot;
      }
    }
  }

  /** {@code m_j^T Omega^+ m_l} from the projections. */
  private double squaredMeanGradient(int j, int l) {
    double sum = 0;
    for (int e = 0; e < p + k; e++) {
      sum += projections[j][e] * projections[l][e];
    }
    return sum;
  }

  /**
   * The same right-hand side from the single averages, {@code p^2 (p+k)^2} {@code I4}
   * evaluations from scratch: the reference the shared-work sums are tested and timed against.
   */
  public double[] naiveDerivatives(double[] y) {
    covarianceInto(y, c);
    int n = p + k;
    double[][] mean = new double[p][n];
    double[][] inverse = aC == 0 ? null : pseudoInverse();
    if (aC != 0) {
      for (int j = 0; j < p; j++) {
        for (int a = 0; a < n; a++) {
          for (int e = 0; e < n; e++) {
            mean[j][a] += w[e] * averages.i3(c, j, a, e);
          }
        }
      }
    }
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
        double cross = 0;
        if (aC != 0) {
          for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
              cross += mean[j][a] * inverse[a][b] * mean[l][b];
            }
          }
        }
        dy[i++] = aL * phi + aN * psi + aC * cross;
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
    if (sphere) {
      project(dy);
    }
    return dy;
  }

  /** {@code Omega^+} of {@code c}, by Hipparchus' SVD (the reference: not EJML's eigen decomposition). */
  private double[][] pseudoInverse() {
    org.hipparchus.linear.RealMatrix m = org.hipparchus.linear.MatrixUtils.createRealMatrix(c);
    return new org.hipparchus.linear.SingularValueDecomposition(m).getSolver().getInverse().getData();
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
  public void covarianceInto(double[] y, double[][] out) {
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

  /** The overlaps of state {@code y} (a copy). */
  public Overlaps overlaps(double[] y) {
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
  public double maxStudentNorm(double[] y) {
    double max = Double.NEGATIVE_INFINITY;
    int i = 0;
    for (int j = 0; j < p; j++) {
      max = Math.max(max, y[i]);
      i += p - j;
    }
    return max;
  }
}
