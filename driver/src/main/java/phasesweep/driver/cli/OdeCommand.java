package phasesweep.driver.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import phasesweep.kernels.Parameter;
import phasesweep.kernels.TaskParams;
import phasesweep.kernels.model.Overlaps;
import phasesweep.kernels.ode.OdeKernel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "ode", mixinStandardHelpOptions = true, modelTransformer = ModelOptions.Ode.class,
    description = {"Integrates the ODE of the overlaps of one task (docs/physics.md §3) and prints its risk curve "
        + "as CSV (t,risk) on stdout, at the same checkpoints as the SGD of the same task. "
        + "By default it starts from the overlaps of the task's seeded initial weights, where its SGD starts.",
        "Exit codes: 0 a curve (also a diverged one), 2 bad input, 3 no curve (red region: no ODE; "
        + "or the state left the valid covariance domain)."})
public final class OdeCommand implements Callable<Integer> {
  @Option(names = "--init-overlaps", paramLabel = "FILE",
      description = "Start from these overlaps instead of the seeded weights' (e.g. published initial "
          + "conditions): a JSON file {\"Q\": [[...]], \"M\": [[...]], \"P\": [[...]]} with Q p x p, M p x k, "
          + "P k x k. It sets p and k (--p0 and --k are then ignored).")
  Path initOverlaps;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    TaskParams.Builder b = ModelOptions.builder(spec);
    if (initOverlaps == null) {
      TaskParams params = b.build();
      return CurveOutput.print(OdeKernel.run(params), params, spec);
    }
    Overlaps start = InitialOverlapsFile.read(initOverlaps);
    // p = round(p0 d^kappa) must give the file's p: p0 = p d^-kappa
    int d = (Integer) ModelOptions.value(spec, Parameter.D);
    double kappa = (Double) ModelOptions.value(spec, Parameter.KAPPA);
    TaskParams params = b.k(start.k()).p0(start.p() * Math.pow(d, -kappa)).build();
    return CurveOutput.print(OdeKernel.run(params, start), params, spec);
  }
}
