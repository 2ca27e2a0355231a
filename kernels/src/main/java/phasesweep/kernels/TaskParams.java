package phasesweep.kernels;

import java.io.Serializable;
import java.util.Arrays;
import phasesweep.kernels.averages.Averages;
import phasesweep.kernels.model.Activation;
import phasesweep.kernels.model.Constraint;
import phasesweep.kernels.model.Loss;
import phasesweep.kernels.model.Region;
import phasesweep.kernels.ode.OdeMode;

/**
 * The parameters of one task (docs/physics.md §1, §3, §4), one value per {@link Parameter} of
 * {@link Parameter#SETTINGS}, and what follows from them: the student width {@code p}, the
 * learning rate {@code gamma}, the region and the time scale {@code dt}.
 *
 * <p>Construction validates every value and names the parameter in the message, so a bad value
 * never reaches a kernel. Values are immutable; {@link #toBuilder} makes a changed copy.
 */
public final class TaskParams implements Serializable {
  private static final long serialVersionUID = 2L;

  /** Largest student-plus-teacher weight count a task may hold (8 bytes each: 4 GiB). */
  public static final long MAX_WEIGHTS = 1L << 29;
  /** Most SGD steps a task may take: far beyond any sweep, but below {@code long} overflow. */
  public static final double MAX_STEPS = 1e15;
  /**
   * The largest batch: a step's samples are counted in an {@code int}. The kernels hold a chunk of
   * a batch at a time, so its memory does not grow with it; its time is the cost model's.
   */
  public static final long MAX_BATCH = 1L << 30;
  /** The most numbers a run's curve of overlaps may hold (128 MiB of doubles; docs/physics.md §6). */
  public static final long MAX_CURVE = 1L << 24;

  /** The values, in {@link Parameter#SETTINGS} order. */
  private final Object[] values;

  private TaskParams(Object[] values) {
    this.values = values;
    for (int i = 0; i < values.length; i++) {
      Parameter setting = Parameter.SETTINGS.get(i);
      Parameter from = setting.defaultFrom();
      if (from != null && (values[i] == null || values[i].equals(values[from.index]))) {
        // "the same as <from>" is kept as null, so a copy whose <from> changes follows it
        values[i] = null;
      } else {
        setting.validate(values[i]);
      }
    }
    int d = d();
    int k = k();
    if (init() == Init.ORTHOGONAL) {
      require(k <= d, "k", "an orthogonal teacher needs k <= d, got k = " + k + ", d = " + d);
    }
    double pExact = p0() * Math.pow(d, kappa());
    require(pExact < MAX_WEIGHTS, "kappa", "gives p = p0 d^kappa = " + pExact + " hidden units, too many");
    long p = Math.max(1, Math.round(pExact));
    require((p + k) * (long) d <= MAX_WEIGHTS, "d",
        "(p + k) d = " + (p + k) * (long) d + " weights exceed the limit of " + MAX_WEIGHTS);
    double batchExact = b0() * Math.pow(d, beta());
    require(batchExact <= MAX_BATCH, beta() > 0 ? "beta" : "b0",
        "gives batch = b0 d^beta = " + batchExact + " samples a step at d = " + d + ", more than " + MAX_BATCH);
    double m = m0() / Math.sqrt(d);
    require(m < 1, "m0", "gives the initial overlap m0/sqrt d = " + m + " at d = " + d + ", which must be below 1");
    double steps = tMax() / timeScale();
    require(steps <= MAX_STEPS, "t_max",
        "needs " + steps + " SGD steps at this d, kappa, delta; the limit is " + MAX_STEPS);
    // a run records Q and M at every checkpoint (the runs table's curve_q, curve_m)
    double curve = Checkpoints.countBound(this) * p * (double) (p + k);
    require(curve <= MAX_CURVE, "checkpoints_per_decade", String.format(java.util.Locale.ROOT,
        "gives up to %.0f checkpoints of Q and M (p = %d, k = %d): %.3g numbers a run, more than %d; fewer "
            + "checkpoints a decade, or a smaller p", Checkpoints.countBound(this), p, k, curve, MAX_CURVE));
  }

  /** The value of a parameter or derived quantity: {@code Integer}, {@code Long}, {@code Double} or its enum. */
  public Object get(Parameter parameter) {
    if (parameter.section() == Parameter.Section.DERIVED) {
      return parameter.derive(this);
    }
    Object v = values[index(parameter)];
    return v == null ? get(parameter.defaultFrom()) : v;
  }

  private static int index(Parameter parameter) {
    if (parameter.index < 0) {
      throw new IllegalArgumentException("not a setting: " + parameter);
    }
    return parameter.index;
  }

  public int d() { return (Integer) values[Parameter.D.index]; }
  public double kappa() { return (Double) values[Parameter.KAPPA.index]; }
  public double delta() { return (Double) values[Parameter.DELTA.index]; }
  public double gamma0() { return (Double) values[Parameter.GAMMA0.index]; }
  public double p0() { return (Double) values[Parameter.P0.index]; }
  public int k() { return (Integer) values[Parameter.K.index]; }
  public double noise() { return (Double) values[Parameter.NOISE.index]; }
  public double b0() { return (Double) values[Parameter.B0.index]; }
  public double beta() { return (Double) values[Parameter.BETA.index]; }
  public Loss loss() { return (Loss) values[Parameter.LOSS.index]; }
  public Constraint constraint() { return (Constraint) values[Parameter.CONSTRAINT.index]; }
  public double m0() { return (Double) values[Parameter.M0.index]; }
  public long seed() { return (Long) values[Parameter.SEED.index]; }
  public Activation activation() { return (Activation) values[Parameter.ACTIVATION.index]; }
  public Activation teacherActivation() { return (Activation) get(Parameter.TEACHER_ACTIVATION); }
  public Init init() { return (Init) values[Parameter.INIT.index]; }
  /**
   * The time a run reaches: {@code t_max}, or with a budget in steps ({@code steps0 > 0}) that
   * budget, {@code round(steps0 d^steps_exponent)} steps (at least one), times {@code dt}
   * (docs/physics.md §4).
   */
  public double tMax() {
    long budget = stepsBudget();
    return budget > 0 ? budget * timeScale() : (Double) values[Parameter.T_MAX.index];
  }

  /** The budget in steps, {@code round(steps0 d^steps_exponent)} (at least 1); 0 without one ({@code steps0 = 0}). */
  public long stepsBudget() {
    double steps0 = (Double) values[Parameter.STEPS0.index];
    if (steps0 == 0) {
      return 0;
    }
    return Math.max(1, Math.round(steps0 * Math.pow(d(), (Double) values[Parameter.STEPS_EXPONENT.index])));
  }
  public int checkpointsPerDecade() { return (Integer) values[Parameter.CHECKPOINTS_PER_DECADE.index]; }
  public double divergenceBound() { return (Double) values[Parameter.DIVERGENCE_BOUND.index]; }
  public OdeMode odeMode() { return (OdeMode) values[Parameter.ODE_MODE.index]; }
  public double rtol() { return (Double) values[Parameter.RTOL.index]; }
  public double atol() { return (Double) values[Parameter.ATOL.index]; }

  /**
   * The Gaussian averages of this task's student-teacher pair (docs/physics.md §2.1): a new
   * instance, which holds a workspace, for each kernel that calls it.
   */
  public Averages averages() {
    return Averages.of(activation(), teacherActivation(), p());
  }

  /** Number of student hidden units, {@code p = max(1, round(p0 d^kappa))}. */
  public int p() {
    return (int) Math.max(1, Math.round(p0() * Math.pow(d(), kappa())));
  }

  /** Learning rate {@code gamma = gamma0 d^-delta}. */
  public double gamma() {
    return gamma0() * Math.pow(d(), -delta());
  }

  /** Samples a step, {@code batch = max(1, round(b0 d^beta))} (docs/physics.md §3.1). */
  public int batch() {
    return (int) Math.max(1, Math.round(b0() * Math.pow(d(), beta())));
  }

  public Region region() {
    return Region.of(kappa(), delta(), beta());
  }

  /** Time per SGD step, {@code dt} (docs/physics.md §3, §3.1). */
  public double timeScale() {
    return region().timeScale(d(), kappa(), delta(), beta());
  }

  /** SGD steps to reach {@code t_max} (each of {@link #batch} samples). */
  public long totalSteps() {
    return Math.round(tMax() / timeScale());
  }

  private static void require(boolean ok, String name, String reason) {
    if (!ok) {
      throw new InvalidParameterException(name, reason);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TaskParams t && Arrays.equals(values, t.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("TaskParams[");
    for (int i = 0; i < values.length; i++) {
      s.append(i == 0 ? "" : ", ").append(Parameter.SETTINGS.get(i).key()).append('=').append(Parameter.text(get(Parameter.SETTINGS.get(i))));
    }
    return s.append(']').toString();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    System.arraycopy(values, 0, b.values, 0, values.length);
    return b;
  }

  /** Starts from every parameter's default ({@link Parameter#defaultValue}). */
  public static final class Builder {
    private final Object[] values = new Object[Parameter.SETTINGS.size()];

    private Builder() {
      for (int i = 0; i < values.length; i++) {
        values[i] = Parameter.SETTINGS.get(i).defaultValue();
      }
    }

    /** Sets any parameter; the value is checked when the task is built. */
    public Builder set(Parameter parameter, Object value) {
      values[index(parameter)] = value;
      return this;
    }

    public Builder d(int v) { return set(Parameter.D, v); }
    public Builder kappa(double v) { return set(Parameter.KAPPA, v); }
    public Builder delta(double v) { return set(Parameter.DELTA, v); }
    public Builder gamma0(double v) { return set(Parameter.GAMMA0, v); }
    public Builder p0(double v) { return set(Parameter.P0, v); }
    public Builder k(int v) { return set(Parameter.K, v); }
    public Builder noise(double v) { return set(Parameter.NOISE, v); }
    public Builder loss(Loss v) { return set(Parameter.LOSS, v); }
    public Builder constraint(Constraint v) { return set(Parameter.CONSTRAINT, v); }
    public Builder m0(double v) { return set(Parameter.M0, v); }
    public Builder seed(long v) { return set(Parameter.SEED, v); }
    public Builder b0(double v) { return set(Parameter.B0, v); }
    public Builder beta(double v) { return set(Parameter.BETA, v); }
    public Builder activation(Activation v) { return set(Parameter.ACTIVATION, v); }
    public Builder teacherActivation(Activation v) { return set(Parameter.TEACHER_ACTIVATION, v); }
    public Builder init(Init v) { return set(Parameter.INIT, v); }
    public Builder tMax(double v) { return set(Parameter.T_MAX, v); }
    public Builder checkpointsPerDecade(int v) { return set(Parameter.CHECKPOINTS_PER_DECADE, v); }
    public Builder odeMode(OdeMode v) { return set(Parameter.ODE_MODE, v); }
    public Builder rtol(double v) { return set(Parameter.RTOL, v); }
    public Builder atol(double v) { return set(Parameter.ATOL, v); }
    public Builder divergenceBound(double v) { return set(Parameter.DIVERGENCE_BOUND, v); }

    public TaskParams build() {
      return new TaskParams(values.clone());
    }
  }
}
