package phasesweep.kernels;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The lower-case names by which enums appear in sweep files, tables and on the command line. */
public final class EnumIds {
  private EnumIds() {}

  public static String id(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /** The constant of {@code type} named {@code id}, or an error naming {@code parameter}. */
  public static <E extends Enum<E>> E parse(Class<E> type, String id, String parameter) {
    for (E e : type.getEnumConstants()) {
      if (id(e).equals(id)) {
        return e;
      }
    }
    String expected = Arrays.stream(type.getEnumConstants()).map(EnumIds::id).collect(Collectors.joining(", "));
    throw new InvalidParameterException(parameter, "unknown value '" + id + "' (expected one of " + expected + ")");
  }
}
