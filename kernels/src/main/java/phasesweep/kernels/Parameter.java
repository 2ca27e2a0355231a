package phasesweep.kernels;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import phasesweep.kernels.model.Activation;
import phasesweep.kernels.model.Constraint;
import phasesweep.kernels.model.Loss;
import phasesweep.kernels.model.Region;
import phasesweep.kernels.ode.OdeMode;

/**
 * The one description of each parameter of a task, and of each quantity derived from them
 * (docs/physics.md §1, §3, §4): its name in sweep files, tables and on the command line, its
 * type, default, validation, the paper's symbol for figures and a one-line description. Sweep
 * files, {@link TaskParams}' defaults, the CLI options, the runs table, the analysis's groups,
 * the task ids and the figure labels all derive from {@link #ALL}.
 *
 * <p>To add a parameter: one constant here (listed in {@link #ALL}), and its typed accessor in
 * {@link TaskParams}. A parameter added after version 0.1 ({@code legacy = false}) is left out of
 * the task id at its default value, so the ids of every results folder written before it stay
 * the same; its column follows the version 0.1 columns in the runs table.
 */
public final class Parameter implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Where a parameter is set in a sweep file, and which commands take it. */
  public enum Section {
    /** The model: {@code model:} or {@code grid:} (a grid axis); options of {@code sgd} and {@code ode}. */
    MODEL,
    /** A run setting, {@code run:}; options of {@code sgd} and {@code ode}. */
    RUN,
    /** An ODE setting, {@code run.ode:}; options of {@code ode}. */
    ODE,
    /** Computed from the others ({@code p}, {@code gamma}, ...): a table column only. */
    DERIVED
  }

  /** The value's Java type; an enum parameter is stored as its constant, written as its id. */
  public enum Type { INT, LONG, DOUBLE, ENUM }

  private final String key;
  private final String column;
  private final Section section;
  private final Type type;
  private final Class<? extends Enum<?>> enumType;
  private final Object defaultValue;
  private final boolean required;
  private final boolean legacy;
  private final boolean group;
  private final String symbol;
  private final String description;
  private final transient Predicate<Object> valid;
  private final transient Function<Object, String> reason;
  private final transient Function<TaskParams, Object> derive;
  private final transient Parameter defaultFrom;
  private final transient Parameter source;
  private final transient Function<Object, Object> ofSource;
  /** The position in {@link #SETTINGS}, -1 for a derived quantity: where a task keeps its value. */
  transient int index = -1;

  private Parameter(Builder b) {
    key = b.key;
    column = b.column == null ? b.key : b.column;
    section = b.section;
    type = b.type;
    enumType = b.enumType;
    defaultValue = b.defaultValue;
    required = b.required;
    legacy = b.legacy;
    group = b.group;
    symbol = b.symbol == null ? b.key : b.symbol;
    description = b.description;
    valid = b.valid;
    reason = b.reason;
    derive = b.derive;
    defaultFrom = b.defaultFrom;
    source = b.source;
    ofSource = b.ofSource;
  }

  // ---- the model (docs/physics.md §1) ------------------------------------------------------

  public static final Parameter ACTIVATION = model("activation", Type.ENUM).enumType(Activation.class)
      .defaultValue(Activation.ERF).symbol("σ")
      .description("The student's activation sigma: erf (erf(h/sqrt 2)), linear, relu, he2 ((h^2-1)/sqrt 2), "
          + "he3 ((h^3-3h)/sqrt 6) or he4 ((h^4-6h^2+3)/sqrt 24).").build();
  public static final Parameter TEACHER_ACTIVATION = model("teacher_activation", Type.ENUM)
      .enumType(Activation.class).defaultFrom(ACTIVATION).newerThanV01().symbol("g")
      .description("The teacher's activation g, one of the same (docs/physics.md §2.1).").build();
  public static final Parameter INIT = model("init", Type.ENUM).enumType(Init.class).defaultValue(Init.RANDOM)
      .description("Teacher initialisation: random (P_rr = 1) or orthogonal (P = I).").build();
  public static final Parameter K = model("k", Type.INT).defaultValue(2).required()
      .check(v -> (Integer) v >= 1, v -> "must be at least 1, got " + v)
      .description("Teacher hidden units (>= 1).").build();
  public static final Parameter P0 = model("p0", Type.DOUBLE).defaultValue(2.0).required().positive().symbol("p₀")
      .description("Student-width prefactor (> 0); p = p0 at kappa = 0.").build();
  public static final Parameter GAMMA0 = model("gamma0", Type.DOUBLE).defaultValue(1.0).required().positive()
      .symbol("γ₀").description("Learning-rate prefactor (> 0).").build();
  public static final Parameter D = model("d", Type.INT).defaultValue(1000).required().notInGroup()
      .check(v -> (Integer) v >= 2, v -> "must be at least 2, got " + v)
      .description("Input dimension d (>= 2).").build();
  public static final Parameter KAPPA = model("kappa", Type.DOUBLE).defaultValue(0.0).required().finite()
      .symbol("κ").description("Width exponent: p = max(1, round(p0 d^kappa)).").build();
  public static final Parameter DELTA = model("delta", Type.DOUBLE).defaultValue(0.0).required().finite()
      .symbol("δ").description("Learning-rate exponent: gamma = gamma0 d^-delta.").build();
  public static final Parameter NOISE = model("noise", Type.DOUBLE).defaultValue(1e-3).required().symbol("Δ")
      .check(v -> Double.isFinite((Double) v) && (Double) v >= 0, v -> "must be a finite number >= 0, got " + v)
      .description("Label noise variance Delta (>= 0).").build();
  public static final Parameter B0 = model("b0", Type.DOUBLE).defaultValue(1.0).positive().newerThanV01().symbol("b₀")
      .description("Batch-size prefactor (> 0): batch = max(1, round(b0 d^beta)) samples a step (docs/physics.md §3.1).")
      .build();
  public static final Parameter BETA = model("beta", Type.DOUBLE).defaultValue(0.0).newerThanV01().symbol("β")
      .check(v -> (Double) v >= 0 && (Double) v <= 2, v -> "must be in [0, 2] (batch ~ d^beta, up to d^2), got " + v)
      .description("Batch-size exponent, in [0, 2]: batch = max(1, round(b0 d^beta)) (docs/physics.md §3.1).").build();
  public static final Parameter LOSS = model("loss", Type.ENUM).enumType(Loss.class).defaultValue(Loss.SQUARE)
      .newerThanV01().description("The loss a step descends: square ((y - f)^2/2) or correlation (-y f); the risk "
          + "reported is the square risk either way (docs/physics.md §1.1).").build();
  public static final Parameter CONSTRAINT = model("constraint", Type.ENUM).enumType(Constraint.class)
      .defaultValue(Constraint.NONE).newerThanV01()
      .description("none, or sphere: each student row rescaled to |w_j|^2 = d after every step, so Q_jj = 1 "
          + "(docs/physics.md §1.2).").build();
  public static final Parameter M0 = model("m0", Type.DOUBLE).defaultValue(0.0).newerThanV01().symbol("m₀")
      .check(v -> Double.isFinite((Double) v) && (Double) v >= 0, v -> "must be a finite number >= 0, got " + v)
      .description("Initial overlap in units of the random start's d^-1/2: 0 (default) is the random start; "
          + "m0 > 0 puts each student unit j at M_jr = m0/sqrt d with teacher unit r = j mod k "
          + "(docs/physics.md §1).").build();
  public static final Parameter SEED = model("seed", Type.LONG).defaultValue(0L).notInGroup()
      .description("Seed of the initial weights and the SGD samples.").build();

  // ---- derived (docs/physics.md §1, §3) -----------------------------------------------------

  public static final Parameter P = derived("p", Type.INT, TaskParams::p).notInGroup().build();
  public static final Parameter GAMMA = derived("gamma", Type.DOUBLE, TaskParams::gamma).notInGroup().build();
  /** Samples a step; 1 in the tables of every version before it (its value at the defaults of b0 and beta). */
  public static final Parameter BATCH = derived("batch", Type.INT, TaskParams::batch).notInGroup().newerThanV01()
      .defaultValue(1).symbol("b").build();
  /** The region follows from kappa and delta, so it is constant in a group. */
  public static final Parameter REGION = derived("region", Type.ENUM, TaskParams::region)
      .enumType(Region.class).build();
  public static final Parameter TIME_SCALE = derived("time_scale", Type.DOUBLE, TaskParams::timeScale)
      .notInGroup().build();
  /** The teacher's information exponent (docs/physics.md §1); in tables written before it, from their teacher. */
  public static final Parameter INFORMATION_EXPONENT = derived("information_exponent", Type.INT,
      t -> t.teacherActivation().informationExponent()).notInGroup().newerThanV01().symbol("k*")
      .followsFrom(TEACHER_ACTIVATION, v -> ((Activation) v).informationExponent())
      .description("The teacher's information exponent k*: the degree of its first non-zero Hermite coefficient.")
      .build();

  // ---- the run (docs/physics.md §4) and the ODE (§3) ----------------------------------------

  public static final Parameter T_MAX = of("t_max", Section.RUN, Type.DOUBLE).defaultValue(100.0).required()
      .positive().description("Final time t, in the region's time unit (docs/physics.md §3); steps0 > 0 replaces it "
          + "by a budget in steps.").build();
  public static final Parameter CHECKPOINTS_PER_DECADE = of("checkpoints_per_decade", Section.RUN, Type.INT)
      .defaultValue(10).symbol("checkpoints/decade")
      .check(v -> (Integer) v >= 1 && (Integer) v <= 1000, v -> "must be between 1 and 1000, got " + v)
      .description("Log-spaced risk checkpoints per decade of t, from t = 0.01.").build();
  public static final Parameter DIVERGENCE_BOUND = of("divergence_bound", Section.RUN, Type.DOUBLE)
      .defaultValue(100.0).symbol("bound")
      .check(v -> Double.isFinite((Double) v) && (Double) v > 1, v -> "must be a finite number > 1, got " + v)
      .description("A run diverges when max_j Q_jj exceeds this (docs/physics.md §4).").build();
  public static final Parameter ODE_MODE = of("mode", Section.ODE, Type.ENUM).column("ode_mode")
      .enumType(OdeMode.class).defaultValue(OdeMode.FINITE).symbol("ODE")
      .description("finite (all terms at this d; follows SGD) or limit (d -> infinity: green drops the "
          + "gamma^2 noise term, orange freezes M).").build();
  public static final Parameter RTOL = of("rtol", Section.ODE, Type.DOUBLE).defaultValue(1e-8)
      // below 1e-13 an 8th-order step's error estimate is rounding: the integrator then fails every run
      .check(v -> (Double) v >= 1e-13 && (Double) v <= 0.1,
          v -> "must be between 1e-13 (what double precision can meet) and 0.1, got " + v)
      .description("Relative tolerance of the adaptive integrator.").build();
  public static final Parameter ATOL = of("atol", Section.ODE, Type.DOUBLE).defaultValue(1e-10)
      .check(v -> (Double) v >= 1e-30 && (Double) v <= 1, v -> "must be between 1e-30 and 1, got " + v)
      .description("Absolute tolerance of the adaptive integrator.").build();
  public static final Parameter STEPS0 = of("steps0", Section.RUN, Type.DOUBLE).defaultValue(0.0).newerThanV01()
      .symbol("T₀")
      .check(v -> Double.isFinite((Double) v) && (Double) v >= 0, v -> "must be a finite number >= 0, got " + v)
      .description("A budget in steps instead of t_max: when > 0 a run takes T = round(steps0 d^steps_exponent) "
          + "steps (of b samples), and t_max is T dt (docs/physics.md §4). Default 0: t_max rules.").build();
  public static final Parameter STEPS_EXPONENT = of("steps_exponent", Section.RUN, Type.DOUBLE).defaultValue(0.0)
      .newerThanV01().symbol("θ").finite()
      .description("The exponent theta of the budget T = steps0 d^theta in steps (with steps0 > 0).").build();

  /**
   * Every parameter and derived quantity, in declaration order: the order of the task id's
   * canonical text, of the grid's expansion (the last varies fastest) and of the analysis's
   * group columns.
   */
  public static final List<Parameter> ALL = List.of(ACTIVATION, TEACHER_ACTIVATION, INIT, K, P0, GAMMA0, D, KAPPA, DELTA, NOISE, B0, BETA,
      LOSS, CONSTRAINT, M0, SEED, P, GAMMA, BATCH, REGION, TIME_SCALE, INFORMATION_EXPONENT, T_MAX, CHECKPOINTS_PER_DECADE, DIVERGENCE_BOUND, ODE_MODE, RTOL, ATOL,
      STEPS0, STEPS_EXPONENT);

  /** The settings (everything but the derived quantities), in declaration order. */
  public static final List<Parameter> SETTINGS =
      ALL.stream().filter(p -> p.section != Section.DERIVED).toList();

  static {
    for (int i = 0; i < SETTINGS.size(); i++) {
      SETTINGS.get(i).index = i;
    }
  }

  /**
   * The task columns of the runs table: version 0.1's order, which every results folder written
   * so far has, then any newer parameter in declaration order.
   */
  /**
   * The task columns of the runs table: version 0.1's order, then the columns added since in the
   * order they were added (so that every table written so far is a prefix), then any newer
   * parameter in declaration order.
   */
  public static final List<Parameter> TABLE_ORDER = tableOrder(List.of(ACTIVATION, INIT, D, P, K, KAPPA, DELTA,
      GAMMA0, P0, GAMMA, NOISE, SEED, REGION, TIME_SCALE, T_MAX, CHECKPOINTS_PER_DECADE, DIVERGENCE_BOUND, ODE_MODE,
      RTOL, ATOL, TEACHER_ACTIVATION, B0, BETA, BATCH));

  private static List<Parameter> tableOrder(List<Parameter> legacy) {
    List<Parameter> order = new ArrayList<>(legacy);
    for (Parameter p : ALL) {
      if (!order.contains(p)) {
        order.add(p);
      }
    }
    return List.copyOf(order);
  }

  /** The parameter of this key (sweep files, task ids, the CLI) or column, if any. */
  public static Parameter named(String name) {
    for (Parameter p : ALL) {
      if (p.key.equals(name) || p.column.equals(name)) {
        return p;
      }
    }
    return null;
  }

  /** The name in sweep files ({@code run.ode.mode} is {@code mode}), task ids and error messages. */
  public String key() {
    return key;
  }

  /** The column of the runs table ({@code ode_mode}). */
  public String column() {
    return column;
  }

  /** The command-line option: {@code --t-max} for {@code t_max}. */
  public String option() {
    return "--" + key.replace('_', '-');
  }

  public Section section() {
    return section;
  }

  public Type type() {
    return type;
  }

  /** The enum of an {@link Type#ENUM} parameter, else null. */
  public Class<? extends Enum<?>> enumType() {
    return enumType;
  }

  /**
   * The default value: null for one whose default is another's value, and for a derived quantity
   * except one added after version 0.1, whose default is its value in the tables written before it.
   */
  public Object defaultValue() {
    return defaultValue;
  }

  /** The parameter whose value is this one's default ({@code activation} for {@code teacher_activation}), or null. */
  public Parameter defaultFrom() {
    return defaultFrom;
  }

  /**
   * Whether {@code value} is this parameter's default where the settings are {@code settings}:
   * its {@link #defaultValue}, or the value of {@link #defaultFrom}.
   */
  public boolean isDefault(Object value, Function<Parameter, Object> settings) {
    Object d = defaultFrom == null ? defaultValue : settings.apply(defaultFrom);
    return d != null && Parameter.text(d).equals(Parameter.text(value));
  }

  /**
   * For a derived quantity that is a function of one setting ({@code information_exponent} of
   * {@code teacher_activation}): that setting, so that a table written before the column existed
   * gets its value from the setting's column; else null.
   */
  public Parameter source() {
    return source;
  }

  /** The value of a quantity with a {@link #source} where the source's id is {@code sourceId}. */
  public Object valueForSource(String sourceId) {
    for (Enum<?> e : source.enumType.getEnumConstants()) {
      if (EnumIds.id(e).equals(sourceId)) {
        return ofSource.apply(e);
      }
    }
    throw new IllegalArgumentException(source.key + ": unknown value '" + sourceId + "'");
  }

  /** Every id of the {@link #source} with this quantity's value there. */
  public java.util.Map<String, Object> valuesBySource() {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (Enum<?> e : source.enumType.getEnumConstants()) {
      m.put(EnumIds.id(e), ofSource.apply(e));
    }
    return m;
  }

  /** Whether every sweep file must set it. */
  public boolean required() {
    return required;
  }

  /** Whether it was in version 0.1's task ids, and so always is. */
  public boolean legacy() {
    return legacy;
  }

  /** Whether it defines a group of runs (every setting but {@code d} and {@code seed}). */
  public boolean group() {
    return group;
  }

  /** The paper's symbol, for figure labels. */
  public String symbol() {
    return symbol;
  }

  public String description() {
    return description;
  }

  /** The Java type of its values: {@code Integer}, {@code Long}, {@code Double} or the enum. */
  public Class<?> javaType() {
    return switch (type) {
      case INT -> Integer.class;
      case LONG -> Long.class;
      case DOUBLE -> Double.class;
      case ENUM -> enumType;
    };
  }

  /** The value of a derived quantity for a task. */
  Object derive(TaskParams params) {
    return derive.apply(params);
  }

  /** Throws {@link InvalidParameterException} naming this parameter if {@code value} is invalid. */
  void validate(Object value) {
    if (value == null) {
      throw new InvalidParameterException(key, "is required" + (enumType == null ? "" : " (" + ids() + ")"));
    }
    if (!javaType().isInstance(value)) {
      throw new InvalidParameterException(key, "must be of type " + javaType().getSimpleName() + ", got " + value);
    }
    if (valid != null && !valid.test(value)) {
      throw new InvalidParameterException(key, reason.apply(value));
    }
  }

  private String ids() {
    List<String> ids = new ArrayList<>();
    for (Enum<?> e : enumType.getEnumConstants()) {
      ids.add(EnumIds.id(e));
    }
    return String.join(" or ", ids);
  }

  /** A value as it is written in task ids, tables and messages: an enum's id, a number as Java prints it. */
  public static String text(Object value) {
    return value instanceof Enum<?> e ? EnumIds.id(e) : String.valueOf(value);
  }

  /** A value for people: {@code 1e-8}, {@code 100}, {@code erf}. */
  public static String display(Object value) {
    if (value instanceof Double v) {
      String plain = BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
      String sci = String.format("%.15g", v).replaceAll("\\.?0+e", "e").replaceAll("e([-+])0*(\\d)", "e$1$2")
          .replace("e+", "e");
      return plain.length() <= sci.length() ? plain : sci;
    }
    return text(value);
  }

  @Override
  public String toString() {
    return key;
  }

  private Object readResolve() {
    return named(key);
  }

  // ---- building the descriptions ---------------------------------------------------------

  private static Builder model(String key, Type type) {
    return of(key, Section.MODEL, type);
  }

  private static Builder of(String key, Section section, Type type) {
    Builder b = new Builder();
    b.key = key;
    b.section = section;
    b.type = type;
    return b;
  }

  private static Builder derived(String key, Type type, Function<TaskParams, Object> derive) {
    Builder b = of(key, Section.DERIVED, type);
    b.derive = derive;
    return b;
  }

  private static final class Builder {
    private String key;
    private String column;
    private Section section;
    private Type type;
    private Class<? extends Enum<?>> enumType;
    private Object defaultValue;
    private boolean required;
    private boolean legacy = true;
    private boolean group = true;
    private String symbol;
    private String description = "";
    private Predicate<Object> valid;
    private Function<Object, String> reason;
    private Function<TaskParams, Object> derive;
    private Parameter defaultFrom;
    private Parameter source;
    private Function<Object, Object> ofSource;

    /** A derived quantity that is {@code of} the value of the enumeration setting {@code from}. */
    Builder followsFrom(Parameter from, Function<Object, Object> of) { source = from; ofSource = of; return this; }
    /** The default is the value of {@code other}, declared before this one. */
    Builder defaultFrom(Parameter other) { defaultFrom = other; return this; }
    Builder column(String v) { column = v; return this; }
    Builder enumType(Class<? extends Enum<?>> v) { enumType = v; return this; }
    Builder defaultValue(Object v) { defaultValue = v; return this; }
    Builder required() { required = true; return this; }
    Builder notInGroup() { group = false; return this; }
    /** Added after version 0.1: left out of the task id at its default value. */
    Builder newerThanV01() { legacy = false; return this; }
    Builder symbol(String v) { symbol = v; return this; }
    Builder description(String v) { description = v; return this; }

    Builder check(Predicate<Object> v, Function<Object, String> why) {
      valid = v;
      reason = why;
      return this;
    }

    Builder finite() {
      return check(v -> Double.isFinite((Double) v), v -> "must be a finite number, got " + v);
    }

    Builder positive() {
      return check(v -> Double.isFinite((Double) v) && (Double) v > 0, v -> "must be a finite number > 0, got " + v);
    }

    Parameter build() {
      return new Parameter(this);
    }
  }
}
