package phasesweep.driver.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import phasesweep.driver.failure.UserInputException;
import phasesweep.kernels.Kernel;
import phasesweep.kernels.KernelResult;
import phasesweep.kernels.Parameter;
import phasesweep.kernels.TaskParams;
import phasesweep.kernels.model.Overlaps;
import picocli.CommandLine.Model.CommandSpec;

/**
 * One task of one kernel from the command line ({@code sgd}, {@code ode}): the kernel named by
 * {@code --kernel} among those of the command's sampling (the kernels' own descriptions, an open
 * set), from the seeded weights or from {@code --init-overlaps}, printed by {@link CurveOutput}.
 */
final class OneTask {
  private OneTask() {}

  /** "sgd, sgd_overlaps": the kernels a command of this sampling runs. */
  static String ids(Kernel.Sampling sampling) {
    return ids(k -> k.sampling() == sampling);
  }

  private static String ids(java.util.function.Predicate<Kernel> which) {
    return Arrays.stream(Kernel.values()).filter(which).map(Kernel::id).collect(Collectors.joining(", "));
  }

  /** Runs the task the options describe and prints its curve; returns the exit code. */
  static int run(CommandSpec spec, Kernel.Sampling sampling, String kernelId, Path initOverlaps, CostLimit limit) {
    Kernel kernel;
    try {
      kernel = Kernel.of(kernelId);
    } catch (phasesweep.kernels.InvalidParameterException e) {
      kernel = null;
    }
    if (kernel == null || kernel.sampling() != sampling) {
      throw new UserInputException("--kernel: '" + kernelId + "' is not a kernel " + spec.name() + " runs; one of "
          + ids(sampling));
    }
    TaskParams.Builder b = ModelOptions.builder(spec);
    if (initOverlaps == null) {
      TaskParams params = b.build();
      kernel.check(params);
      limit.check(kernel, params);
      return CurveOutput.print(kernel.run(params), params, spec);
    }
    if (!kernel.startsFromOverlaps()) {
      throw new UserInputException("--init-overlaps: kernel " + kernel.id() + " starts from weights, not overlaps; "
          + "the kernels that take overlaps: " + ids(k -> k.sampling() == sampling && k.startsFromOverlaps()));
    }
    Overlaps start = InitialOverlapsFile.read(initOverlaps);
    // p = round(p0 d^kappa) must give the file's p: p0 = p d^-kappa
    int d = (Integer) ModelOptions.value(spec, Parameter.D);
    double kappa = (Double) ModelOptions.value(spec, Parameter.KAPPA);
    TaskParams params = b.k(start.k()).p0(start.p() * Math.pow(d, -kappa)).build();
    kernel.check(params);
    limit.check(kernel, params);
    return CurveOutput.print(kernel.run(params, start), params, spec);
  }
}
