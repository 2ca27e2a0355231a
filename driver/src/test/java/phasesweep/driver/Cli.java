package phasesweep.driver;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the command line in-process and captures what it prints (for tests). */
public final class Cli {
  private Cli() {}

  public record Outcome(int exit, String out, String err) {}

  public static Outcome run(String... args) {
    CommandLine cli = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Outcome(exit, out.toString(), err.toString());
  }
}
