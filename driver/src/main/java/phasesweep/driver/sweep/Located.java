package phasesweep.driver.sweep;

import com.fasterxml.jackson.core.JsonToken;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import phasesweep.driver.sweep.YamlTree.Entry;
import phasesweep.driver.sweep.YamlTree.MapNode;
import phasesweep.driver.sweep.YamlTree.Node;
import phasesweep.driver.sweep.YamlTree.Scalar;
import phasesweep.kernels.EnumIds;
import phasesweep.kernels.InvalidParameterException;

/**
 * Walks a {@link YamlTree} of one sweep file: typed scalars and checked maps, every error naming
 * the file, the line, the field and the reason ({@link SweepFileException}).
 */
final class Located {
  private final String file;

  Located(String file) {
    this.file = file;
  }

  SweepFileException error(int line, String field, String reason) {
    return new SweepFileException(file, line, field, reason);
  }

  // ---- scalars ---------------------------------------------------------------------------

  /**
   * A finite number. YAML 1.1 reads {@code 1e-3} (no dot) as a string; it is accepted as the
   * number it is meant to be.
   */
  private static final BigDecimal LARGEST = new BigDecimal("1e300");
  private static final BigDecimal SMALLEST = new BigDecimal("1e-300");

  /** A number as written, exactly; of a magnitude a double holds, so that arithmetic on it cannot overflow. */
  BigDecimal number(Node node, String field) {
    Scalar s = scalar(node, field, "a number");
    if (s.token() == JsonToken.VALUE_TRUE || s.token() == JsonToken.VALUE_FALSE || s.isNull()) {
      throw error(s.line(), field, "must be a number, got " + (s.isNull() ? "nothing" : s.text()));
    }
    String text = s.text().strip().replace("_", "");
    if (text.length() > 40) {
      throw error(s.line(), field, "must be a number of at most 40 characters, got " + text.length());
    }
    try {
      BigDecimal v = new BigDecimal(text);
      if (v.signum() != 0 && (v.abs().compareTo(LARGEST) > 0 || v.abs().compareTo(SMALLEST) < 0)) {
        throw error(s.line(), field, "must be 0 or of magnitude between 1e-300 and 1e300, got " + text);
      }
      return v;
    } catch (NumberFormatException e) {
      String t = s.text().strip().toLowerCase(Locale.ROOT);
      if (t.matches("[-+]?\\.?(nan|inf|infinity)")) {
        throw error(s.line(), field, "must be a finite number, got " + s.text());
      }
      throw error(s.line(), field, "must be a number, got '" + shown(s.text()) + "'");
    }
  }

  int integer(Node node, String field) {
    return (int) whole(number(node, field), node.line(), field, Integer.MAX_VALUE);
  }

  long whole(BigDecimal v, int line, String field, long max) {
    BigDecimal r = v.stripTrailingZeros();
    if (r.scale() > 0) {
      throw error(line, field, "must be a whole number, got " + v.toPlainString());
    }
    if (r.abs().compareTo(BigDecimal.valueOf(max)) > 0) {
      String shown = v.toPlainString().length() <= 20 ? v.toPlainString()
          : v.round(new java.math.MathContext(6)).stripTrailingZeros().toString();
      throw error(line, field, "is too large: " + shown + " (at most " + max + ")");
    }
    return r.longValueExact();
  }

  String string(Node node, String field) {
    Scalar s = scalar(node, field, "a text");
    if (s.isNull() || s.text().isBlank()) {
      throw error(s.line(), field, "must not be empty");
    }
    return s.text().strip();
  }

  <E extends Enum<E>> E enumValue(Class<E> type, Node node, String field) {
    String text = string(node, field);
    try {
      return EnumIds.parse(type, text, field);
    } catch (InvalidParameterException e) {
      throw error(node.line(), field, e.getMessage().substring(field.length() + 2).replace(text, shown(text)));
    }
  }

  private Scalar scalar(Node node, String field, String what) {
    if (node instanceof Scalar s) {
      return s;
    }
    throw error(node.line(), field, "must be " + what + ", got a " + (node instanceof MapNode ? "map" : "list"));
  }

  /**
   * Text from the file as a message quotes it: at most 40 characters, control characters
   * escaped, so that a hostile key or value cannot flood or forge the one line of an error.
   */
  static String shown(String text) {
    StringBuilder b = new StringBuilder();
    text.codePoints().limit(40).forEach(c -> {
      if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
        b.append(String.format("\\u%04x", c));
      } else {
        b.appendCodePoint(c);
      }
    });
    return text.codePointCount(0, text.length()) > 40 ? b + "..." : b.toString();
  }

  // ---- maps ------------------------------------------------------------------------------

  MapNode map(Node node, String field, List<String> topKeys) {
    if (node instanceof MapNode m) {
      return m;
    }
    throw error(node.line(), field, field.isEmpty()
        ? "a sweep file is a map with the keys " + String.join(", ", topKeys) : "must be a map");
  }

  /** The entries of an optional section, with its keys checked; empty if it is absent. */
  Map<String, Entry> entries(MapNode parent, String key, List<String> allowed) {
    Entry e = parent.entries().get(key);
    if (e == null) {
      return Map.of();
    }
    MapNode m = map(e.value(), key, List.of());
    keys(m, key, allowed);
    return m.entries();
  }

  void keys(MapNode m, String field, List<String> allowed) {
    for (Entry e : m.entries().values()) {
      if (!allowed.contains(e.key())) {
        String at = field.isEmpty() ? shown(e.key()) : field + "." + shown(e.key());
        throw error(e.line(), at, "unknown key (expected one of " + String.join(", ", allowed) + ")");
      }
    }
  }

  Entry require(MapNode m, String field, String key) {
    Entry e = m.entries().get(key);
    if (e == null) {
      throw error(m.line(), field.isEmpty() ? key : field + "." + key, "missing");
    }
    return e;
  }

  /** The line of a section, or of the file's top if the section is absent: where "missing" points. */
  static int lineOf(MapNode top, String section) {
    return top.entries().containsKey(section) ? top.entries().get(section).line() : top.line();
  }
}
