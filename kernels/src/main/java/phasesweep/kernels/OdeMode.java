package phasesweep.kernels;

import java.util.Locale;

/** Which ODE the ODE kernel integrates (SPEC §3). */
public enum OdeMode {
  /** All terms with the actual {@code d, p, gamma}: follows SGD at the same {@code d}. */
  FINITE,
  /** {@code d -> infinity}: green drops the noise ({@code gamma^2}) term, orange freezes M, blue keeps both. */
  LIMIT;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static OdeMode of(String id) {
    for (OdeMode m : values()) {
      if (m.id().equals(id)) {
        return m;
      }
    }
    throw new IllegalArgumentException("mode: unknown value '" + id + "' (expected finite or limit)");
  }
}
