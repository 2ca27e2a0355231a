package phasesweep.driver;

import phasesweep.driver.failure.Failure;
import phasesweep.driver.cli.BenchCommand;
import phasesweep.driver.cli.DocsCommand;
import phasesweep.driver.cli.OdeCommand;
import phasesweep.driver.cli.PlanCommand;
import phasesweep.driver.cli.ReportCommand;
import phasesweep.driver.cli.RunCommand;
import phasesweep.driver.cli.SqlCommand;
import phasesweep.driver.cli.SgdCommand;
import phasesweep.kernels.Parameter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code phasesweep} command line. Every failure is one line on stderr and an exit code
 * ({@link Failure} lists them); {@code --debug} adds the stack trace and Spark's own log.
 */
@Command(
    name = "phasesweep",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Phase diagram of one-pass SGD in two-layer teacher-student networks.",
    footer = {"", "Exit codes: 0 done, 1 internal error, 2 bad input, 3 no result, 4 failed (fix the cause, rerun the "
        + "same command to resume), 5 the results folder is in use, 6 docs --check found a stale part, 130/143 stopped by Ctrl-C/SIGTERM (rerun to resume)."},
    subcommands = {RunCommand.class, PlanCommand.class, ReportCommand.class, SqlCommand.class, SgdCommand.class, OdeCommand.class,
        BenchCommand.class, DocsCommand.class, CommandLine.HelpCommand.class})
public final class Main {
  @Option(names = "--debug", scope = ScopeType.INHERIT,
      description = "On failure, print the stack trace; show Spark's warnings.")
  boolean debug;

  public static void main(String[] args) {
    boolean debug = java.util.Arrays.asList(args).contains("--debug");
    Interruption.install();
    if (debug) {
      Interruption.logLevel("WARN");
    }
    int code = run(args);
    if (code == 0 && System.getProperty("spark.yarn.app.id") != null) {
      // the driver inside YARN's ApplicationMaster (cluster deploy mode): the application
      // succeeds when main returns; an exit, even 0, reads as "shutdown hook called before final
      // status was reported", FAILED (deploy/CLUSTER.md, "YARN and HDFS")
      return;
    }
    System.exit(code);
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
      Integer stopped = Interruption.exitCode();
      if (stopped != null) {
        return stopped; // the signal handler has said what happened
      }
      Failure f = Failure.of(e);
      cmd.getErr().println(cmd.getCommandName() + ": " + f.message());
      if (debug(parsed)) {
        e.printStackTrace(cmd.getErr());
      }
      cmd.getErr().flush();
      return f.exit();
    });
    return cli;
  }

  /** Whether {@code --debug} was given, to the command or to any of its subcommands. */
  private static boolean debug(CommandLine.ParseResult parsed) {
    for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }

  /** The command-line option of a parameter's name ({@code t_max} is {@code --t-max}). */
  public static String optionName(String parameter) {
    Parameter p = Parameter.named(parameter);
    return p != null ? p.option() : "--" + parameter.replace('_', '-');
  }
}
