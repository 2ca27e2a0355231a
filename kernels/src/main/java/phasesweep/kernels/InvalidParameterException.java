package phasesweep.kernels;

/** A parameter value the model cannot run with; the message names the parameter and why. */
public final class InvalidParameterException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String parameter;

  public InvalidParameterException(String parameter, String reason) {
    super(parameter + ": " + reason);
    this.parameter = parameter;
  }

  /** The parameter's name as written in sweep files and on the command line. */
  public String parameter() {
    return parameter;
  }
}
