package phasesweep.kernels;

/** How the teacher is drawn (docs/physics.md §1). Students are always random rows of norm {@code sqrt d}. */
public enum Init {
  /** Teacher rows {@code N(0, I_d)} rescaled to norm {@code sqrt d}, so {@code P_rr = 1}. */
  RANDOM,
  /** Teacher rows orthogonalised (QR) and scaled to norm {@code sqrt d}, so {@code P = I}. */
  ORTHOGONAL;

  public String id() {
    return EnumIds.id(this);
  }

}
