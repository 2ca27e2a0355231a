package phasesweep.driver.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import phasesweep.driver.sweep.SweepFile;
import phasesweep.driver.sweep.SweepPlan;
import phasesweep.kernels.Kernel;
import phasesweep.kernels.model.Region;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "plan", mixinStandardHelpOptions = true,
    description = {"Expands a sweep file and prints its tasks per region, the steps known in advance (SGD's) and the "
        + "estimated cost, "
        + "without running anything.", "Exit codes: 0, or 2 for a sweep file with an error (its line and field)."})
public final class PlanCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SWEEP", description = "The sweep file (YAML).")
  Path sweepFile;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    SweepPlan plan = SweepPlan.of(SweepFile.read(sweepFile));
    print(plan, spec.commandLine().getOut());
    return 0;
  }

  static void print(SweepPlan plan, PrintWriter out) {
    out.printf("sweep %s: %d tasks, kernels %s%n", plan.sweep().name(), plan.tasks().size(),
        plan.sweep().kernels().stream().map(k -> k.id()).collect(Collectors.joining(", ")));
    Map<Region, Integer> regions = plan.tasksPerRegion();
    for (Region r : Region.values()) {
      out.printf("  %-7s %8d tasks%n", r.id(), regions.getOrDefault(r, 0));
    }
    for (Kernel k : plan.sweep().kernels()) {
      long steps = plan.plannedSteps(k);
      if (steps > 0) {
        out.printf("%s %s: %.3g in all (at most: a diverging run stops early)%n", k.id().toUpperCase(Locale.ROOT),
            "steps", (double) steps);
      }
    }
    if (plan.sweep().kernels().size() > 1) {
      for (Kernel k : plan.sweep().kernels()) {
        out.printf("  %-13s %.3g core-hours%n", k.id(), plan.estimatedCoreHours(k));
      }
    }
    Runtime jvm = Runtime.getRuntime();
    String fits;
    try {
      plan.checkMemory(jvm.maxMemory(), jvm.availableProcessors(), "this JVM");
      fits = "fits";
    } catch (phasesweep.driver.sweep.SweepFileException e) {
      fits = "does NOT fit (run refuses it here; on a cluster, spark.executor.memory decides)";
    }
    out.printf("memory: largest task %s; %d side by side in local[*] here %s%n",
        SweepPlan.bytes(plan.largestTaskBytes()), jvm.availableProcessors(), fits);
    double hours = plan.estimatedCoreHours();
    out.printf("estimated cost: %.3g core-hours (%s on one core; largest task %s)%n", hours,
        duration(hours * 3600), duration(plan.tasks().get(0).estimatedNanos() * 1e-9));
    out.flush();
  }

  static String duration(double seconds) {
    if (seconds < 120) {
      return String.format("%.0f s", seconds);
    }
    if (seconds < 7200) {
      return String.format("%.0f min", seconds / 60);
    }
    return String.format("%.1f h", seconds / 3600);
  }
}
