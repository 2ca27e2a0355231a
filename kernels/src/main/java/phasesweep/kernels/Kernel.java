package phasesweep.kernels;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The kernels a task can run, an open set: each says how to run a task, what that costs, how
 * its results are drawn, and which kernel its finite-size gap is measured against. The driver
 * iterates them and never names one; a new kernel is a new constant here.
 */
public enum Kernel {
  /** One-pass SGD in {@code d} dimensions (docs/physics.md §1): the reference, sampled over seeds. */
  SGD(Sampling.SAMPLED, "SGD steps") {
    @Override
    public KernelResult run(TaskParams params) {
      return SgdKernel.run(params);
    }

    @Override
    public double estimatedNanos(TaskParams params) {
      return CostModel.sgdNanos(params);
    }

    @Override
    public long plannedSteps(TaskParams params) {
      return params.totalSteps();
    }

    @Override
    public Kernel finiteSizeReference() {
      return ODE;
    }
  },

  /** The ODE of the overlaps (docs/physics.md §3): deterministic given the initial overlaps. */
  ODE(Sampling.DETERMINISTIC, "right-hand-side evaluations") {
    @Override
    public KernelResult run(TaskParams params) {
      return OdeKernel.run(params);
    }

    @Override
    public double estimatedNanos(TaskParams params) {
      return CostModel.odeNanos(params);
    }
  };

  /** How a kernel's results over seeds are drawn. */
  public enum Sampling {
    /** The seed only draws the initial weights: one curve per run, drawn as a line. */
    DETERMINISTIC,
    /** The seed draws the samples too: a mean over seeds with a band. */
    SAMPLED
  }

  private final Sampling sampling;
  private final String stepUnit;

  Kernel(Sampling sampling, String stepUnit) {
    this.sampling = sampling;
    this.stepUnit = stepUnit;
  }

  /** Runs a task. */
  public abstract KernelResult run(TaskParams params);

  /** Estimated single-core time of {@link #run} (from measured costs, deploy/phasesweep bench). */
  public abstract double estimatedNanos(TaskParams params);

  /** The steps a run will take, if known before it runs (else 0). */
  public long plannedSteps(TaskParams params) {
    return 0;
  }

  /**
   * The kernel whose risk curve this one's finite-size gap {@code max_t |R - R_ref|} is measured
   * against (the same task, the same checkpoints), or null.
   */
  public Kernel finiteSizeReference() {
    return null;
  }

  public Sampling sampling() {
    return sampling;
  }

  /** What {@link KernelResult#steps} counts for this kernel. */
  public String stepUnit() {
    return stepUnit;
  }

  public String id() {
    return EnumIds.id(this);
  }

  public static Kernel of(String id) {
    return EnumIds.parse(Kernel.class, id, "kernel");
  }

  /** "sgd, ode": every kernel's id. */
  public static String ids() {
    return Arrays.stream(values()).map(Kernel::id).collect(Collectors.joining(", "));
  }
}
