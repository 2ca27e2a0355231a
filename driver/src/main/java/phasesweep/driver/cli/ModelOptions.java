package phasesweep.driver.cli;

import java.util.Set;
import phasesweep.kernels.Parameter;
import phasesweep.kernels.Parameter.Section;
import phasesweep.kernels.TaskParams;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options of one task, made from the {@link Parameter} descriptions: {@code --d},
 * {@code --t-max}, ... with their types, defaults and help text. {@code sgd} takes the model and
 * run settings, {@code ode} the ODE settings too.
 */
final class ModelOptions {
  private ModelOptions() {}

  /** Adds the options of the model and run settings ({@code sgd}). */
  static final class Sgd implements IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
      return addTo(spec, Set.of(Section.MODEL, Section.RUN));
    }
  }

  /** Adds the options of the model, run and ODE settings ({@code ode}). */
  static final class Ode implements IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
      return addTo(spec, Set.of(Section.MODEL, Section.RUN, Section.ODE));
    }
  }

  static CommandSpec addTo(CommandSpec spec, Set<Section> sections) {
    for (Parameter p : Parameter.SETTINGS) {
      if (sections.contains(p.section())) {
        // a default that is another parameter's value is left unset here and resolved by TaskParams
        String defaultText = p.defaultFrom() != null ? "the same as " + p.defaultFrom().option()
            : Parameter.display(p.defaultValue());
        spec.addOption(OptionSpec.builder(p.option())
            .type(p.javaType())
            .paramLabel("<" + p.key() + ">")
            .defaultValue(p.defaultFrom() != null ? null : Parameter.text(p.defaultValue()))
            .description(p.description() + " Default: " + defaultText + ".")
            .build());
      }
    }
    return spec;
  }

  /** The task these options describe, validated by {@link TaskParams}. */
  static TaskParams.Builder builder(CommandSpec spec) {
    TaskParams.Builder b = TaskParams.builder();
    for (Parameter p : Parameter.SETTINGS) {
      OptionSpec option = spec.findOption(p.option());
      if (option != null) {
        b.set(p, option.getValue());
      }
    }
    return b;
  }

  /** The value an option was given (or its default). */
  static Object value(CommandSpec spec, Parameter p) {
    return spec.findOption(p.option()).getValue();
  }
}
