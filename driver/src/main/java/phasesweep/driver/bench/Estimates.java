package phasesweep.driver.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import phasesweep.kernels.Kernel;
import phasesweep.kernels.Parameter;
import phasesweep.kernels.TaskParams;
import phasesweep.kernels.model.Activation;
import phasesweep.driver.sweep.SweepPlan;

/**
 * The plan's estimate of a task against its measured time (issue #33, items 8 and 11): tasks of
 * the shipped sweeps, from each kernel's cheapest to its largest under a cap, and the sizes the
 * old model missed (long ODE horizons, many teacher units), each run once on this thread after a
 * warm-up (short ones after a run of their own). Tasks shorter than {@link #SHORT_SECONDS} are listed but not scored: their time is the
 * JIT's, not the model's.
 */
public final class Estimates {
  /** Below this a task's measured time is mostly compilation and class loading. */
  public static final double SHORT_SECONDS = 0.1;

  private Estimates() {}

  /** One task: what the plan said, what it took. */
  public record Row(String source, String kernel, String task, double estimatedSeconds, double measuredSeconds,
      String status) {
    public double ratio() {
      return estimatedSeconds / measuredSeconds;
    }

    public boolean scored() {
      return Math.max(estimatedSeconds, measuredSeconds) >= SHORT_SECONDS;
    }
  }

  /** A task to measure, and where it comes from. */
  public record Case(String source, Kernel kernel, TaskParams params) {}

  /**
   * From each kernel each plan runs, the cheapest task, the median and the largest estimated under
   * {@code capSeconds}, without repeats.
   */
  public static List<Case> fromPlans(Map<String, SweepPlan> plans, double capSeconds) {
    List<Case> cases = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Map.Entry<String, SweepPlan> plan : plans.entrySet()) {
      for (Kernel kernel : plan.getValue().sweep().kernels()) {
        List<TaskParams> under = plan.getValue().tasks().stream().map(phasesweep.driver.sweep.Task::params)
            .filter(t -> kernel.estimatedNanos(t) > 0 && kernel.estimatedNanos(t) * 1e-9 <= capSeconds)
            .sorted(Comparator.comparingDouble(kernel::estimatedNanos)).toList();
        if (under.isEmpty()) {
          continue;
        }
        for (TaskParams t : List.of(under.get(0), under.get(under.size() / 2), under.get(under.size() - 1))) {
          if (seen.add(kernel.id() + " " + t)) {
            cases.add(new Case(plan.getKey(), kernel, t));
          }
        }
      }
    }
    return cases;
  }

  /** The sizes the old cost model did not see: long ODE horizons, many teacher units. */
  public static List<Case> edges(boolean quick) {
    TaskParams green = TaskParams.builder().d(1000).p0(2).k(2).delta(0.5).build();
    List<Case> cases = new ArrayList<>();
    for (double t : quick ? new double[] {1e4} : new double[] {1e4, 1e5, 1e6}) {
      cases.add(new Case("long horizon", Kernel.ODE, green.toBuilder().tMax(t).build()));
    }
    cases.add(new Case("long horizon", Kernel.ODE, green.toBuilder().p0(8).k(4).tMax(quick ? 1e4 : 1e5).build()));
    cases.add(new Case("many teachers", Kernel.ODE, green.toBuilder().k(300).tMax(100).build()));
    cases.add(new Case("many teachers", Kernel.SGD,
        green.toBuilder().d(100).k(quick ? 500 : 2000).tMax(10).build()));
    return cases;
  }

  /**
   * A task estimated under this is run once before it is timed: its first run pays the compilation
   * of its activation's averages, which a sweep pays once per executor, not per task.
   */
  static final double WARM_UP_BELOW_NANOS = 2e9;

  /** Runs each case once (after a warm-up run of the first, if asked) and compares. */
  public static List<Row> measure(List<Case> cases, boolean warmUp) {
    if (warmUp && !cases.isEmpty()) {
      cases.get(0).kernel().run(cases.get(0).params());
    }
    List<Row> rows = new ArrayList<>();
    for (Case c : cases) {
      if (c.kernel().estimatedNanos(c.params()) < WARM_UP_BELOW_NANOS) {
        c.kernel().run(c.params());
      }
      long start = System.nanoTime();
      String status = c.kernel().run(c.params()).status().id();
      double measured = (System.nanoTime() - start) * 1e-9;
      rows.add(new Row(c.source(), c.kernel().id(), summary(c.params()), c.kernel().estimatedNanos(c.params()) * 1e-9,
          measured, status));
    }
    return rows;
  }

  /** The settings that drive the cost, in one line. */
  static String summary(TaskParams t) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("d", t.d());
    s.put("p", t.p());
    s.put("k", t.k());
    s.put("delta", t.delta());
    s.put("t_max", t.tMax());
    if (t.batch() > 1) {
      s.put("b", t.batch());
    }
    if (t.activation() != Activation.ERF || t.teacherActivation() != Activation.ERF) {
      s.put("act", t.activation().id() + "/" + t.teacherActivation().id());
    }
    StringBuilder b = new StringBuilder();
    s.forEach((key, v) -> b.append(b.length() == 0 ? "" : " ").append(key).append('=')
        .append(v instanceof Double x ? Parameter.display(x) : v));
    return b.toString();
  }
}
