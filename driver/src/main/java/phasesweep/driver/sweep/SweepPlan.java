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
import phasesweep.kernels.InvalidParameterException;
import phasesweep.kernels.Kernel;
import phasesweep.kernels.Parameter;
import phasesweep.kernels.TaskParams;
import phasesweep.kernels.model.Region;

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
    List<Task> tasks = new ArrayList<>();
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (List<Axis> axes : sweep.grids()) {
      int[] index = new int[axes.size()];
      while (true) {
        TaskParams params = params(sweep, axes, index);
        double cost = 0;
        for (Kernel k : sweep.kernels()) {
          cost += k.estimatedNanos(params);
        }
        String id = taskId(params);
        if (!ids.add(id)) {
          // only cases can repeat a task (a grid axis has no duplicates): two of them overlap
          Axis first = sweep.grids().get(0).stream().filter(x -> x.field().startsWith("cases")).findFirst().orElseThrow();
          throw new SweepFileException(sweep.file(), first.line(), "cases", "two cases give the same task ("
              + canonical(params) + "); make them disjoint");
        }
        tasks.add(new Task(id, sweep.name(), params, sweep.kernels(), cost));
        int a = axes.size() - 1;
        while (a >= 0 && ++index[a] == axes.get(a).values().size()) {
          index[a] = 0;
          a--;
        }
        if (a < 0) {
          break;
        }
      }
    }
    // Largest first, so that no long task starts last; ties in grid order (a stable sort).
    tasks.sort(Comparator.comparingDouble(Task::estimatedNanos).reversed());
    return new SweepPlan(sweep, List.copyOf(tasks));
  }

  private static TaskParams params(Sweep sweep, List<Axis> axes, int[] index) {
    TaskParams.Builder b = TaskParams.builder();
    for (int a = 0; a < axes.size(); a++) {
      b.set(axes.get(a).parameter(), axes.get(a).values().get(index[a]));
    }
    try {
      TaskParams params = b.build();
      for (Kernel k : sweep.kernels()) {
        k.check(params); // a kernel that cannot run the task: refused before anything runs
      }
      return params;
    } catch (InvalidParameterException e) {
      throw located(sweep, axes, e);
    }
  }

  private static SweepFileException located(Sweep sweep, List<Axis> axes, InvalidParameterException e) {
    String reason = e.getMessage().substring(e.parameter().length() + 2);
    Parameter p = Parameter.named(e.parameter());
    if (p != null) {
      Axis a = axes.stream().filter(x -> x.parameter() == p).findFirst().orElse(sweep.axis(p));
      return new SweepFileException(sweep.file(), Math.max(1, a.line()), a.field(), reason);
    }
    return new SweepFileException(sweep.file(), 1, e.parameter(), reason);
  }

  /**
   * The canonical text of a task's parameters: every setting in declaration order, as
   * {@code key=value}, numbers as Java prints doubles (shortest round-trip form, the same on every
   * machine). A setting added after version 0.1 is left out at its default value, so that every
   * task id written before it stays the same.
   */
  public static String canonical(TaskParams t) {
    List<String> parts = new ArrayList<>();
    for (Parameter p : Parameter.SETTINGS) {
      Object v = t.get(p);
      if (p.legacy() || !p.isDefault(v, t::get)) {
        parts.add(p.key() + "=" + Parameter.text(v));
      }
    }
    return String.join(";", parts);
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

  /** The steps of all tasks that a kernel knows in advance (SGD's), at most: a diverging run stops earlier. */
  public long plannedSteps(Kernel kernel) {
    if (!sweep.kernels().contains(kernel)) {
      return 0;
    }
    long steps = 0;
    for (Task t : tasks) {
      steps += kernel.plannedSteps(t.params());
    }
    return steps;
  }

  /** Estimated single-core hours of one kernel's runs. */
  public double estimatedCoreHours(Kernel kernel) {
    double ns = 0;
    for (Task t : tasks) {
      ns += kernel.estimatedNanos(t.params());
    }
    return ns / 3.6e12;
  }

  /** Heap the largest task holds, over its kernels (which run one after the other). */
  public long largestTaskBytes() {
    long max = 0;
    for (Task t : tasks) {
      for (Kernel k : sweep.kernels()) {
        max = Math.max(max, k.estimatedBytes(t.params()));
      }
    }
    return max;
  }

  /**
   * Refuses a sweep whose largest tasks, {@code sideBySide} of them at once, would not fit in
   * {@code heapBytes} (of which Spark keeps 300 MB and its own share: 70% of the rest is counted).
   * Checked before anything is written, so a task too large is bad input, not a dead JVM.
   */
  public void checkMemory(long heapBytes, int sideBySide, String where) {
    long need = largestTaskBytes() * Math.max(1, Math.min(sideBySide, tasks.size()));
    double usable = usableHeap(heapBytes);
    if (need > usable) {
      Axis d = sweep.axis(Parameter.D);
      throw new SweepFileException(sweep.file(), Math.max(1, d.line()), d.field(), String.format("the largest task "
          + "holds %s; %d side by side need %s, above the %s usable of %s's %s heap: lower d, or give more memory "
          + "(PHASESWEEP_JAVA_OPTS=-Xmx..., or spark.executor.memory)", bytes(largestTaskBytes()),
          Math.max(1, Math.min(sideBySide, tasks.size())), bytes(need), bytes((long) usable), where, bytes(heapBytes)));
    }
  }

  /** What tasks may hold of a heap: the rest is the JVM's, Spark's and the garbage collector's room. */
  public static long usableHeap(long heapBytes) {
    return (long) (0.7 * Math.max(0, heapBytes - (300L << 20)));
  }

  public static String bytes(long b) {
    return b >= 1L << 30 ? String.format("%.1f GiB", b / (double) (1L << 30)) : String.format("%.0f MiB", b / (double) (1L << 20));
  }

  public double estimatedCoreHours() {
    double ns = 0;
    for (Task t : tasks) {
      ns += t.estimatedNanos();
    }
    return ns / 3.6e12;
  }
}
