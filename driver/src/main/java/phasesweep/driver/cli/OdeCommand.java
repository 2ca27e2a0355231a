package phasesweep.driver.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import phasesweep.kernels.Kernel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "ode", mixinStandardHelpOptions = true, modelTransformer = ModelOptions.Ode.class,
    description = {"Runs a deterministic kernel on one task: by default the ODE of the overlaps "
        + "(docs/physics.md §3); --kernel ode_limit for its d -> infinity limit, mean_map for the mean map of "
        + "one step (§3.3). Prints the risk curve as CSV (t,risk,cosine) on stdout, at the same checkpoints as "
        + "the SGD of the same task. By default it starts from the overlaps of the task's seeded initial weights, "
        + "where its SGD starts.",
        "Exit codes: 0 a curve (also a diverged one), 2 bad input, 3 no curve (red region: no ODE; "
        + "or the state left the valid covariance domain)."})
public final class OdeCommand implements Callable<Integer> {
  @Option(names = "--kernel", paramLabel = "<kernel>", defaultValue = "ode",
      description = "The deterministic kernel to run: ${COMPLETION-CANDIDATES}. Default: ode.",
      completionCandidates = Kernels.class)
  String kernel;

  @Option(names = "--init-overlaps", paramLabel = "FILE",
      description = "Start from these overlaps instead of the seeded weights' (e.g. published initial "
          + "conditions): a JSON file {\"Q\": [[...]], \"M\": [[...]], \"P\": [[...]]} with Q p x p, M p x k, "
          + "P k x k (at most 1 MiB, each entry within +-1e6, each key once). It sets p and k (--p0 and --k are "
          + "then ignored).")
  Path initOverlaps;

  @Mixin
  CostLimit limit;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    return OneTask.run(spec, Kernel.Sampling.DETERMINISTIC, kernel, initOverlaps, limit);
  }

  /** The deterministic kernels' ids, from the kernels themselves. */
  static final class Kernels implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.List.of(OneTask.ids(Kernel.Sampling.DETERMINISTIC).split(", ")).iterator();
    }
  }
}
