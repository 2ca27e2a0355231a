package phasesweep.kernels.averages;

import java.util.Arrays;
import phasesweep.kernels.model.Atom;

/**
 * {@code E[prod_f phi_f(u_{i_f})]} for a centred Gaussian vector {@code u} of covariance {@code C},
 * each {@code phi_f} a sum of {@link Atom}s (docs/physics.md §2.1). Each product of atoms is
 * reduced exactly:
 * <ol>
 *   <li>{@code exp(-u^2/2)} factors are absorbed into the Gaussian: a new covariance
 *       {@code (C^-1 + D)^-1} and the factor {@code det(I + D^(1/2) C D^(1/2))^(-1/2)};</li>
 *   <li>{@code erf(u/sqrt 2) = E_z[2 Theta(u - z) - 1]}: a step of the augmented variable
 *       {@code u - z}, {@code z ~ N(0, 1)} independent;</li>
 *   <li>powers are removed by Stein's lemma, {@code E[v_i g(v)] = sum_j C_ij E[d_j g(v)]}, where
 *       the derivative of a step is a delta: the expectation conditioned on {@code v_j = 0};</li>
 *   <li>what is left is an {@link Orthant} probability.</li>
 * </ol>
 * Everything is closed form but four-variable orthants. Not thread-safe: one instance holds its
 * workspace, and a call allocates nothing.
 */
final class GaussianMoments {
  static final int MAX_FACTORS = 4;
  private static final int MAX_VARS = 2 * MAX_FACTORS;
  private static final int MAX_LEVELS = MAX_VARS + 1;
  private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

  // the units (distinct covariance indices) of the current product of atoms
  private final int[] unit = new int[MAX_FACTORS];
  private final int[] unitPower = new int[MAX_FACTORS];
  private final boolean[] unitStep = new boolean[MAX_FACTORS];
  private final int[] unitGauss = new int[MAX_FACTORS];
  private final int[] erfUnit = new int[MAX_FACTORS];
  private final double[][] s = new double[MAX_FACTORS][MAX_FACTORS];
  private final double[][] m = new double[MAX_FACTORS][MAX_FACTORS];
  private final double[][] minv = new double[MAX_FACTORS][MAX_FACTORS];
  private final double[][] tilted = new double[MAX_FACTORS][MAX_FACTORS];
  private final int[] g = new int[MAX_FACTORS];
  private final double[] sqrtAlpha = new double[MAX_FACTORS];
  private final int[] choice = new int[MAX_FACTORS];
  // the Stein recursion's variables, one frame per conditioning
  private final double[][][] cov = new double[MAX_LEVELS][MAX_VARS][MAX_VARS];
  private final int[][] pow = new int[MAX_LEVELS][MAX_VARS];
  private final boolean[][] step = new boolean[MAX_LEVELS][MAX_VARS];
  private final int[] orthant = new int[MAX_VARS];
  private final int[] varUnit = new int[MAX_VARS];

  /**
   * {@code E[prod_{f < n} phi_f(u_{index[f]})]}, {@code phi_f = sum of factors[f]}, {@code u ~ N(0, c)}.
   * {@code c} is not modified.
   */
  double expectation(double[][] c, int[] index, Atom[][] factors, int n) {
    Arrays.fill(choice, 0, n, 0);
    double total = 0;
    while (true) {
      total += product(c, index, factors, n);
      int f = 0;
      while (f < n && ++choice[f] == factors[f].length) {
        choice[f] = 0;
        f++;
      }
      if (f == n) {
        return total;
      }
    }
  }

  /** The expectation of one product of atoms, {@code factors[f][choice[f]]}. */
  private double product(double[][] c, int[] index, Atom[][] factors, int n) {
    double coeff = 1;
    int units = 0;
    int erfs = 0;
    for (int f = 0; f < n; f++) {
      Atom atom = factors[f][choice[f]];
      coeff *= atom.coeff();
      int slot = 0;
      while (slot < units && unit[slot] != index[f]) {
        slot++;
      }
      if (slot == units) {
        unit[slot] = index[f];
        unitPower[slot] = 0;
        unitStep[slot] = false;
        unitGauss[slot] = 0;
        units++;
      }
      unitPower[slot] += atom.power();
      switch (atom.kind()) {
        case STEP -> unitStep[slot] = true;
        case GAUSS -> unitGauss[slot]++;
        case ERF -> erfUnit[erfs++] = slot;
        default -> { }
      }
    }
    if (coeff == 0) {
      return 0;
    }
    for (int i = 0; i < units; i++) {
      for (int j = 0; j < units; j++) {
        s[i][j] = c[unit[i]][unit[j]];
      }
    }
    double factor = absorbGaussians(units);
    double sum = 0;
    for (int mask = 0; mask < 1 << erfs; mask++) {
      double sign = 1;
      int vars = 0;
      for (int i = 0; i < units; i++) {
        if (unitPower[i] > 0 || unitStep[i]) {
          varUnit[vars] = i;
          pow[0][vars] = unitPower[i];
          step[0][vars] = unitStep[i];
          vars++;
        }
      }
      int raw = vars;
      for (int e = 0; e < erfs; e++) {
        if ((mask >> e & 1) == 1) {
          sign *= 2;
          varUnit[vars] = erfUnit[e];
          pow[0][vars] = 0;
          step[0][vars] = true;
          vars++;
        } else {
          sign = -sign;
        }
      }
      double[][] v = cov[0];
      for (int i = 0; i < vars; i++) {
        for (int j = 0; j < vars; j++) {
          // an augmented variable u - z adds the variance of its own z
          v[i][j] = s[varUnit[i]][varUnit[j]] + (i == j && i >= raw ? 1 : 0);
        }
      }
      valid(v, vars);
      sum += sign * moment(0, vars);
    }
    return coeff * factor * sum;
  }

  /**
   * Absorbs the {@code exp(-u^2/2)} atoms into {@code s} (see {@link #tilt}); returns
   * {@code det(I + D^(1/2) s D^(1/2))^(-1/2)}.
   */
  private double absorbGaussians(int units) {
    int ng = 0;
    for (int i = 0; i < units; i++) {
      if (unitGauss[i] > 0) {
        g[ng] = i;
        sqrtAlpha[ng] = Math.sqrt(unitGauss[i]);
        ng++;
      }
    }
    if (ng == 0) {
      return 1;
    }
    double det = tilt(s, units, g, sqrtAlpha, ng, m, minv, tilted);
    for (int i = 0; i < units; i++) {
      System.arraycopy(tilted[i], 0, s[i], 0, units);
    }
    return 1 / Math.sqrt(det);
  }

  /**
   * The covariance tilted by {@code exp(-sum_x alpha_x u_{g[x]}^2 / 2)} (docs/physics.md §2.1, step 1):
   * writes {@code C' = (C^-1 + D)^-1 = C - C D^(1/2) (I + D^(1/2) C D^(1/2))^-1 D^(1/2) C} of the
   * first {@code n} rows of {@code c} into {@code out} by Woodbury, without inverting {@code c}
   * (which may be singular), and returns {@code det(I + D^(1/2) C D^(1/2))}. {@code D} is
   * {@code alpha_x} on unit {@code g[x]} ({@code sqrtAlpha[x]} its root), {@code x < ng};
   * {@code m} and {@code minv} are {@code ng x ng} work arrays. {@code c} is not modified.
   */
  static double tilt(double[][] c, int n, int[] g, double[] sqrtAlpha, int ng, double[][] m, double[][] minv,
      double[][] out) {
    for (int x = 0; x < ng; x++) {
      for (int y = 0; y < ng; y++) {
        m[x][y] = (x == y ? 1 : 0) + sqrtAlpha[x] * c[g[x]][g[y]] * sqrtAlpha[y];
      }
    }
    double det = invertSpd(m, minv, ng);
    for (int i = 0; i < n; i++) {
      for (int j = i; j < n; j++) {
        double corr = 0;
        for (int x = 0; x < ng; x++) {
          double left = c[i][g[x]] * sqrtAlpha[x];
          for (int y = 0; y < ng; y++) {
            corr += left * minv[x][y] * sqrtAlpha[y] * c[g[y]][j];
          }
        }
        double v = c[i][j] - corr;
        out[i][j] = v;
        out[j][i] = v;
      }
    }
    return det;
  }

  /** The inverse of a small symmetric positive-definite {@code a} (Gauss-Jordan), returns its determinant. */
  private static double invertSpd(double[][] a, double[][] inv, int n) {
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        inv[i][j] = i == j ? 1 : 0;
      }
    }
    double det = 1;
    for (int col = 0; col < n; col++) {
      double pivot = a[col][col];
      det *= pivot;
      for (int j = 0; j < n; j++) {
        a[col][j] /= pivot;
        inv[col][j] /= pivot;
      }
      for (int r = 0; r < n; r++) {
        if (r != col) {
          double f = a[r][col];
          for (int j = 0; j < n; j++) {
            a[r][j] -= f * a[col][j];
            inv[r][j] -= f * inv[col][j];
          }
        }
      }
    }
    return det;
  }

  /** {@code E[prod_i v_i^pow_i prod_{step_i} Theta(v_i)]} over the {@code n} variables of frame {@code level}. */
  private double moment(int level, int n) {
    int[] pw = pow[level];
    int i = 0;
    while (i < n && pw[i] == 0) {
      i++;
    }
    if (i == n) {
      boolean[] st = step[level];
      int ns = 0;
      for (int j = 0; j < n; j++) {
        if (st[j]) {
          orthant[ns++] = j;
        }
      }
      return Orthant.probability(cov[level], orthant, ns);
    }
    double[] ci = cov[level][i];
    pw[i]--;
    double sum = 0;
    for (int j = 0; j < n; j++) {
      double cij = ci[j];
      if (cij == 0) {
        continue;
      }
      int pj = pw[j];
      if (pj > 0) {
        pw[j]--;
        sum += cij * pj * moment(level, n);
        pw[j]++;
      } else if (step[level][j]) {
        sum += cij * conditioned(level, n, j);
      }
    }
    pw[i]++;
    return sum;
  }

  /** {@code E[delta(v_j) rest]}: the density of {@code v_j} at 0 times the expectation given {@code v_j = 0}. */
  private double conditioned(int level, int n, int j) {
    double[][] from = cov[level];
    double[][] to = cov[level + 1];
    double vjj = from[j][j];
    int a = 0;
    for (int x = 0; x < n; x++) {
      if (x == j) {
        continue;
      }
      double fx = from[x][j] / vjj;
      int b = 0;
      for (int y = 0; y < n; y++) {
        if (y == j) {
          continue;
        }
        to[a][b] = from[x][y] - fx * from[j][y];
        b++;
      }
      pow[level + 1][a] = pow[level][x];
      step[level + 1][a] = step[level][x];
      a++;
    }
    valid(to, n - 1);
    return INV_SQRT_2PI / Math.sqrt(vjj) * moment(level + 1, n - 1);
  }

  /**
   * Makes {@code v} a covariance where rounding, or an ODE state within its integration error of
   * the boundary (docs/physics.md §3), left it slightly outside: variances at least 0 and
   * {@code |v_ij| <= sqrt(v_ii v_jj)}. A variable of variance 0 is then identically 0, and its
   * terms in Stein's sum vanish as their limit does; a valid {@code v} is left as it is.
   */
  private static void valid(double[][] v, int n) {
    for (int i = 0; i < n; i++) {
      if (!(v[i][i] > 0)) {
        v[i][i] = 0;
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double bound = Math.sqrt(v[i][i] * v[j][j]);
        double c = Math.max(-bound, Math.min(bound, v[i][j]));
        v[i][j] = c;
        v[j][i] = c;
      }
    }
  }
}
