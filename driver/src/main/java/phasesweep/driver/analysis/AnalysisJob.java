package phasesweep.driver.analysis;

import static org.apache.spark.sql.functions.callUDF;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import phasesweep.driver.sweep.AnalysisSettings;
import phasesweep.kernels.Kernel;
import phasesweep.kernels.Parameter;
import phasesweep.kernels.Region;
import phasesweep.kernels.Status;
import phasesweep.kernels.Theory;

/**
 * Computes the analysis tables of docs/physics.md §5 with Spark from the runs (as {@code Views}
 * reads them): the per-task measurements ({@code sample_complexity}, {@code finite_size}) are
 * Spark SQL over the runs; the per-group fits ({@code fits}, {@code phases}) are computed on the
 * driver from the few numbers per run those queries return.
 */
public final class AnalysisJob {
  /**
   * What defines a group: every setting of a run except {@code d} and {@code seed} ({@code region}
   * follows from kappa and delta, so it is constant in a group).
   */
  public static final List<String> GROUP = group();

  private static List<String> group() {
    List<String> g = new ArrayList<>(List.of("sweep", "kernel"));
    Parameter.ALL.stream().filter(Parameter::group).forEach(p -> g.add(p.column()));
    return List.copyOf(g);
  }

  /**
   * The four tables, in the order they are written. The per-task ones are persisted: the caller
   * unpersists them once written.
   */
  public record Tables(Dataset<Row> fits, Dataset<Row> phases, Dataset<Row> sampleComplexity, Dataset<Row> finiteSize,
      Dataset<Row> batchTradeOff) {
    public Map<String, Dataset<Row>> byName() {
      Map<String, Dataset<Row>> m = new LinkedHashMap<>();
      m.put("fits", fits);
      m.put("phases", phases);
      m.put("sample_complexity", sampleComplexity);
      m.put("finite_size", finiteSize);
      m.put("batch_trade_off", batchTradeOff);
      return m;
    }
  }

  /** The group of the batch trade-off: a group but for the batch's settings (and the region, which follows them). */
  public static final List<String> BATCH_GROUP =
      GROUP.stream().filter(c -> !List.of("b0", "beta", "region").contains(c)).toList();

  private AnalysisJob() {}

  /** The tables of {@code runs} (the runs table, all its rows, as {@code Views} reads it). */
  public static Tables compute(SparkSession spark, Dataset<Row> runs, AnalysisSettings settings) {
    FirstCrossing.register(spark);
    Column[] group = GROUP.stream().map(c -> col(c)).toArray(Column[]::new);

    Dataset<Row> samples = runs
        .withColumn("risk_threshold", lit(settings.riskThreshold()))
        .withColumn("t_reached", when(col("status").equalTo(Status.OK.id()),
            callUDF(FirstCrossing.NAME, col("curve_t"), col("curve_risk"), col("risk_threshold"))))
        .withColumn("steps", col("t_reached").divide(col("time_scale")))
        .withColumn("samples", col("steps").multiply(col("batch")))
        .select(concat(new Column[] {col("task_id")}, group, cols("d", "seed", "batch", "status", "risk_threshold",
            "t_reached", "steps", "samples")))
        .orderBy("task_id", "kernel")
        .persist(); // read for the fits here, then written: computed once (the caller unpersists)

    Dataset<Row> finiteSize = finiteSize(runs).persist();

    StructType groupSchema = new StructType(GROUP.stream().map(c -> runs.schema().apply(c)).toArray(StructField[]::new));
    List<Row> risks = runs.select(concat(group, cols("d", "seed", "status", "risk_init", settings.fitColumn())))
        .orderBy(concat(group, cols("d", "seed"))).collectAsList();
    Map<List<Object>, List<Fits.Observation>> riskGroups = groups(risks,
        r -> observation(r, r.getAs(settings.fitColumn()), r.getAs("risk_init")));
    List<Row> sampleRows = samples.drop("task_id").orderBy(concat(group, cols("d", "seed"))).collectAsList();
    Map<List<Object>, List<Fits.Observation>> sampleGroups = groups(sampleRows, r -> observation(r, r.getAs("samples"), null));
    Map<List<Object>, List<Fits.Observation>> stepGroups = groups(sampleRows, r -> observation(r, r.getAs("steps"), null));
    Map<List<Object>, List<Fits.Observation>> gapGroups = groups(
        finiteSize.drop("task_id").orderBy(concat(group, cols("d", "seed"))).collectAsList(),
        r -> new Fits.Observation(r.getInt(r.fieldIndex("d")), r.getLong(r.fieldIndex("seed")), Status.OK,
            value(r.getAs("gap")), Double.NaN));

    List<Row> fitRows = new ArrayList<>();
    List<Row> phaseRows = new ArrayList<>();
    riskGroups.forEach((key, obs) -> {
      Fits.Row fit = Fits.fit(settings.fitColumn(), obs,
          Theory.residualRiskExponent(number(key, "kappa"), number(key, "delta"), number(key, "beta")), settings,
          seed(key, settings.fitColumn()));
      fitRows.add(fitRow(key, fit, settings));
      Region theory = Region.of((String) key.get(GROUP.indexOf("region")));
      phaseRows.add(phaseRow(key, Phases.classify(theory, fit, obs), settings));
    });
    sampleGroups.forEach((key, obs) -> fitRows.add(fitRow(key, Fits.fit(Fits.SAMPLES, obs,
        Theory.sampleComplexityExponent(number(key, "kappa"), number(key, "delta"), number(key, "beta")), settings,
        seed(key, Fits.SAMPLES)), settings)));
    // steps differ from samples only with a batch: fitted for the groups that set one (docs/physics.md §3.1)
    stepGroups.forEach((key, obs) -> {
      if (!atDefault(key, Parameter.B0) || !atDefault(key, Parameter.BETA)) {
        fitRows.add(fitRow(key, Fits.fit(Fits.STEPS, obs,
            Theory.stepComplexityExponent(number(key, "kappa"), number(key, "delta"), number(key, "beta")), settings,
            seed(key, Fits.STEPS)), settings));
      }
    });
    gapGroups.forEach((key, obs) -> fitRows.add(
        fitRow(key, Fits.fit(Fits.FINITE_SIZE_GAP, obs, Double.NaN, settings, seed(key, Fits.FINITE_SIZE_GAP)), settings)));

    Dataset<Row> fits = spark.createDataFrame(fitRows, with(groupSchema, FIT_COLUMNS));
    Dataset<Row> phases = spark.createDataFrame(phaseRows, with(groupSchema, PHASE_COLUMNS));
    return new Tables(fits, phases, samples, finiteSize, batchTradeOff(samples));
  }

  private static final StructField[] FIT_COLUMNS = {
      field("quantity", DataTypes.StringType), field("exponent", DataTypes.DoubleType),
      field("intercept", DataTypes.DoubleType), field("standard_error", DataTypes.DoubleType),
      field("ci_low", DataTypes.DoubleType), field("ci_high", DataTypes.DoubleType),
      field("ci_level", DataTypes.DoubleType), field("r_squared", DataTypes.DoubleType),
      field("d_values", DataTypes.IntegerType), field("d_min", DataTypes.IntegerType),
      field("d_max", DataTypes.IntegerType), field("runs", DataTypes.IntegerType),
      field("left_out", DataTypes.IntegerType), field("diverged", DataTypes.IntegerType),
      field("failed", DataTypes.IntegerType), field("not_reached", DataTypes.IntegerType),
      field("theory_exponent", DataTypes.DoubleType), field("difference", DataTypes.DoubleType),
      field("tolerance", DataTypes.DoubleType), field("consistent", DataTypes.BooleanType),
      field("note", DataTypes.StringType)};

  private static final StructField[] PHASE_COLUMNS = {
      field("measured_region", DataTypes.StringType), field("agree", DataTypes.BooleanType),
      field("quantity", DataTypes.StringType), field("exponent", DataTypes.DoubleType),
      field("half_width", DataTypes.DoubleType), field("margin", DataTypes.DoubleType),
      field("d_max", DataTypes.IntegerType), field("runs_at_d_max", DataTypes.IntegerType),
      field("diverged_fraction", DataTypes.DoubleType), field("never_fell", DataTypes.BooleanType),
      field("note", DataTypes.StringType)};

  private static Row fitRow(List<Object> key, Fits.Row f, AnalysisSettings s) {
    ScalingFit.Result r = f.fit();
    return row(key, f.quantity(), r == null ? null : r.exponent(), r == null ? null : r.intercept(),
        r == null ? null : nullIfNaN(r.standardError()), r == null ? null : r.ciLow(), r == null ? null : r.ciHigh(),
        s.confidence(), r == null ? null : r.rSquared(), r == null ? 0 : r.dValues(), f.dMin(), f.dMax(), f.runs(),
        f.leftOut(), f.diverged(), f.failed(), f.notReached(), nullIfNaN(f.theoryExponent()),
        nullIfNaN(f.difference()), s.tolerance(), f.consistent(), f.note());
  }

  private static Row phaseRow(List<Object> key, Phases.Row p, AnalysisSettings s) {
    return row(key, p.measured() == null ? null : p.measured().id(), p.agree(), s.fitColumn(), nullIfNaN(p.exponent()),
        nullIfNaN(p.halfWidth()), p.margin(), p.dMax(), p.runsAtDMax(), nullIfNaN(p.divergedFraction()), p.neverFell(),
        p.note());
  }

  private static Row row(List<Object> key, Object... rest) {
    Object[] values = new Object[key.size() + rest.length];
    key.toArray(values);
    System.arraycopy(rest, 0, values, key.size(), rest.length);
    return RowFactory.create(values);
  }

  private static Fits.Observation observation(Row r, Object value, Object start) {
    return new Fits.Observation(r.getInt(r.fieldIndex("d")), r.getLong(r.fieldIndex("seed")),
        Status.of(r.getAs("status")), value(value), value(start));
  }

  private static double number(List<Object> key, String column) {
    return ((Number) key.get(GROUP.indexOf(column))).doubleValue();
  }

  private static double value(Object v) {
    return v == null ? Double.NaN : ((Number) v).doubleValue();
  }

  private static Double nullIfNaN(double v) {
    return Double.isNaN(v) ? null : v;
  }

  /** Rows ordered by group, split into groups (the first {@code GROUP.size()} columns). */
  private static Map<List<Object>, List<Fits.Observation>> groups(List<Row> rows, Function<Row, Fits.Observation> f) {
    Map<List<Object>, List<Fits.Observation>> groups = new LinkedHashMap<>();
    for (Row r : rows) {
      List<Object> key = new ArrayList<>(GROUP.size());
      for (int i = 0; i < GROUP.size(); i++) {
        key.add(r.get(i));
      }
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(f.apply(r));
    }
    return groups;
  }

  /**
   * A bootstrap seed from the group itself, so a table is the same however it grew. A parameter
   * added after version 0.1 enters it only away from its default, so the intervals of the groups
   * of earlier sweeps stay what they were.
   */
  private static long seed(List<Object> key, String quantity) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < GROUP.size(); i++) {
      Parameter p = Parameter.named(GROUP.get(i));
      boolean atNewDefault = p != null && !p.legacy() && atDefault(key, p);
      if (!atNewDefault) {
        parts.add(String.valueOf(key.get(i)));
      }
    }
    return ((long) ("[" + String.join(", ", parts) + "]").hashCode() << 32) ^ quantity.hashCode();
  }

  /** Whether a group's value of {@code p} is the registry's default for it. */
  private static boolean atDefault(List<Object> key, Parameter p) {
    return p.isDefault(key.get(GROUP.indexOf(p.column())), q -> key.get(GROUP.indexOf(q.column())));
  }

  /**
   * The finite-size gap of each task, {@code max_t |R(t) - R_ref(t)|} over the shared checkpoints,
   * for each kernel that declares a {@link Kernel#finiteSizeReference} (its rows keep its
   * {@code kernel}); both runs must have reached {@code t_max}.
   */
  private static Dataset<Row> finiteSize(Dataset<Row> runs) {
    Dataset<Row> all = null;
    for (Kernel k : Kernel.values()) {
      Kernel ref = k.finiteSizeReference();
      if (ref == null) {
        continue;
      }
      Dataset<Row> s = runs.filter(col("kernel").equalTo(k.id()).and(col("status").equalTo(Status.OK.id()))).as("s");
      Dataset<Row> o = runs.filter(col("kernel").equalTo(ref.id()).and(col("status").equalTo(Status.OK.id())))
          .select(col("task_id").as("o_task_id"), col("curve_risk").as("o_curve_risk"));
      List<Column> columns = new ArrayList<>();
      columns.add(col("task_id"));
      GROUP.forEach(c -> columns.add(col(c)));
      columns.add(col("d"));
      columns.add(col("seed"));
      columns.add(expr("array_max(gaps)").as("gap"));
      columns.add(expr("element_at(curve_t, CAST(array_position(gaps, array_max(gaps)) AS INT))").as("t_gap"));
      Dataset<Row> gaps = s.join(o, col("task_id").equalTo(col("o_task_id")))
          .filter(expr("size(curve_t) = size(o_curve_risk)"))
          .withColumn("gaps", expr("zip_with(curve_risk, o_curve_risk, (a, b) -> abs(a - b))"))
          .select(columns.toArray(new Column[0]));
      all = all == null ? gaps : all.unionByName(gaps);
    }
    return all.orderBy("task_id");
  }

  /**
   * The batch trade-off (docs/physics.md §3.1): per batch group, {@code d} and batch size, the
   * runs, how many reached the risk threshold, and their mean steps and samples to reach it.
   */
  private static Dataset<Row> batchTradeOff(Dataset<Row> samples) {
    List<String> by = new ArrayList<>(BATCH_GROUP);
    by.addAll(List.of("d", "batch"));
    return samples.groupBy(cols(by.toArray(new String[0])))
        .agg(org.apache.spark.sql.functions.count("*").as("runs"),
            org.apache.spark.sql.functions.count("steps").as("reached"),
            org.apache.spark.sql.functions.avg("steps").as("steps"),
            org.apache.spark.sql.functions.avg("samples").as("samples"))
        .orderBy(cols(by.toArray(new String[0])));
  }

  private static StructField field(String name, DataType type) {
    return DataTypes.createStructField(name, type, true);
  }

  private static StructType with(StructType group, StructField[] more) {
    StructType t = group;
    for (StructField f : more) {
      t = t.add(f);
    }
    return t;
  }

  private static Column[] cols(String... names) {
    Column[] c = new Column[names.length];
    for (int i = 0; i < names.length; i++) {
      c[i] = col(names[i]);
    }
    return c;
  }

  private static Column[] concat(Column[]... parts) {
    List<Column> all = new ArrayList<>();
    for (Column[] p : parts) {
      all.addAll(List.of(p));
    }
    return all.toArray(new Column[0]);
  }
}
