package phasesweep.driver.sweep;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import phasesweep.driver.sweep.Sweep.Axis;
import phasesweep.driver.sweep.Sweep.Setting;
import phasesweep.kernels.Activation;
import phasesweep.kernels.Init;
import phasesweep.kernels.InvalidParameterException;
import phasesweep.kernels.Kernel;
import phasesweep.kernels.Region;
import phasesweep.kernels.TaskParams;

/** A sweep expanded into its tasks, largest estimated cost first, and their totals. */
public final class SweepPlan {
  private final Sweep sweep;
  private final List<Task> tasks;

  private SweepPlan(Sweep sweep, List<Task> tasks) {
    this.sweep = sweep;
    this.tasks = tasks;
  }

  /**
   * Every combination of the axes, validated. A value the model cannot run with is reported at
   * the line of the field that set it.
   */
  public static SweepPlan of(Sweep sweep) {
    List<Axis> axes = sweep.axes();
    int[] index = new int[axes.size()];
    List<Task> tasks = new ArrayList<>();
    while (true) {
      TaskParams params = params(sweep, axes, index);
      double cost = 0;
      for (Kernel k : sweep.kernels()) {
        cost += CostModel.nanos(params, k);
      }
      tasks.add(new Task(taskId(params), sweep.name(), params, sweep.kernels(), cost));
      int a = axes.size() - 1;
      while (a >= 0 && ++index[a] == axes.get(a).values().size()) {
        index[a] = 0;
        a--;
      }
      if (a < 0) {
        break;
      }
    }
    // Largest first, so that no long task starts last; ties in grid order (a stable sort).
    tasks.sort(Comparator.comparingDouble(Task::estimatedNanos).reversed());
    return new SweepPlan(sweep, List.copyOf(tasks));
  }

  private static TaskParams params(Sweep sweep, List<Axis> axes, int[] index) {
    TaskParams.Builder b = TaskParams.builder().tMax(sweep.tMax())
        .checkpointsPerDecade(sweep.checkpointsPerDecade()).divergenceBound(sweep.divergenceBound())
        .odeMode(sweep.odeMode()).rtol(sweep.rtol()).atol(sweep.atol());
    for (int a = 0; a < axes.size(); a++) {
      Object v = axes.get(a).values().get(index[a]);
      switch (axes.get(a).parameter()) {
        case "activation" -> b.activation((Activation) v);
        case "init" -> b.init((Init) v);
        case "k" -> b.k((Integer) v);
        case "p0" -> b.p0((Double) v);
        case "gamma0" -> b.gamma0((Double) v);
        case "d" -> b.d((Integer) v);
        case "kappa" -> b.kappa((Double) v);
        case "delta" -> b.delta((Double) v);
        case "noise" -> b.noise((Double) v);
        case "seed" -> b.seed((Long) v);
        default -> throw new IllegalStateException(axes.get(a).parameter());
      }
    }
    try {
      return b.build();
    } catch (InvalidParameterException e) {
      throw located(sweep, e);
    }
  }

  private static SweepFileException located(Sweep sweep, InvalidParameterException e) {
    String reason = e.getMessage().substring(e.parameter().length() + 2);
    for (Axis a : sweep.axes()) {
      if (a.parameter().equals(e.parameter())) {
        return new SweepFileException(sweep.file(), a.line(), a.field(), reason);
      }
    }
    for (Setting s : sweep.settings()) {
      if (s.parameter().equals(e.parameter())) {
        return new SweepFileException(sweep.file(), s.line(), s.field(), reason);
      }
    }
    return new SweepFileException(sweep.file(), 1, e.parameter(), reason);
  }

  /**
   * The canonical text of a task's parameters: every value that changes its results, in a fixed
   * order, numbers as Java prints doubles (shortest round-trip form, the same on every machine).
   */
  public static String canonical(TaskParams t) {
    return "activation=" + t.activation().id() + ";init=" + t.init().id() + ";k=" + t.k() + ";p0=" + t.p0()
        + ";gamma0=" + t.gamma0() + ";d=" + t.d() + ";kappa=" + t.kappa() + ";delta=" + t.delta()
        + ";noise=" + t.noise() + ";seed=" + t.seed() + ";t_max=" + t.tMax()
        + ";checkpoints_per_decade=" + t.checkpointsPerDecade() + ";divergence_bound=" + t.divergenceBound()
        + ";mode=" + t.odeMode().id() + ";rtol=" + t.rtol() + ";atol=" + t.atol();
  }

  /** The first 16 hex digits of the SHA-256 of {@link #canonical}. */
  public static String taskId(TaskParams t) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(canonical(t).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public Sweep sweep() {
    return sweep;
  }

  /** The tasks, largest estimated cost first. */
  public List<Task> tasks() {
    return tasks;
  }

  public Map<Region, Integer> tasksPerRegion() {
    Map<Region, Integer> m = new EnumMap<>(Region.class);
    for (Task t : tasks) {
      m.merge(t.params().region(), 1, Integer::sum);
    }
    return m;
  }

  /** SGD steps of all tasks (those that run SGD), at most: a diverging run stops earlier. */
  public long totalSgdSteps() {
    if (!sweep.kernels().contains(Kernel.SGD)) {
      return 0;
    }
    long steps = 0;
    for (Task t : tasks) {
      steps += t.params().totalSteps();
    }
    return steps;
  }

  public double estimatedCoreHours() {
    double ns = 0;
    for (Task t : tasks) {
      ns += t.estimatedNanos();
    }
    return ns / 3.6e12;
  }
}
