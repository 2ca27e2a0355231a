package phasesweep.driver.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import phasesweep.kernels.EnumIds;
import phasesweep.kernels.Parameter;

/**
 * The one description of each analysis table (docs/physics.md §5): its name, the columns that
 * lead it (the run's key, its group, or the batch trade-off's group), its own typed columns, its
 * caption, the columns the report shows and its order. The tables the analysis computes, the
 * report's tables, the {@code sql} views and the notebooks' list all derive from it.
 */
public enum AnalysisTable {
  PHASES(Lead.GROUP, "One row per point of a theory's plane (a group of runs) and kernel: the theory's region and its "
      + "signature law, tested on the data (docs/physics.md §5.1): agree when the fit's interval lies within the law's "
      + "exponent ± margin, disagree when it lies outside, undetermined when it straddles an edge or the data cannot "
      + "decide (the reason says why); red by divergence at the largest d; no theory where none speaks of the runs.",
      List.of("theory", "theory_region", "verdict", "law", "exponent", "ci_low", "ci_high", "margin", "d_values",
          "reason"),
      List.of(), true,
      string("theory"), string("theory_region"), string("verdict"), bool("agree"), string("because"), string("reason"),
      string("quantity"), string("law"), number("theory_exponent"), number("exponent"), number("ci_low"),
      number("ci_high"), number("margin"), integer("d_values"), integer("d_max"), integer("runs_at_d_max"),
      number("diverged_fraction"), number("learned_fraction"), string("source")),

  BUDGETS(Lead.GROUP, "Per group a theory draws in an exponent plane (docs/physics.md §5.4) and budget T ~ d^theta of "
      + "the sweep's analysis.budget_exponents: whether the theory says the runs learn within it (theta above its "
      + "line by more than the tolerance; on the line its constants decide), whether the fit says so (theta above the "
      + "fitted exponent's interval; below it, not; inside, undecided), and the verdict (docs/physics.md §5.1).",
      List.of("theory", "budget_exponent", "theory_exponent", "exponent", "theory_learns", "data_learns", "verdict",
          "reason"),
      List.of("theory", "budget_exponent"), false,
      string("theory"), number("budget_exponent"), number("theory_exponent"), number("exponent"), number("ci_low"),
      number("ci_high"), bool("theory_learns"), bool("data_learns"), string("verdict"), string("reason")),

  FITS(Lead.GROUP, "Least-squares fits log y = a + b log d over the seed means at each d, with a bootstrap interval "
      + "over seeds (only from 3 values of d on), next to the law a theory states for the quantity and its verdict "
      + "(docs/physics.md §5.1). Quantities: the fitted risk column, samples (to reach the threshold), weak_recovery "
      + "(samples to a cosine of 1/2), steps (with a batch), finite_size_gap, limit_distance.",
      List.of("quantity", "exponent", "ci_low", "ci_high", "r_squared", "theory", "law", "verdict", "d_values", "runs",
          "left_out", "reason", "note"),
      List.of("quantity"), true,
      string("quantity"), number("exponent"), number("intercept"), number("standard_error"), number("ci_low"),
      number("ci_high"), number("ci_level"), number("r_squared"), integer("d_values"), integer("d_min"),
      integer("d_max"), integer("runs"), integer("left_out"), integer("diverged"), integer("failed"),
      integer("not_reached"), number("theory_exponent"), number("difference"), number("tolerance"),
      bool("consistent"), string("note"), string("theory"), string("law"), string("verdict"), string("reason")),

  SAMPLE_COMPLEXITY(Lead.RUN, "Per run: the time t_reached the risk first fell to the threshold (interpolated between "
      + "checkpoints), the SGD steps t_reached / dt and the samples, steps times the batch b; the time t_weak_recovery "
      + "a student-teacher cosine first reached 1/2, and the samples that took (weak_recovery).",
      List.of("d", "seed", "batch", "status", "t_reached", "steps", "samples", "t_weak_recovery", "weak_recovery"),
      List.of("d", "seed"), false,
      integer("d"), bigint("seed"), integer("batch"), string("status"), number("risk_threshold"), number("t_reached"),
      number("steps"), number("samples"), number("t_weak_recovery"), number("weak_recovery")),

  FINITE_SIZE(Lead.RUN, "Per task where SGD and a reference finished: the largest gap between the SGD and ODE risks "
      + "over the checkpoints, and the largest distance between SGD's overlaps and the limit ODE's (kernel ode_limit) "
      + "over the entries of Q and M and the checkpoints, each with when it happened.",
      List.of("d", "seed", "gap", "t_gap", "limit_distance", "t_limit_distance"),
      List.of("d", "seed"), false,
      integer("d"), bigint("seed"), number("gap"), number("t_gap"), number("limit_distance"),
      number("t_limit_distance")),

  SCALING(Lead.RUN, "Per run: the risk the scaling fits use (the column the sweep's analysis names in quantity, "
      + "risk_tail or risk_final; null where the run has none), what the scaling figure draws against d.",
      List.of("d", "seed", "status", "quantity", "risk"), List.of("d", "seed"), false,
      integer("d"), bigint("seed"), string("status"), string("quantity"), number("risk")),

  MEAN_CURVES(Lead.GROUP, "Per group, d and checkpoint (t > 0): the mean over seeds of the finished runs' risk, its "
      + "spread (min and max) and the runs that reached the checkpoint; time_scale and batch turn t into SGD steps "
      + "(t / time_scale) and samples (steps times batch). What the learning curves and the trade-off draw.",
      List.of("d", "checkpoint", "t", "risk_mean", "risk_low", "risk_high", "runs"), List.of(), false,
      integer("d"), integer("checkpoint"), number("t"), number("risk_mean"), number("risk_low"), number("risk_high"),
      integer("runs"), number("time_scale"), integer("batch")),

  BATCH_TRADE_OFF(Lead.BATCH_GROUP, "Per setting, d and batch size b (docs/physics.md §3.1): the runs, how many reached "
      + "the threshold, and their mean steps and samples to reach it.",
      List.of("d", "batch", "runs", "reached", "steps", "samples"),
      List.of("d", "batch"), false,
      integer("d"), integer("batch"), bigint("runs"), bigint("reached"), number("steps"), number("samples"));

  /**
   * What defines a group of runs: every setting of a run except {@code d} and {@code seed}
   * ({@code region} follows from kappa and delta, so it is constant in a group).
   */
  public static final List<String> GROUP = group();

  /** The group of the batch trade-off: a group but for the batch's settings (and the region, which follows them). */
  public static final List<String> BATCH_GROUP = GROUP.stream()
      .filter(c -> !List.of(Parameter.B0.column(), Parameter.BETA.column(), Parameter.REGION.column()).contains(c))
      .toList();

  private static List<String> group() {
    List<String> g = new ArrayList<>(List.of("sweep", "kernel"));
    Parameter.ALL.stream().filter(Parameter::group).forEach(p -> g.add(p.column()));
    return List.copyOf(g);
  }

  /** The columns that lead a table's rows. */
  public enum Lead {
    /** {@code task_id} and the run's group ({@link #GROUP}): a row per run. */
    RUN,
    /** The group: a row per group (and quantity, theory). */
    GROUP,
    /** The group but for the batch's settings ({@link #BATCH_GROUP}). */
    BATCH_GROUP
  }

  private final Lead lead;
  private final String caption;
  private final List<String> shown;
  private final List<String> orderAfterLead;
  private final boolean open;
  private final StructField[] columns;

  AnalysisTable(Lead lead, String caption, List<String> shown, List<String> orderAfterLead, boolean open,
      StructField... columns) {
    this.lead = lead;
    this.caption = caption;
    this.shown = shown;
    this.orderAfterLead = orderAfterLead;
    this.open = open;
    this.columns = columns;
  }

  /** The table's name: its folder in the results, its {@code sql} view. */
  public String tableName() {
    return EnumIds.id(this);
  }

  /** Every analysis table's name, in the order a report writes them. */
  public static List<String> names() {
    return Arrays.stream(values()).map(AnalysisTable::tableName).toList();
  }

  public Lead lead() {
    return lead;
  }

  /** What the report says of the table. */
  public String caption() {
    return caption;
  }

  /** The columns the report shows after the group columns it shows. */
  public List<String> shown() {
    return shown;
  }

  /** Whether the report shows the table unfolded. */
  public boolean open() {
    return open;
  }

  /** The schema: the lead's columns (typed as in {@code groupSchema}, the runs' group), then the table's own. */
  public StructType schema(StructType groupSchema) {
    StructType t = new StructType();
    if (lead == Lead.RUN) {
      t = t.add(string("task_id"));
    }
    for (String c : leadGroup()) {
      t = t.add(groupSchema.apply(c));
    }
    for (StructField f : columns) {
      t = t.add(f);
    }
    return t;
  }

  /** The group columns that lead the table. */
  public List<String> leadGroup() {
    return lead == Lead.BATCH_GROUP ? BATCH_GROUP : GROUP;
  }

  /** The report's order: the table's own leading columns ({@code quantity} first for fits), group, then the rest. */
  public List<String> order() {
    List<String> o = new ArrayList<>();
    if (lead == Lead.GROUP) {
      o.addAll(orderAfterLead);
      o.addAll(leadGroup());
    } else {
      o.addAll(leadGroup());
      o.addAll(orderAfterLead);
    }
    return o;
  }

  private static StructField field(String name, DataType type) {
    return DataTypes.createStructField(name, type, true);
  }

  private static StructField string(String name) {
    return field(name, DataTypes.StringType);
  }

  private static StructField number(String name) {
    return field(name, DataTypes.DoubleType);
  }

  private static StructField integer(String name) {
    return field(name, DataTypes.IntegerType);
  }

  private static StructField bigint(String name) {
    return field(name, DataTypes.LongType);
  }

  private static StructField bool(String name) {
    return field(name, DataTypes.BooleanType);
  }
}
