package phasesweep.kernels.averages;

/**
 * The closed forms of Saad and Solla (1995) for an erf student learning an erf teacher
 * (docs/physics.md §2). The weighted sums share everything that depends on {@code (a, b)} only
 * and allocate nothing.
 */
final class ErfAverages implements Averages {
  static final double TWO_OVER_PI = 2 / Math.PI;
  static final double FOUR_OVER_PI2 = 4 / (Math.PI * Math.PI);

  @Override
  public double i2(double[][] c, int a, int b) {
    return TWO_OVER_PI * Math.asin(c[a][b] / Math.sqrt((1 + c[a][a]) * (1 + c[b][b])));
  }

  @Override
  public double j2(double[][] c, int a, int b) {
    return TWO_OVER_PI / Math.sqrt((1 + c[a][a]) * (1 + c[b][b]) - c[a][b] * c[a][b]);
  }

  @Override
  public double i3(double[][] c, int a, int b, int cc) {
    double onePlusAa = 1 + c[a][a];
    double l3 = onePlusAa * (1 + c[cc][cc]) - c[a][cc] * c[a][cc];
    return TWO_OVER_PI * (c[b][cc] * onePlusAa - c[a][b] * c[a][cc]) / (onePlusAa * Math.sqrt(l3));
  }

  @Override
  public double i4(double[][] c, int a, int b, int cc, int e) {
    double l4 = l4(c, a, b);
    double l0 = l4 * c[cc][e] - c[b][cc] * c[b][e] * (1 + c[a][a]) - c[a][cc] * c[a][e] * (1 + c[b][b])
        + c[a][b] * c[a][cc] * c[b][e] + c[a][b] * c[a][e] * c[b][cc];
    double l1 = l1(c, a, b, cc, l4);
    double l2 = l1(c, a, b, e, l4);
    return FOUR_OVER_PI2 / Math.sqrt(l4) * Math.asin(l0 / Math.sqrt(l1 * l2));
  }

  @Override
  public double weightedI3(double[][] c, int a, int b, double[] w, int n) {
    // I3(a,b,c) = (2/pi) (Cbc - Cab Cac / (1+Caa)) / sqrt(L3(a,c)).
    double[] ca = c[a];
    double[] cb = c[b];
    double onePlusAa = 1 + ca[a];
    double shrink = ca[b] / onePlusAa;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double l3 = onePlusAa * (1 + c[i][i]) - ca[i] * ca[i];
      sum += w[i] * (cb[i] - shrink * ca[i]) / Math.sqrt(l3);
    }
    return TWO_OVER_PI * sum;
  }

  @Override
  public double weightedI4(double[][] c, int a, int b, double[] w, int n, double[] scratch) {
    // L0(c,e) = L4 Cce - (1+Caa) u_c u_e - (1+Cbb) v_c v_e + Cab (v_c u_e + v_e u_c)
    // with u = C[b][.], v = C[a][.]; L1 and L2 are L0 on the diagonal plus L4. Everything but
    // Cce factorises over c and e, so one asin per (c, e) pair is all that is left.
    double[] ca = c[a];
    double[] cb = c[b];
    double onePlusAa = 1 + ca[a];
    double onePlusBb = 1 + cb[b];
    double cab = ca[b];
    double l4 = onePlusAa * onePlusBb - cab * cab;
    double[] invSqrtL1 = scratch;
    for (int i = 0; i < n; i++) {
      double u = cb[i];
      double v = ca[i];
      double l1 = l4 * (1 + c[i][i]) - u * u * onePlusAa - v * v * onePlusBb + 2 * cab * u * v;
      invSqrtL1[i] = 1 / Math.sqrt(l1);
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double ui = cb[i];
      double vi = ca[i];
      double[] ci = c[i];
      double si = invSqrtL1[i];
      // diagonal term once, off-diagonal terms twice (I4 is symmetric in c, e)
      double l0ii = l4 * ci[i] - onePlusAa * ui * ui - onePlusBb * vi * vi + 2 * cab * vi * ui;
      double row = 0.5 * w[i] * Math.asin(l0ii * si * si);
      for (int j = i + 1; j < n; j++) {
        double uj = cb[j];
        double vj = ca[j];
        double l0 = l4 * ci[j] - onePlusAa * ui * uj - onePlusBb * vi * vj + cab * (vi * uj + vj * ui);
        row += w[j] * Math.asin(l0 * si * invSqrtL1[j]);
      }
      sum += w[i] * row;
    }
    return 2 * FOUR_OVER_PI2 / Math.sqrt(l4) * sum;
  }

  private double l4(double[][] c, int a, int b) {
    return (1 + c[a][a]) * (1 + c[b][b]) - c[a][b] * c[a][b];
  }

  private double l1(double[][] c, int a, int b, int cc, double l4) {
    return l4 * (1 + c[cc][cc]) - c[b][cc] * c[b][cc] * (1 + c[a][a]) - c[a][cc] * c[a][cc] * (1 + c[b][b])
        + 2 * c[a][b] * c[a][cc] * c[b][cc];
  }
}
