package phasesweep.driver.cli;

import phasesweep.kernels.Activation;
import phasesweep.kernels.Init;
import phasesweep.kernels.TaskParams;
import picocli.CommandLine.Option;

/** The model parameters of one task (SPEC §1), shared by {@code sgd} and {@code ode}. */
public final class ModelOptions {
  @Option(names = "--d", description = "Input dimension d (>= 2). Default: ${DEFAULT-VALUE}.", defaultValue = "1000")
  int d;

  @Option(names = "--kappa", description = "Width exponent: p = max(1, round(p0 d^kappa)). Default: ${DEFAULT-VALUE}.", defaultValue = "0")
  double kappa;

  @Option(names = "--delta", description = "Learning-rate exponent: gamma = gamma0 d^-delta. Default: ${DEFAULT-VALUE}.", defaultValue = "0")
  double delta;

  @Option(names = "--gamma0", description = "Learning-rate prefactor (> 0). Default: ${DEFAULT-VALUE}.", defaultValue = "1")
  double gamma0;

  @Option(names = "--p0", description = "Student-width prefactor (> 0); p = p0 at kappa = 0. Default: ${DEFAULT-VALUE}.", defaultValue = "2")
  double p0;

  @Option(names = "--k", description = "Teacher hidden units (>= 1). Default: ${DEFAULT-VALUE}.", defaultValue = "2")
  int k;

  @Option(names = "--noise", description = "Label noise variance Delta (>= 0). Default: ${DEFAULT-VALUE}.", defaultValue = "0.001")
  double noise;

  @Option(names = "--seed", description = "Seed of the initial weights and the SGD samples. Default: ${DEFAULT-VALUE}.", defaultValue = "0")
  long seed;

  @Option(names = "--activation", description = "erf (sigma(h) = erf(h/sqrt 2)) or linear. Default: ${DEFAULT-VALUE}.", defaultValue = "erf")
  Activation activation;

  @Option(names = "--init", description = "Teacher initialisation: random (P_rr = 1) or orthogonal (P = I). Default: ${DEFAULT-VALUE}.", defaultValue = "random")
  Init init;

  @Option(names = "--t-max", description = "Final time t, in the region's time unit (SPEC §3). Default: ${DEFAULT-VALUE}.", defaultValue = "100")
  double tMax;

  @Option(names = "--checkpoints-per-decade", description = "Log-spaced risk checkpoints per decade of t, from t = 0.01. Default: ${DEFAULT-VALUE}.", defaultValue = "10")
  int checkpointsPerDecade;

  @Option(names = "--divergence-bound", description = "A run diverges when max_j Q_jj exceeds this (SPEC §4). Default: ${DEFAULT-VALUE}.", defaultValue = "100")
  double divergenceBound;

  /** The task builder these options describe (validated by {@link TaskParams}). */
  TaskParams.Builder builder() {
    return TaskParams.builder().d(d).kappa(kappa).delta(delta).gamma0(gamma0).p0(p0).k(k).noise(noise)
        .seed(seed).activation(activation).init(init).tMax(tMax)
        .checkpointsPerDecade(checkpointsPerDecade).divergenceBound(divergenceBound);
  }
}
