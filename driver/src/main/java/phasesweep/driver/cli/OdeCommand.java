package phasesweep.driver.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import phasesweep.kernels.OdeKernel;
import phasesweep.kernels.OdeMode;
import phasesweep.kernels.Overlaps;
import phasesweep.kernels.TaskParams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "ode", mixinStandardHelpOptions = true,
    description = {"Integrates the ODE of the overlaps of one task (SPEC §3) and prints its risk curve "
        + "as CSV (t,risk) on stdout, at the same checkpoints as the SGD of the same task. "
        + "By default it starts from the overlaps of the task's seeded initial weights, where its SGD starts.",
        "Exit codes: 0 a curve (also a diverged one), 2 bad input, 3 no curve (red region: no ODE; "
        + "or the state left the valid covariance domain)."})
public final class OdeCommand implements Callable<Integer> {
  @Mixin
  ModelOptions model;

  @Option(names = "--mode", defaultValue = "finite",
      description = "finite (all terms at this d; follows SGD) or limit (d -> infinity: green drops the gamma^2 noise term, orange freezes M). Default: ${DEFAULT-VALUE}.")
  OdeMode mode;

  @Option(names = "--rtol", defaultValue = "1e-8", description = "Relative tolerance of the adaptive integrator. Default: ${DEFAULT-VALUE}.")
  double rtol;

  @Option(names = "--atol", defaultValue = "1e-10", description = "Absolute tolerance of the adaptive integrator. Default: ${DEFAULT-VALUE}.")
  double atol;

  @Option(names = "--init-overlaps", paramLabel = "FILE",
      description = "Start from these overlaps instead of the seeded weights' (e.g. published initial "
          + "conditions): a JSON file {\"Q\": [[...]], \"M\": [[...]], \"P\": [[...]]} with Q p x p, M p x k, "
          + "P k x k. It sets p and k (--p0 and --k are then ignored).")
  Path initOverlaps;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    TaskParams.Builder b = model.builder().odeMode(mode).rtol(rtol).atol(atol);
    if (initOverlaps == null) {
      return CurveOutput.print(OdeKernel.run(b.build()), spec);
    }
    Overlaps start = InitialOverlapsFile.read(initOverlaps);
    // p = round(p0 d^kappa) must give the file's p: p0 = p d^-kappa
    TaskParams params = b.k(start.k()).p0(start.p() * Math.pow(model.d, -model.kappa)).build();
    return CurveOutput.print(OdeKernel.run(params, start), spec);
  }
}
