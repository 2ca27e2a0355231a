package phasesweep.kernels;

import java.util.Locale;

/** How the teacher is drawn (SPEC §1). Students are always random rows of norm {@code sqrt d}. */
public enum Init {
  /** Teacher rows {@code N(0, I_d)} rescaled to norm {@code sqrt d}, so {@code P_rr = 1}. */
  RANDOM,
  /** Teacher rows orthogonalised (QR) and scaled to norm {@code sqrt d}, so {@code P = I}. */
  ORTHOGONAL;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Init of(String id) {
    for (Init i : values()) {
      if (i.id().equals(id)) {
        return i;
      }
    }
    throw new IllegalArgumentException("init: unknown value '" + id + "' (expected random or orthogonal)");
  }
}
