package phasesweep.driver;

import phasesweep.driver.cli.BenchCommand;
import phasesweep.driver.cli.OdeCommand;
import phasesweep.driver.cli.PlanCommand;
import phasesweep.driver.cli.ReportCommand;
import phasesweep.driver.cli.RunCommand;
import phasesweep.driver.cli.SqlCommand;
import phasesweep.driver.cli.SgdCommand;
import phasesweep.kernels.InvalidParameterException;
import phasesweep.kernels.Parameter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code phasesweep} command line. Exit codes: 0 done, 2 bad input, 3 nothing computed. */
@Command(
    name = "phasesweep",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Phase diagram of one-pass SGD in two-layer teacher-student networks.",
    subcommands = {RunCommand.class, PlanCommand.class, ReportCommand.class, SqlCommand.class, SgdCommand.class, OdeCommand.class,
        BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main {
  public static final int EXIT_BAD_INPUT = 2;
  public static final int EXIT_NOTHING_COMPUTED = 3;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (tests call this). */
  public static int run(String... args) {
    CommandLine cli = commandLine();
    return cli.execute(args);
  }

  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setCaseInsensitiveEnumValuesAllowed(true); // picocli exits with 2 (USAGE) on invalid input
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof InvalidParameterException bad) {
        cmd.getErr().println(cmd.getCommandName() + ": " + optionName(bad.parameter()) + ": "
            + bad.getMessage().substring(bad.parameter().length() + 2));
        return EXIT_BAD_INPUT;
      }
      if (e instanceof UserInputException bad) {
        cmd.getErr().println(cmd.getCommandName() + ": " + bad.getMessage());
        return EXIT_BAD_INPUT;
      }
      throw e;
    });
    return cli;
  }

  /** The command-line option of a parameter's name ({@code t_max} is {@code --t-max}). */
  static String optionName(String parameter) {
    Parameter p = Parameter.named(parameter);
    return p != null ? p.option() : "--" + parameter.replace('_', '-');
  }
}
