package phasesweep.driver.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import phasesweep.kernels.Kernel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sgd", mixinStandardHelpOptions = true, modelTransformer = ModelOptions.Sgd.class,
    description = {"Runs one-pass SGD of one task and prints its risk curve as CSV (t,risk,cosine) on stdout: "
        + "by default the full SGD in d dimensions; --kernel sgd_overlaps for the exact chain of its overlaps "
        + "(docs/physics.md §8). The risk is exact, from the overlaps (§2). A diverged run prints the "
        + "curve up to the divergence and says when on stderr (exit code 0).",
        "Exit codes: 0 a curve, 2 bad input."})
public final class SgdCommand implements Callable<Integer> {
  @Option(names = "--kernel", paramLabel = "<kernel>", defaultValue = "sgd",
      description = "The SGD kernel to run: ${COMPLETION-CANDIDATES}. Default: sgd.",
      completionCandidates = Kernels.class)
  String kernel;

  @Option(names = "--init-overlaps", paramLabel = "FILE",
      description = "Start from these overlaps (a JSON file as for ode --init-overlaps; it sets p and k); only "
          + "for a kernel that starts from overlaps (sgd_overlaps), as the full SGD needs weights.")
  Path initOverlaps;

  @Mixin
  CostLimit limit;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    return OneTask.run(spec, Kernel.Sampling.SAMPLED, kernel, initOverlaps, limit);
  }

  /** The sampled kernels' ids, from the kernels themselves. */
  static final class Kernels implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.List.of(OneTask.ids(Kernel.Sampling.SAMPLED).split(", ")).iterator();
    }
  }
}
