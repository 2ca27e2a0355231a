package phasesweep.kernels.stepping;

import phasesweep.kernels.model.Overlaps;

/**
 * A process that takes SGD steps and reports its overlaps: the full SGD ({@code sgd.SgdKernel}), the
 * chain of its overlaps ({@code sgd.OverlapChainKernel}) or the mean map of its step
 * ({@code ode.MeanMapKernel}). {@link SteppingLoop} drives any of them to the task's checkpoints,
 * on the pattern of Hipparchus' integrators and step handlers: the stepper knows how to step, the
 * loop when to stop and what to record.
 */
public interface Stepper {
  /**
   * Takes up to {@code steps} steps; stops early at a divergence.
   *
   * @return the steps taken
   */
  long advance(long steps);

  /**
   * {@code Omega = [[Q, M], [M^T, P]]} of the current state, students first: the stepper's own
   * matrix, valid until the next {@link #advance}; not to be modified.
   */
  double[][] covariance();

  /** The current overlaps (a copy). */
  Overlaps overlaps();

  /** Steps taken so far. */
  long step();

  boolean diverged();

  /** Why and at which step the run diverged; empty if it did not. */
  String divergence();

  /**
   * Why the process could not go on other than by diverging (its state left the domain where a
   * step is defined), with the step; empty while it can.
   */
  default String failure() {
    return "";
  }
}
