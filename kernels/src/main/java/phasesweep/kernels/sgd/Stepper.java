package phasesweep.kernels.sgd;

import phasesweep.kernels.model.Overlaps;

/**
 * A process that takes SGD steps and reports its overlaps: the full SGD ({@link SgdKernel}) or
 * the chain of its overlaps ({@link OverlapChainKernel}). {@link SteppingLoop} drives either to
 * the task's checkpoints, on the pattern of Hipparchus' integrators and step handlers: the
 * stepper knows how to step, the loop when to stop and what to record.
 */
interface Stepper {
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
}
