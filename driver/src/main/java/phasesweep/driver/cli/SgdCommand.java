package phasesweep.driver.cli;

import java.util.concurrent.Callable;
import phasesweep.kernels.TaskParams;
import phasesweep.kernels.sgd.SgdKernel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "sgd", mixinStandardHelpOptions = true, modelTransformer = ModelOptions.Sgd.class,
    description = {"Runs one-pass SGD of one task and prints its risk curve as CSV (t,risk) on stdout. "
        + "The risk is exact, from the overlaps of the weights (docs/physics.md §2). A diverged run prints the "
        + "curve up to the divergence and says when on stderr (exit code 0).",
        "Exit codes: 0 a curve, 2 bad input."})
public final class SgdCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    TaskParams params = ModelOptions.builder(spec).build();
    return CurveOutput.print(SgdKernel.run(params), params, spec);
  }
}
