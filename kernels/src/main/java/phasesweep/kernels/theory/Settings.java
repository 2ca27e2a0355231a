package phasesweep.kernels.theory;

import phasesweep.kernels.EnumIds;
import phasesweep.kernels.Parameter;
import phasesweep.kernels.model.Activation;

/**
 * The settings of a group of runs, as a theory reads them: a value per {@link Parameter} (numbers
 * as {@link Number}, enumerations as their constant or their id). Not modified.
 */
@FunctionalInterface
public interface Settings {
  /** The value of {@code p} (its default if the settings lack it). */
  Object get(Parameter p);

  default double number(Parameter p) {
    return ((Number) get(p)).doubleValue();
  }

  default Activation activation(Parameter p) {
    Object v = get(p);
    return v instanceof Activation a ? a : phasesweep.kernels.EnumIds.parse(Activation.class, String.valueOf(v), p.key());
  }

  /** Whether the enumeration parameter {@code p} has the value {@code value} (given as constant or id). */
  default boolean is(Parameter p, Enum<?> value) {
    return EnumIds.id(value).equals(Parameter.text(get(p)));
  }
}
