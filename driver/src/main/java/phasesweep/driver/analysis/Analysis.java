package phasesweep.driver.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import phasesweep.driver.sweep.AnalysisSettings;
import phasesweep.driver.table.AnalysisTable;
import static phasesweep.driver.table.AnalysisTable.BATCH_GROUP;
import static phasesweep.driver.table.AnalysisTable.GROUP;
import phasesweep.kernels.Kernel;
import phasesweep.kernels.Parameter;
import phasesweep.kernels.Status;
import phasesweep.kernels.theory.Law;
import phasesweep.kernels.theory.Quantity;
import phasesweep.kernels.theory.Settings;
import phasesweep.kernels.theory.Theory;

/**
 * Computes the analysis tables of docs/physics.md §5 from the runs, on the driver, from the one
 * collected value {@link Runs}: the per-run measurements ({@code sample_complexity},
 * {@code finite_size}), the per-group fits ({@code fits}, {@code phases}) and the batch trade-off.
 * Pure functions of the runs: the same runs give the same tables, row for row.
 */
public final class Analysis {
  /** The analysis tables ({@link AnalysisTable}). */
  public record Tables(Table fits, Table phases, Table budgets, Table sampleComplexity, Table finiteSize, Table scaling,
      Table meanCurves, Table batchTradeOff) {
    /** The table {@code t} describes. */
    public Table get(AnalysisTable t) {
      return switch (t) {
        case FITS -> fits;
        case PHASES -> phases;
        case BUDGETS -> budgets;
        case SAMPLE_COMPLEXITY -> sampleComplexity;
        case FINITE_SIZE -> finiteSize;
        case SCALING -> scaling;
        case MEAN_CURVES -> meanCurves;
        case BATCH_TRADE_OFF -> batchTradeOff;
      };
    }

    /** Every table by its name, in {@link AnalysisTable}'s order. */
    public Map<String, Table> byName() {
      Map<String, Table> m = new LinkedHashMap<>();
      for (AnalysisTable t : AnalysisTable.values()) {
        m.put(t.tableName(), get(t));
      }
      return m;
    }
  }

  /**
   * The mean and spread over seeds of the finished runs' risk at each checkpoint ({@code t > 0}),
   * per group and {@code d}: what the learning curves and the trade-off draw, read from the
   * {@code mean_curves} table ({@link #curves}).
   *
   * @param group the values of {@link #GROUP}
   * @param runs the runs that reached each checkpoint
   */
  public record MeanCurve(List<Object> group, int d, double timeScale, int batch, double[] t,
      double[] mean, double[] low, double[] high, int[] runs) {
    /** The most runs at one checkpoint: the seeds the curve is a mean over. */
    public int seeds() {
      return java.util.Arrays.stream(runs).max().orElse(0);
    }

    public Object get(String column) {
      return group.get(GROUP.indexOf(column));
    }

    /** The values of some group columns, in the order given. */
    public List<Object> key(List<String> columns) {
      return columns.stream().map(this::get).collect(java.util.stream.Collectors.toCollection(ArrayList::new));
    }
  }

  private Analysis() {}

  /** The tables of {@code runs}. */
  public static Tables compute(Runs runs, AnalysisSettings settings) {
    Table samples = sampleComplexity(runs, settings);
    Table finiteSize = finiteSize(runs);

    Map<List<Object>, List<Fits.Observation>> riskGroups = new LinkedHashMap<>();
    for (Runs.Run r : runs.rows()) {
      riskGroups.computeIfAbsent(r.group(), k -> new ArrayList<>())
          .add(new Fits.Observation(r.d(), r.seed(), r.status(), r.fitted(), r.riskInit()));
    }
    List<String> order = concat(GROUP, List.of("d", "seed"));
    List<Row> bySeed = samples.sortedBy(order);
    Map<List<Object>, List<Fits.Observation>> sampleGroups = groups(bySeed, r -> observation(r, "samples"));
    Map<List<Object>, List<Fits.Observation>> stepGroups = groups(bySeed, r -> observation(r, "steps"));
    // steps differ from samples only with a batch: fitted for the groups that set one (docs/physics.md §3.1)
    stepGroups.keySet().removeIf(key -> atDefault(key, Parameter.B0) && atDefault(key, Parameter.BETA));
    Map<List<Object>, List<Fits.Observation>> weakGroups = groups(bySeed, r -> observation(r, Fits.WEAK_RECOVERY));
    List<Row> finiteBySeed = finiteSize.sortedBy(order);
    Map<List<Object>, List<Fits.Observation>> gapGroups = measuredGroups(finiteBySeed, "gap");
    Map<List<Object>, List<Fits.Observation>> limitGroups = measuredGroups(finiteBySeed, "limit_distance");
    Map<List<Object>, Double> learned = learnedFractions(bySeed);

    StructType fitSchema = AnalysisTable.FITS.schema(runs.groupSchema());
    StructType phaseSchema = AnalysisTable.PHASES.schema(runs.groupSchema());
    List<Row> fitRows = new ArrayList<>();
    Map<List<Object>, Fits.Row> judged = new LinkedHashMap<>(); // by group, theory and quantity
    Judge judge = new Judge(settings, learned);
    judge.fits(settings.fitColumn(), Quantity.RISK, riskGroups, judged);
    judge.fits(Fits.SAMPLES, Quantity.SAMPLES, sampleGroups, judged);
    judge.fits(Fits.STEPS, Quantity.STEPS, stepGroups, judged);
    judge.fits(Fits.WEAK_RECOVERY, Quantity.WEAK_RECOVERY, weakGroups, judged);
    judge.fits(Fits.FINITE_SIZE_GAP, Quantity.FINITE_SIZE_GAP, gapGroups, judged);
    judge.fits(Fits.LIMIT_DISTANCE, Quantity.LIMIT_DISTANCE, limitGroups, judged);
    judged.forEach((k, f) -> fitRows.add(fitRow(fitSchema, k.subList(0, GROUP.size()), f, settings)));

    List<Row> phaseRows = new ArrayList<>();
    riskGroups.forEach((key, obs) -> {
      Settings s = settingsOf(key);
      double learnedHere = learned.getOrDefault(key, Double.NaN);
      List<String> outside = new ArrayList<>();
      for (Theory theory : Theory.values()) {
        String why = theory.outOfScope(s);
        if (why != null) {
          outside.add(why);
          continue;
        }
        List<Law> signature = theory.laws(s).stream().filter(Law::signature).toList();
        phaseRows.add(phaseRow(phaseSchema, key, Phases.judge(theory, theory.region(s), signature,
            q -> judged.get(judgedKey(key, theory, q)), obs, learnedHere), settings));
      }
      if (outside.size() == Theory.values().length) {
        phaseRows.add(phaseRow(phaseSchema, key, Phases.noTheory(String.join("; ", outside), obs, learnedHere),
            settings));
      }
    });
    StructType budgetSchema = AnalysisTable.BUDGETS.schema(runs.groupSchema());
    List<Row> budgetRows = new ArrayList<>();
    for (List<Object> key : riskGroups.keySet()) {
      Settings s = settingsOf(key);
      for (Theory theory : Theory.values()) {
        Theory.ExponentPlane plane = theory.exponentPlane();
        if (plane == null || theory.outOfScope(s) != null) {
          continue;
        }
        Law law = theory.law(plane.quantity(), s);
        Fits.Row f = judged.get(judgedKey(key, theory, plane.quantity()));
        if (law == null || law.kind() != Law.Kind.EQUALS) {
          continue;
        }
        double theoryTheta = plane.up().applyAsDouble(s, law.exponent());
        boolean fitted = f != null && f.fit() != null;
        Double theta = fitted ? plane.up().applyAsDouble(s, f.fit().exponent()) : null;
        double low = fitted && f.interval() ? plane.up().applyAsDouble(s, f.fit().ciLow()) : Double.NaN;
        double high = fitted && f.interval() ? plane.up().applyAsDouble(s, f.fit().ciHigh()) : Double.NaN;
        for (double budget : settings.budgetExponents()) {
          Budgets.Judgement j = Budgets.judge(budget, theoryTheta, settings.tolerance(), low, high);
          budgetRows.add(Table.row(budgetSchema, values(key, theory.id(), budget, theoryTheta, theta, nullIfNaN(low),
              nullIfNaN(high), j.theoryLearns(), j.dataLearns(), j.outcome().id(), j.reason())));
        }
      }
    }
    return new Tables(new Table(fitSchema, fitRows), new Table(phaseSchema, phaseRows),
        new Table(budgetSchema, new Table(budgetSchema, budgetRows).sortedBy(Analysis.concat(GROUP,
            List.of("theory", "budget_exponent")))), samples, finiteSize,
        scaling(runs, settings), meanCurveTable(meanCurves(runs), runs.groupSchema()),
        batchTradeOff(samples, runs.groupSchema()));
  }

  /** A group's settings, as theories read them: a parameter outside the group at its default. */
  public static Settings settingsOf(List<Object> key) {
    return p -> {
      int i = GROUP.indexOf(p.column());
      return i >= 0 ? key.get(i) : p.defaultValue();
    };
  }

  private static List<Object> judgedKey(List<Object> key, Theory theory, Quantity q) {
    List<Object> k = new ArrayList<>(key);
    k.add(theory == null ? "" : theory.id());
    k.add(q);
    return k;
  }

  /** Fits each group's quantity once for every theory that states a law for it, or once without. */
  private record Judge(AnalysisSettings settings, Map<List<Object>, Double> learned) {
    void fits(String name, Quantity q, Map<List<Object>, List<Fits.Observation>> groups,
        Map<List<Object>, Fits.Row> into) {
      groups.forEach((key, obs) -> {
        Settings s = settingsOf(key);
        List<String> none = new ArrayList<>();
        boolean stated = false;
        for (Theory theory : Theory.values()) {
          String why = theory.outOfScope(s);
          Law law = why == null ? theory.law(q, s) : null;
          if (law == null) {
            none.add(why != null ? why : theory.id() + " states no law for " + name
                + (theory.region(s) == null ? "" : " in the " + theory.region(s).id() + " region"));
            continue;
          }
          stated = true;
          into.put(judgedKey(key, theory, q), Fits.fit(name, obs, theory, law, "", settings, seed(key, name),
              learned.getOrDefault(key, Double.NaN)));
        }
        if (!stated) {
          into.put(judgedKey(key, null, q), Fits.fit(name, obs, null, null, String.join("; ", none), settings,
              seed(key, name), Double.NaN));
        }
      });
    }
  }

  /**
   * Per group: of the finished runs at its largest d, the fraction that reached the risk threshold
   * (the learned state a residual law speaks of).
   */
  private static Map<List<Object>, Double> learnedFractions(List<Row> samplesBySeed) {
    Map<List<Object>, int[]> counts = new LinkedHashMap<>(); // d max, finished, reached
    for (Row r : samplesBySeed) {
      int[] c = counts.computeIfAbsent(key(r, GROUP), k -> new int[3]);
      int d = r.getInt(r.fieldIndex("d"));
      if (d > c[0]) {
        c[0] = d;
        c[1] = 0;
        c[2] = 0;
      }
      if (d == c[0] && Status.OK.id().equals(r.getAs("status"))) {
        c[1]++;
        c[2] += r.getAs("samples") != null ? 1 : 0;
      }
    }
    Map<List<Object>, Double> fractions = new LinkedHashMap<>();
    counts.forEach((k, c) -> fractions.put(k, c[1] > 0 ? (double) c[2] / c[1] : Double.NaN));
    return fractions;
  }

  /**
   * Per run: when its risk first reached the threshold ({@link Crossing#firstTime}, finished runs
   * only), and the SGD steps and samples that took (docs/physics.md §3.1, §5); when it first
   * recovered the teacher weakly, and the samples that took. Ordered by {@code task_id}, {@code kernel}.
   */
  static Table sampleComplexity(Runs runs, AnalysisSettings settings) {
    StructType schema = AnalysisTable.SAMPLE_COMPLEXITY.schema(runs.groupSchema());
    List<Row> rows = new ArrayList<>();
    for (Runs.Run r : runs.rows()) {
      Double reached = null;
      Double recovered = null;
      if (r.status() == Status.OK) {
        double t = Crossing.firstTime(r.curveT(), r.curveRisk(), settings.riskThreshold());
        reached = Double.isNaN(t) ? null : t;
        recovered = Double.isNaN(r.tWeakRecovery()) ? null : r.tWeakRecovery();
      }
      Double steps = reached == null ? null : reached / r.timeScale();
      Double samples = steps == null ? null : steps * r.batch();
      Double recoverySamples = recovered == null ? null : recovered / r.timeScale() * r.batch();
      rows.add(Table.row(schema, values(r.taskId(), r.group(), r.d(), r.seed(), r.batch(), r.status().id(),
          settings.riskThreshold(), reached, steps, samples, recovered, recoverySamples)));
    }
    return new Table(schema, new Table(schema, rows).sortedBy(List.of("task_id", "kernel")));
  }

  /**
   * Per task and kernel that declares a reference: the finite-size gap
   * {@code max_t |R(t) - R_ref(t)|} against the first of its {@link Kernel#finiteSizeReferences} that ran, over the shared
   * checkpoints, and the distance to the limit {@code max_t max |Omega(t) - Omega_bar(t)|} over the
   * entries of {@code Q} and {@code M} against its {@link Kernel#limitReference} (docs/physics.md
   * §5), each with the first checkpoint where it is reached. Both runs must have finished (status
   * ok) with the same checkpoints; a measure without its reference is null, a row without
   * either is left out. Ordered by {@code task_id}, {@code kernel}.
   */
  static Table finiteSize(Runs runs) {
    StructType schema = AnalysisTable.FINITE_SIZE.schema(runs.groupSchema());
    Map<List<String>, Runs.Run> finished = new LinkedHashMap<>();
    for (Runs.Run r : runs.rows()) {
      if (r.status() == Status.OK) {
        finished.put(List.of(r.taskId(), r.kernel()), r);
      }
    }
    List<Row> rows = new ArrayList<>();
    for (Runs.Run s : finished.values()) {
      Kernel kernel = Kernel.of(s.kernel());
      Runs.Run o = null;
      for (Kernel k : kernel.finiteSizeReferences()) {
        o = o != null ? o : reference(finished, s, k);
      }
      Runs.Run l = reference(finished, s, kernel.limitReference());
      Double[] gap = o == null ? new Double[2] : largest(s, new double[][] {s.curveRisk()}, new double[][] {o.curveRisk()});
      Double[] limit = l == null || s.curveQ().length == 0 || s.curveQ().length != l.curveQ().length
          || s.curveM().length != l.curveM().length ? new Double[2]
          : largest(s, new double[][] {s.curveQ(), s.curveM()}, new double[][] {l.curveQ(), l.curveM()});
      if (gap[0] != null || limit[0] != null) {
        rows.add(Table.row(schema, values(s.taskId(), s.group(), s.d(), s.seed(), gap[0], gap[1], limit[0], limit[1])));
      }
    }
    return new Table(schema, new Table(schema, rows).sortedBy(List.of("task_id", "kernel")));
  }

  /** The finished run of the same task by {@code kernel}, if it has the same checkpoints. */
  private static Runs.Run reference(Map<List<String>, Runs.Run> finished, Runs.Run run, Kernel kernel) {
    Runs.Run o = kernel == null ? null : finished.get(List.of(run.taskId(), kernel.id()));
    return o != null && o.curveT().length == run.curveT().length ? o : null;
  }

  /**
   * The largest {@code |a - b|} over checkpoints and entries (each array holds the same number of
   * entries a checkpoint, checkpoint after checkpoint), NaN above every number, and the time of
   * the first checkpoint that has it; nulls without checkpoints.
   */
  private static Double[] largest(Runs.Run run, double[][] a, double[][] b) {
    int checkpoints = run.curveT().length;
    int at = -1;
    double largest = Double.NaN;
    for (int i = 0; i < checkpoints; i++) {
      for (int x = 0; x < a.length; x++) {
        int per = a[x].length / checkpoints;
        for (int e = i * per; e < (i + 1) * per; e++) {
          double g = Math.abs(a[x][e] - b[x][e]);
          if (at < 0 || Double.compare(g, largest) > 0) {
            at = i;
            largest = g;
          }
        }
      }
    }
    return at < 0 ? new Double[2] : new Double[] {largest, run.curveT()[at]};
  }

  /**
   * The batch trade-off (docs/physics.md §3.1): per batch group, {@code d} and batch size, the
   * runs, how many reached the risk threshold, and their mean steps and samples to reach it.
   */
  static Table batchTradeOff(Table samples, StructType groupSchema) {
    List<String> by = AnalysisTable.BATCH_TRADE_OFF.order();
    StructType schema = AnalysisTable.BATCH_TRADE_OFF.schema(groupSchema);
    Map<List<Object>, double[]> sums = new LinkedHashMap<>(); // runs, reached, steps, samples
    for (Row r : samples.sortedBy(by)) {
      double[] s = sums.computeIfAbsent(key(r, by), k -> new double[4]);
      s[0]++;
      Object steps = r.getAs("steps");
      if (steps != null) {
        s[1]++;
        s[2] += ((Number) steps).doubleValue();
        s[3] += ((Number) r.getAs("samples")).doubleValue();
      }
    }
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<List<Object>, double[]> e : sums.entrySet()) {
      double[] s = e.getValue();
      Object[] v = new Object[schema.size()];
      e.getKey().toArray(v);
      int n = e.getKey().size();
      v[n] = (long) s[0];
      v[n + 1] = (long) s[1];
      v[n + 2] = s[1] > 0 ? s[2] / s[1] : null;
      v[n + 3] = s[1] > 0 ? s[3] / s[1] : null;
      rows.add(Table.row(schema, v));
    }
    return new Table(schema, rows);
  }

  /** Per run, the fitted risk column's value (null where none): the {@code scaling} table. */
  static Table scaling(Runs runs, AnalysisSettings settings) {
    StructType schema = AnalysisTable.SCALING.schema(runs.groupSchema());
    List<Row> rows = new ArrayList<>();
    for (Runs.Run r : runs.rows()) {
      rows.add(Table.row(schema, values(r.taskId(), r.group(), r.d(), r.seed(), r.status().id(), settings.fitColumn(),
          Double.isNaN(r.fitted()) ? null : r.fitted())));
    }
    return new Table(schema, new Table(schema, rows).sortedBy(List.of("task_id", "kernel")));
  }

  /** The mean curves as the {@code mean_curves} table: a row per group, d and checkpoint, in the curves' order. */
  static Table meanCurveTable(List<MeanCurve> curves, StructType groupSchema) {
    StructType schema = AnalysisTable.MEAN_CURVES.schema(groupSchema);
    List<Row> rows = new ArrayList<>();
    for (MeanCurve c : curves) {
      for (int i = 0; i < c.t().length; i++) {
        rows.add(Table.row(schema, values(c.group(), c.d(), i, c.t()[i], c.mean()[i], c.low()[i], c.high()[i],
            c.runs()[i], c.timeScale(), c.batch())));
      }
    }
    return new Table(schema, rows);
  }

  /**
   * The mean curves of a {@code mean_curves} table: one per group and {@code d}, in the order each
   * first appears, its points in checkpoint order (whatever order the rows were read in).
   */
  public static List<MeanCurve> curves(Table meanCurves) {
    Map<List<Object>, List<Row>> byCurve = new LinkedHashMap<>();
    for (Row r : meanCurves.rows()) {
      List<Object> k = key(r, GROUP);
      k.add(r.getAs("d"));
      byCurve.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
    }
    List<MeanCurve> curves = new ArrayList<>();
    for (Map.Entry<List<Object>, List<Row>> e : byCurve.entrySet()) {
      List<Object> k = e.getKey();
      List<Row> points = new Table(meanCurves.schema(), e.getValue()).sortedBy(List.of("checkpoint"));
      int n = points.size();
      double[][] v = new double[4][n];
      int[] runs = new int[n];
      for (int i = 0; i < n; i++) {
        Row r = points.get(i);
        v[0][i] = r.getAs("t");
        v[1][i] = r.getAs("risk_mean");
        v[2][i] = r.getAs("risk_low");
        v[3][i] = r.getAs("risk_high");
        runs[i] = r.getAs("runs");
      }
      Row r = points.get(0);
      curves.add(new MeanCurve(new ArrayList<>(k.subList(0, GROUP.size())), (Integer) r.getAs("d"),
          r.getAs("time_scale"), r.getAs("batch"), v[0], v[1], v[2], v[3], runs));
    }
    return curves;
  }

  /** The mean curves of the finished runs, ordered by group (but the kernel), {@code d} and kernel. */
  static List<MeanCurve> meanCurves(Runs runs) {
    Map<List<Object>, List<Runs.Run>> byCurve = new LinkedHashMap<>();
    for (Runs.Run r : runs.rows()) {
      if (r.status() == Status.OK) {
        List<Object> k = new ArrayList<>(r.group());
        k.add(r.d());
        byCurve.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
      }
    }
    List<MeanCurve> curves = new ArrayList<>();
    byCurve.forEach((k, members) -> {
      int length = members.stream().mapToInt(r -> r.curveT().length).max().orElse(0);
      double[][] v = new double[4][length]; // t, mean, low, high at each checkpoint index
      int[] n = new int[length];
      for (int i = 0; i < length; i++) {
        v[2][i] = Double.POSITIVE_INFINITY;
        v[3][i] = Double.NEGATIVE_INFINITY;
      }
      for (Runs.Run r : members) {
        for (int i = 0; i < r.curveT().length; i++) {
          if (r.curveT()[i] > 0) {
            double risk = r.curveRisk()[i];
            n[i]++;
            v[0][i] += r.curveT()[i];
            v[1][i] += risk;
            v[2][i] = Math.min(v[2][i], risk);
            v[3][i] = Math.max(v[3][i], risk);
          }
        }
      }
      int points = 0;
      for (int i = 0; i < length; i++) {
        if (n[i] > 0) {
          for (int c = 0; c < 4; c++) {
            v[c][points] = c < 2 ? v[c][i] / n[i] : v[c][i];
          }
          n[points] = n[i];
          points++;
        }
      }
      Runs.Run first = members.get(0);
      curves.add(new MeanCurve(first.group(), first.d(), first.timeScale(), first.batch(),
          java.util.Arrays.copyOf(v[0], points), java.util.Arrays.copyOf(v[1], points),
          java.util.Arrays.copyOf(v[2], points), java.util.Arrays.copyOf(v[3], points),
          java.util.Arrays.copyOf(n, points)));
    });
    List<String> panel = new ArrayList<>(GROUP);
    panel.remove("kernel");
    curves.sort(order(panel, MeanCurve::get).thenComparingInt(MeanCurve::d)
        .thenComparing(c -> (String) c.get("kernel")));
    return curves;
  }

  /**
   * Ascending by {@code columns}, nulls first, as Spark SQL's {@code ORDER BY} (numbers by value,
   * NaN above every number; strings by code point).
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static <T> Comparator<T> order(List<String> columns, BiFunction<T, String, Object> get) {
    return (a, b) -> {
      for (String c : columns) {
        Object x = get.apply(a, c);
        Object y = get.apply(b, c);
        int cmp = x == null ? (y == null ? 0 : -1) : y == null ? 1 : ((Comparable) x).compareTo(y);
        if (cmp != 0) {
          return cmp;
        }
      }
      return 0;
    };
  }

  private static Row fitRow(StructType schema, List<Object> key, Fits.Row f, AnalysisSettings s) {
    ScalingFit.Result r = f.fit();
    boolean ci = f.interval();
    return Table.row(schema, values(key, f.quantity(), r == null ? null : r.exponent(), r == null ? null : r.intercept(),
        r == null ? null : nullIfNaN(r.standardError()), ci ? r.ciLow() : null, ci ? r.ciHigh() : null,
        s.confidence(), r == null ? null : r.rSquared(), r == null ? 0 : r.dValues(), f.dMin(), f.dMax(), f.runs(),
        f.leftOut(), f.diverged(), f.failed(), f.notReached(), nullIfNaN(f.theoryExponent()),
        nullIfNaN(f.difference()), s.tolerance(), f.consistent(), f.note(),
        f.theory() == null ? null : f.theory().id(), f.law() == null ? null : f.law().formula(),
        f.verdict().outcome().id(), f.verdict().reason()));
  }

  private static Row phaseRow(StructType schema, List<Object> key, Phases.Row p, AnalysisSettings s) {
    Fits.Row f = p.fit();
    boolean ci = f != null && f.interval();
    Law law = p.law();
    Double margin = law == null || law.kind() == Law.Kind.DIVERGES ? null
        : law.kind() == Law.Kind.EQUALS ? Verdict.margin(law, s.tolerance()) : s.tolerance();
    return Table.row(schema, values(key, p.theory() == null ? null : p.theory().id(),
        p.region() == null ? null : p.region().id(), p.verdict().outcome().id(), p.verdict().outcome().agree(),
        p.verdict().because(), p.verdict().reason(), law == null ? null : quantityName(law.quantity(), s),
        law == null ? null : law.formula(), law == null || law.kind() == Law.Kind.DIVERGES ? null : law.exponent(),
        f == null || f.fit() == null ? null : f.fit().exponent(), ci ? f.fit().ciLow() : null,
        ci ? f.fit().ciHigh() : null, margin, f == null || f.fit() == null ? null : f.fit().dValues(), p.dMax(),
        p.runsAtDMax(), nullIfNaN(p.divergedFraction()), nullIfNaN(p.learnedFraction()),
        law == null ? null : law.source()));
  }

  /** A law's quantity as the fits table names it (the risk: the fitted column). */
  private static String quantityName(Quantity q, AnalysisSettings s) {
    return q == Quantity.RISK ? s.fitColumn() : q.ids().get(0);
  }

  /** The values in order, a list among them spliced in. */
  private static Object[] values(Object... parts) {
    List<Object> v = new ArrayList<>();
    for (Object p : parts) {
      if (p instanceof List<?> list) {
        v.addAll(list);
      } else {
        v.add(p);
      }
    }
    return v.toArray();
  }

  /** The groups of the rows that have a value of {@code column} (a finished pair's measure), each a finished run. */
  private static Map<List<Object>, List<Fits.Observation>> measuredGroups(List<Row> rows, String column) {
    return groups(rows.stream().filter(r -> r.getAs(column) != null).toList(),
        r -> new Fits.Observation(r.getInt(r.fieldIndex("d")), r.getLong(r.fieldIndex("seed")), Status.OK,
            value(r.getAs(column)), Double.NaN));
  }

  private static Fits.Observation observation(Row r, String column) {
    return new Fits.Observation(r.getInt(r.fieldIndex("d")), r.getLong(r.fieldIndex("seed")),
        Status.of(r.getAs("status")), value(r.getAs(column)), Double.NaN);
  }

  private static double value(Object v) {
    return v == null ? Double.NaN : ((Number) v).doubleValue();
  }

  private static Double nullIfNaN(double v) {
    return Double.isNaN(v) ? null : v;
  }

  /** Rows in order, split into groups by their {@link #GROUP} columns. */
  private static Map<List<Object>, List<Fits.Observation>> groups(List<Row> rows, Function<Row, Fits.Observation> f) {
    Map<List<Object>, List<Fits.Observation>> groups = new LinkedHashMap<>();
    for (Row r : rows) {
      groups.computeIfAbsent(key(r, GROUP), k -> new ArrayList<>()).add(f.apply(r));
    }
    return groups;
  }

  /** The values of {@code columns} in {@code r}. */
  public static List<Object> key(Row r, List<String> columns) {
    List<Object> k = new ArrayList<>(columns.size());
    for (String c : columns) {
      k.add(r.get(r.fieldIndex(c)));
    }
    return k;
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

  /** The lists one after the other. */
  @SafeVarargs
  public static List<String> concat(List<String>... parts) {
    List<String> all = new ArrayList<>();
    for (List<String> p : parts) {
      all.addAll(p);
    }
    return all;
  }
}
