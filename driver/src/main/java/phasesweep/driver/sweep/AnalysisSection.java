package phasesweep.driver.sweep;

import java.util.List;
import java.util.Map;
import phasesweep.driver.sweep.YamlTree.Entry;
import phasesweep.driver.sweep.YamlTree.MapNode;

/** Reads a sweep file's {@code analysis:} section into {@link AnalysisSettings}, with defaults. */
final class AnalysisSection {
  static final List<String> KEYS = List.of("risk_threshold", "tolerance", "confidence", "bootstrap_resamples", "fit",
      "budget_exponents");
  /** The most budgets a sweep may ask about. */
  static final int MAX_BUDGETS = 100;

  private AnalysisSection() {}

  static AnalysisSettings read(Located in, MapNode top) {
    Map<String, Entry> section = in.entries(top, "analysis", KEYS);
    AnalysisSettings d = AnalysisSettings.DEFAULT;
    double threshold = d.riskThreshold();
    if (section.containsKey("risk_threshold")) {
      Entry e = section.get("risk_threshold");
      threshold = in.number(e.value(), "analysis.risk_threshold").doubleValue();
      if (!(threshold > 0)) {
        throw in.error(e.value().line(), "analysis.risk_threshold", "must be > 0, got " + threshold);
      }
    }
    double tolerance = d.tolerance();
    if (section.containsKey("tolerance")) {
      Entry e = section.get("tolerance");
      tolerance = in.number(e.value(), "analysis.tolerance").doubleValue();
      if (!(tolerance >= 0 && tolerance <= 1)) {
        throw in.error(e.value().line(), "analysis.tolerance",
            "must be between 0 and 1 (an exponent difference), got " + tolerance);
      }
    }
    double confidence = d.confidence();
    if (section.containsKey("confidence")) {
      Entry e = section.get("confidence");
      confidence = in.number(e.value(), "analysis.confidence").doubleValue();
      if (!(confidence >= 0.5 && confidence < 1)) {
        throw in.error(e.value().line(), "analysis.confidence", "must be at least 0.5 and below 1, got " + confidence);
      }
    }
    int resamples = d.resamples();
    if (section.containsKey("bootstrap_resamples")) {
      Entry e = section.get("bootstrap_resamples");
      resamples = in.integer(e.value(), "analysis.bootstrap_resamples");
      if (resamples < 100 || resamples > 1_000_000) {
        throw in.error(e.value().line(), "analysis.bootstrap_resamples",
            "must be between 100 and 1000000, got " + resamples);
      }
    }
    String fit = d.fitColumn();
    if (section.containsKey("fit")) {
      Entry e = section.get("fit");
      fit = in.string(e.value(), "analysis.fit");
      if (!AnalysisSettings.FIT_COLUMNS.contains(fit)) {
        throw in.error(e.value().line(), "analysis.fit",
            "'" + fit + "' is not one of " + String.join(", ", AnalysisSettings.FIT_COLUMNS));
      }
    }
    List<Double> budgets = d.budgetExponents();
    if (section.containsKey("budget_exponents")) {
      Entry e = section.get("budget_exponents");
      if (!(e.value() instanceof YamlTree.ListNode list) || list.items().isEmpty()) {
        throw in.error(e.value().line(), "analysis.budget_exponents", "must be a non-empty list of numbers");
      }
      if (list.items().size() > MAX_BUDGETS) {
        throw in.error(e.value().line(), "analysis.budget_exponents",
            "at most " + MAX_BUDGETS + " budgets, got " + list.items().size());
      }
      java.util.Set<Double> seen = new java.util.LinkedHashSet<>();
      for (YamlTree.Node item : list.items()) {
        double theta = in.number(item, "analysis.budget_exponents").doubleValue();
        if (!Double.isFinite(theta) || Math.abs(theta) > 100) {
          throw in.error(item.line(), "analysis.budget_exponents", "must be finite numbers within +-100, got " + theta);
        }
        if (!seen.add(theta)) {
          throw in.error(item.line(), "analysis.budget_exponents", theta + " is listed twice");
        }
      }
      budgets = List.copyOf(seen);
    }
    return new AnalysisSettings(threshold, tolerance, confidence, resamples, fit, budgets);
  }
}
