package phasesweep.kernels.model;

import phasesweep.kernels.EnumIds;

/** Where the student's rows may go (docs/physics.md §1.2). */
public enum Constraint {
  /** Free norms: the step is the gradient step alone. */
  NONE,
  /**
   * Spherical SGD: after every step (every batch) each student row is rescaled to
   * {@code |w_j|^2 = d}, so {@code Q_jj = 1} always.
   */
  SPHERE;

  public String id() {
    return EnumIds.id(this);
  }
}
