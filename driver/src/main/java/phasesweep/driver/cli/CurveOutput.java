package phasesweep.driver.cli;

import java.io.PrintWriter;
import phasesweep.driver.failure.Failure;
import phasesweep.kernels.KernelResult;
import phasesweep.kernels.Status;
import phasesweep.kernels.TaskParams;
import phasesweep.kernels.model.WeakRecovery;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Prints a kernel's curve as CSV {@code t,risk,cosine} on stdout (the cosine is the largest
 * student-teacher cosine, whose first reaching 1/2 is weak recovery: docs/physics.md §5) and how
 * it ended on stderr.
 */
final class CurveOutput {
  private CurveOutput() {}

  /** @return the exit code: 0 for a curve (also a diverged one), 3 when nothing was computed */
  static int print(KernelResult r, TaskParams task, CommandSpec spec) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (r.status() == Status.NO_ODE) {
      err.println(spec.name() + ": " + r.message());
      return Failure.EXIT_NO_RESULT;
    }
    out.println("t,risk,cosine");
    double[] cosines = WeakRecovery.largestCosines(r.curveQ(), r.curveM(), r.times().length, task.teacherActivation());
    for (int i = 0; i < r.times().length; i++) {
      out.println(r.times()[i] + "," + r.risks()[i] + "," + (i < cosines.length ? cosines[i] : ""));
    }
    out.flush();
    String cost = r.steps() + " " + r.kernel().stepUnit();
    switch (r.status()) {
      case OK:
        err.printf("%s: status ok, risk_final %s, risk_tail %s, %s, %.3f s%n", spec.name(),
            r.riskFinal(), r.riskTail(), cost, r.wallSeconds());
        return 0;
      case DIVERGED:
        err.printf("%s: status diverged at t = %s: %s (%s, %.3f s)%n", spec.name(), r.tDiverged(),
            r.message(), cost, r.wallSeconds());
        return 0;
      default:
        err.printf("%s: status %s: %s%n", spec.name(), r.status().id(), r.message());
        return Failure.EXIT_NO_RESULT;
    }
  }
}
