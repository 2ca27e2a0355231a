package phasesweep.driver.sweep;

import java.io.Serializable;
import java.util.List;
import phasesweep.kernels.Kernel;
import phasesweep.kernels.TaskParams;

/**
 * One point of a sweep's grid: its parameters, the kernels to run, a stable id and an
 * estimated cost.
 *
 * @param taskId a hash of the canonical parameters: the same on every run and machine
 * @param estimatedNanos estimated single-core run time of all its kernels
 */
public record Task(String taskId, String sweep, TaskParams params, List<Kernel> kernels, double estimatedNanos)
    implements Serializable {
  private static final long serialVersionUID = 1L;
}
