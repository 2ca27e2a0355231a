package phasesweep.driver.failure;

import phasesweep.kernels.TaskParams;

/**
 * A task that ran out of memory in its kernel: a fault of the heap's size, not a result. Carries
 * the error's message but not the error itself, as Spark ends the JVM on a fatal error in a
 * failed task's cause chain.
 */
public final class TaskOutOfMemoryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TaskOutOfMemoryException(String taskId, String kernel, TaskParams params, String why) {
    super(String.format("failed: out of memory in task %s (kernel %s, p = %d, k = %d, d = %d: %s); the finished tasks "
        + "are kept: give the JVM more (PHASESWEEP_JAVA_OPTS=-Xmx..., or spark.executor.memory on a cluster), then "
        + "rerun the same command to resume", taskId, kernel, params.p(), params.k(), params.d(), why));
  }
}
