package phasesweep.kernels;

/**
 * The parameters of one task (SPEC §1, §3, §4) and what follows from them: the student width
 * {@code p}, the learning rate {@code gamma}, the region and the time scale {@code dt}.
 *
 * <p>Construction validates every value and names the parameter in the message, so a bad value
 * never reaches a kernel.
 */
public record TaskParams(
    int d,
    double kappa,
    double delta,
    double gamma0,
    double p0,
    int k,
    double noise,
    long seed,
    Activation activation,
    Init init,
    double tMax,
    int checkpointsPerDecade,
    OdeMode odeMode,
    double rtol,
    double atol,
    double divergenceBound) implements java.io.Serializable {

  /** Largest student-plus-teacher weight count a task may hold (8 bytes each: 4 GiB). */
  public static final long MAX_WEIGHTS = 1L << 29;
  /** Most SGD steps a task may take: far beyond any sweep, but below {@code long} overflow. */
  public static final double MAX_STEPS = 1e15;

  public TaskParams {
    require(d >= 2, "d", "must be at least 2, got " + d);
    finite(kappa, "kappa");
    finite(delta, "delta");
    require(Double.isFinite(gamma0) && gamma0 > 0, "gamma0", "must be a finite number > 0, got " + gamma0);
    require(Double.isFinite(p0) && p0 > 0, "p0", "must be a finite number > 0, got " + p0);
    require(k >= 1, "k", "must be at least 1, got " + k);
    require(Double.isFinite(noise) && noise >= 0, "noise", "must be a finite number >= 0, got " + noise);
    require(activation != null, "activation", "is required (erf or linear)");
    require(init != null, "init", "is required (random or orthogonal)");
    require(Double.isFinite(tMax) && tMax > 0, "t_max", "must be a finite number > 0, got " + tMax);
    require(checkpointsPerDecade >= 1 && checkpointsPerDecade <= 1000,
        "checkpoints_per_decade", "must be between 1 and 1000, got " + checkpointsPerDecade);
    require(odeMode != null, "mode", "is required (finite or limit)");
    require(Double.isFinite(rtol) && rtol > 0 && rtol < 1, "rtol", "must be in (0, 1), got " + rtol);
    require(Double.isFinite(atol) && atol > 0, "atol", "must be a finite number > 0, got " + atol);
    require(Double.isFinite(divergenceBound) && divergenceBound > 1,
        "divergence_bound", "must be a finite number > 1, got " + divergenceBound);
    if (init == Init.ORTHOGONAL) {
      require(k <= d, "k", "an orthogonal teacher needs k <= d, got k = " + k + ", d = " + d);
    }
    double pExact = p0 * Math.pow(d, kappa);
    require(pExact < MAX_WEIGHTS, "kappa",
        "gives p = p0 d^kappa = " + pExact + " hidden units, too many");
    long p = Math.max(1, Math.round(pExact));
    require((p + k) * (long) d <= MAX_WEIGHTS, "d",
        "(p + k) d = " + (p + k) * (long) d + " weights exceed the limit of " + MAX_WEIGHTS);
    double steps = tMax / Region.of(kappa, delta).timeScale(d, kappa, delta);
    require(steps <= MAX_STEPS, "t_max",
        "needs " + steps + " SGD steps at this d, kappa, delta; the limit is " + MAX_STEPS);
  }

  /** Number of student hidden units, {@code p = max(1, round(p0 d^kappa))}. */
  public int p() {
    return (int) Math.max(1, Math.round(p0 * Math.pow(d, kappa)));
  }

  /** Learning rate {@code gamma = gamma0 d^-delta}. */
  public double gamma() {
    return gamma0 * Math.pow(d, -delta);
  }

  public Region region() {
    return Region.of(kappa, delta);
  }

  /** Time per SGD step, {@code dt} (SPEC §3). */
  public double timeScale() {
    return region().timeScale(d, kappa, delta);
  }

  /** SGD steps to reach {@code t_max}. */
  public long totalSteps() {
    return Math.round(tMax / timeScale());
  }

  private static void finite(double v, String name) {
    require(Double.isFinite(v), name, "must be a finite number, got " + v);
  }

  private static void require(boolean ok, String name, String reason) {
    if (!ok) {
      throw new InvalidParameterException(name, reason);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().d(d).kappa(kappa).delta(delta).gamma0(gamma0).p0(p0).k(k).noise(noise)
        .seed(seed).activation(activation).init(init).tMax(tMax)
        .checkpointsPerDecade(checkpointsPerDecade).odeMode(odeMode).rtol(rtol).atol(atol)
        .divergenceBound(divergenceBound);
  }

  /** Defaults: the Saad-Solla point {@code kappa = delta = 0}, erf, {@code p = k = 2}. */
  public static final class Builder {
    private int d = 1000;
    private double kappa = 0;
    private double delta = 0;
    private double gamma0 = 1;
    private double p0 = 2;
    private int k = 2;
    private double noise = 1e-3;
    private long seed = 0;
    private Activation activation = Activation.ERF;
    private Init init = Init.RANDOM;
    private double tMax = 100;
    private int checkpointsPerDecade = 10;
    private OdeMode odeMode = OdeMode.FINITE;
    private double rtol = 1e-8;
    private double atol = 1e-10;
    private double divergenceBound = 100;

    public Builder d(int v) { d = v; return this; }
    public Builder kappa(double v) { kappa = v; return this; }
    public Builder delta(double v) { delta = v; return this; }
    public Builder gamma0(double v) { gamma0 = v; return this; }
    public Builder p0(double v) { p0 = v; return this; }
    public Builder k(int v) { k = v; return this; }
    public Builder noise(double v) { noise = v; return this; }
    public Builder seed(long v) { seed = v; return this; }
    public Builder activation(Activation v) { activation = v; return this; }
    public Builder init(Init v) { init = v; return this; }
    public Builder tMax(double v) { tMax = v; return this; }
    public Builder checkpointsPerDecade(int v) { checkpointsPerDecade = v; return this; }
    public Builder odeMode(OdeMode v) { odeMode = v; return this; }
    public Builder rtol(double v) { rtol = v; return this; }
    public Builder atol(double v) { atol = v; return this; }
    public Builder divergenceBound(double v) { divergenceBound = v; return this; }

    public TaskParams build() {
      return new TaskParams(d, kappa, delta, gamma0, p0, k, noise, seed, activation, init, tMax,
          checkpointsPerDecade, odeMode, rtol, atol, divergenceBound);
    }
  }
}
