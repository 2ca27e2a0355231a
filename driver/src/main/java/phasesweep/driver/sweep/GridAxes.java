package phasesweep.driver.sweep;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import phasesweep.driver.sweep.YamlTree.Entry;
import phasesweep.driver.sweep.YamlTree.ListNode;
import phasesweep.driver.sweep.YamlTree.MapNode;
import phasesweep.driver.sweep.YamlTree.Node;
import phasesweep.kernels.Parameter;

/**
 * The values of one grid axis, typed by its {@link Parameter}: a list, a single value, an
 * arithmetic range {@code {from, to, step}}, a geometric one {@code {from, to, factor}}, or for
 * the seed {@code {from, count}}. Decimal ranges are computed exactly, so they land on their ends.
 */
final class GridAxes {
  /** Most values one range may have. */
  static final int MAX_RANGE = 100_000;

  private final Located in;

  GridAxes(Located in) {
    this.in = in;
  }

  /** The values of {@code node}, an axis or a single value, checked for duplicates. */
  List<Object> axis(Parameter parameter, Node node, String field) {
    List<Object> values = new ArrayList<>();
    if (node instanceof ListNode list) {
      if (list.items().isEmpty()) {
        throw in.error(node.line(), field, "empty list: a grid axis needs at least one value");
      }
      for (Node item : list.items()) {
        values.add(value(parameter, item, field));
      }
    } else if (node instanceof MapNode range) {
      try {
        values.addAll(range(parameter, range, field));
      } catch (ArithmeticException e) {
        throw in.error(node.line(), field, "the range cannot be computed exactly (" + e.getMessage() + ")");
      }
    } else {
      values.add(value(parameter, node, field));
    }
    Set<Object> seen = new HashSet<>();
    for (Object v : values) {
      if (!seen.add(v)) {
        throw in.error(node.line(), field, Parameter.text(v) + " appears twice");
      }
    }
    return List.copyOf(values);
  }

  private List<Object> range(Parameter parameter, MapNode range, String field) {
    Map<String, Entry> e = range.entries();
    boolean seed = parameter == Parameter.SEED;
    if (seed && e.containsKey("count")) {
      in.keys(range, field, List.of("from", "count"));
      long from = e.containsKey("from") ? in.integer(e.get("from").value(), field + ".from") : 0;
      long count = in.integer(e.get("count").value(), field + ".count");
      if (count < 1) {
        throw in.error(e.get("count").line(), field + ".count", "must be at least 1, got " + count);
      }
      if (count > SweepFile.MAX_TASKS) {
        throw in.error(e.get("count").line(), field + ".count", "must be at most " + SweepFile.MAX_TASKS + ", got " + count);
      }
      List<Object> seeds = new ArrayList<>();
      for (long s = 0; s < count; s++) {
        seeds.add(from + s);
      }
      return seeds;
    }
    if (!(e.containsKey("from") && e.containsKey("to") && (e.containsKey("step") ^ e.containsKey("factor")))) {
      throw in.error(range.line(), field, "a range is {from, to, step} (arithmetic) or {from, to, factor} (geometric)"
          + (seed ? " or {count} ({from, count})" : ""));
    }
    in.keys(range, field, List.of("from", "to", e.containsKey("step") ? "step" : "factor"));
    if (parameter.type() == Parameter.Type.ENUM) {
      throw in.error(range.line(), field, "is not a number: list its values instead of a range");
    }
    BigDecimal from = in.number(e.get("from").value(), field + ".from");
    BigDecimal to = in.number(e.get("to").value(), field + ".to");
    if (to.compareTo(from) < 0) {
      throw in.error(e.get("to").line(), field + ".to", "must be at least from (" + from + "), got " + to);
    }
    List<BigDecimal> points = new ArrayList<>();
    if (e.containsKey("step")) {
      BigDecimal step = in.number(e.get("step").value(), field + ".step");
      if (step.signum() <= 0) {
        throw in.error(e.get("step").line(), field + ".step", "must be > 0, got " + step);
      }
      for (BigDecimal v = from; v.compareTo(to) <= 0; v = v.add(step)) {
        points.add(v);
        tooMany(points, e.get("step").line(), field);
      }
    } else {
      BigDecimal factor = in.number(e.get("factor").value(), field + ".factor");
      if (factor.compareTo(BigDecimal.ONE) <= 0 || from.signum() <= 0) {
        throw in.error(e.get("factor").line(), field + ".factor",
            "a geometric range needs factor > 1 and from > 0, got factor " + factor + ", from " + from);
      }
      // to 15 significant digits, so that 10 x 10^0.5 x 10^0.5 lands on 100
      BigDecimal limit = to.multiply(new BigDecimal("1.000000001"));
      for (BigDecimal v = from; v.compareTo(limit) <= 0; v = v.multiply(factor).round(MathContext.DECIMAL64)) {
        points.add(v);
        tooMany(points, e.get("factor").line(), field);
      }
    }
    boolean whole = parameter.type() == Parameter.Type.INT || parameter.type() == Parameter.Type.LONG;
    List<Object> values = new ArrayList<>();
    for (BigDecimal v : points) {
      // a geometric range of a whole-number axis is rounded: 10, 31.6, 100 is d = 10, 32, 100
      BigDecimal r = whole && e.containsKey("factor") ? v.setScale(0, RoundingMode.HALF_EVEN) : v;
      values.add(typed(parameter, r, range.line(), field));
    }
    return values;
  }

  private void tooMany(List<?> points, int line, String field) {
    if (points.size() > MAX_RANGE) {
      throw in.error(line, field, "the range has more than " + MAX_RANGE + " values");
    }
  }

  /** One value of a parameter, typed. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  Object value(Parameter parameter, Node node, String field) {
    if (parameter.type() == Parameter.Type.ENUM) {
      return in.enumValue((Class) parameter.enumType(), node, field);
    }
    return typed(parameter, in.number(node, field), node.line(), field);
  }

  private Object typed(Parameter parameter, BigDecimal v, int line, String field) {
    return switch (parameter.type()) {
      case INT -> (int) in.whole(v, line, field, Integer.MAX_VALUE);
      case LONG -> in.whole(v, line, field, Long.MAX_VALUE);
      default -> v.doubleValue();
    };
  }
}
