package phasesweep.kernels;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import phasesweep.kernels.model.Overlaps;
import phasesweep.kernels.ode.MeanMapKernel;
import phasesweep.kernels.ode.OdeKernel;
import phasesweep.kernels.sgd.OverlapChainKernel;
import phasesweep.kernels.sgd.SgdKernel;

/**
 * The kernels a task can run, an open set: each says how to run a task, what that costs, how
 * its results are drawn, and which kernel its finite-size gap is measured against. The driver
 * iterates them and never names one; a new kernel is a new constant here.
 */
public enum Kernel {
  /** One-pass SGD in {@code d} dimensions (docs/physics.md §1): the reference, sampled over seeds. */
  SGD(Sampling.SAMPLED, "SGD steps", true, false, "SGD", new float[0]) {
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
    public List<Kernel> finiteSizeReferences() {
      return MEAN_OF_A_STEP;
    }

    @Override
    public Kernel limitReference() {
      return ODE_LIMIT;
    }
  },

  /**
   * One-pass SGD as the exact Markov chain of its overlaps (docs/physics.md §8): the law of
   * {@link #SGD}'s overlaps and risk at a cost per step independent of {@code d}.
   */
  SGD_OVERLAPS(Sampling.SAMPLED, "chain steps", false, true, "SGD (overlap chain)", new float[] {1.5f, 2.5f}) {
    @Override
    public KernelResult run(TaskParams params) {
      return OverlapChainKernel.run(params);
    }

    @Override
    public KernelResult run(TaskParams params, Overlaps initial) {
      return OverlapChainKernel.run(params, initial);
    }

    @Override
    public double estimatedNanos(TaskParams params) {
      return CostModel.chainNanos(params);
    }

    @Override
    public void check(TaskParams params) {
      OverlapChainKernel.check(params);
    }

    @Override
    public long plannedSteps(TaskParams params) {
      return params.totalSteps();
    }

    @Override
    public List<Kernel> finiteSizeReferences() {
      return MEAN_OF_A_STEP;
    }

    @Override
    public Kernel limitReference() {
      return ODE_LIMIT;
    }
  },

  /** The ODE of the overlaps (docs/physics.md §3): deterministic given the initial overlaps. */
  ODE(Sampling.DETERMINISTIC, "right-hand-side evaluations", true, true, "ODE", new float[] {6f, 4f}) {
    @Override
    public KernelResult run(TaskParams params) {
      return OdeKernel.run(params);
    }

    @Override
    public KernelResult run(TaskParams params, Overlaps initial) {
      return OdeKernel.run(params, initial);
    }

    @Override
    public double estimatedNanos(TaskParams params) {
      return CostModel.odeNanos(params, params.odeMode() == phasesweep.kernels.ode.OdeMode.LIMIT);
    }
  },

  /**
   * The limit ODE ({@code d -> infinity}, docs/physics.md §3) whatever the task's {@code ode_mode}:
   * the reference of the SGD kernels' distance to their limit (§5). Not run unless named.
   */
  ODE_LIMIT(Sampling.DETERMINISTIC, "right-hand-side evaluations", false, true, "limit ODE",
      new float[] {10f, 3f, 2f, 3f}) {
    @Override
    public KernelResult run(TaskParams params) {
      return OdeKernel.runLimit(params);
    }

    @Override
    public KernelResult run(TaskParams params, Overlaps initial) {
      return OdeKernel.runLimit(params, initial);
    }

    @Override
    public double estimatedNanos(TaskParams params) {
      return CostModel.odeNanos(params, true);
    }
  },

  /**
   * The mean map (docs/physics.md §3.3): the overlaps' deterministic recursion, one mean step per
   * SGD step; what SGD's mean follows where a step is not small (a batch of order {@code d}). Not
   * run unless named.
   */
  MEAN_MAP(Sampling.DETERMINISTIC, "map steps", false, true, "mean map", new float[] {2f, 2f, 2f, 6f}) {
    @Override
    public KernelResult run(TaskParams params) {
      return MeanMapKernel.run(params);
    }

    @Override
    public KernelResult run(TaskParams params, Overlaps initial) {
      return MeanMapKernel.run(params, initial);
    }

    @Override
    public double estimatedNanos(TaskParams params) {
      return CostModel.meanMapNanos(params);
    }

    @Override
    public long plannedSteps(TaskParams params) {
      return params.totalSteps();
    }
  };

  /**
   * The SGD kernels' finite-size references, the first a sweep ran: the mean map, exact in the
   * mean of one step at every batch, else the ODE, which follows SGD only while a step is small
   * (docs/physics.md §3.1).
   */
  private static final List<Kernel> MEAN_OF_A_STEP = List.of(MEAN_MAP, ODE);

  /** How a kernel's results over seeds are drawn. */
  public enum Sampling {
    /** The seed only draws the initial weights: one curve per run, drawn as a line. */
    DETERMINISTIC,
    /** The seed draws the samples too: a mean over seeds with a band. */
    SAMPLED
  }

  private final Sampling sampling;
  private final String stepUnit;
  private final boolean byDefault;
  private final boolean fromOverlaps;
  private final String label;
  private final float[] dashes;

  Kernel(Sampling sampling, String stepUnit, boolean byDefault, boolean fromOverlaps, String label, float[] dashes) {
    this.sampling = sampling;
    this.stepUnit = stepUnit;
    this.byDefault = byDefault;
    this.fromOverlaps = fromOverlaps;
    this.label = label;
    this.dashes = dashes;
  }

  /** What a figure's legend calls this kernel ("SGD (overlap chain)"). */
  public String label() {
    return label;
  }

  /**
   * How its line is drawn in every figure and notebook: on and off lengths in points, empty for a
   * solid line; no two kernels alike, so that kernels sharing a panel and a colour stay apart.
   */
  public float[] dashes() {
    return dashes.clone();
  }

  /** The kernels a sweep file that names none runs. */
  public static List<Kernel> defaults() {
    return Arrays.stream(values()).filter(k -> k.byDefault).toList();
  }

  /** Runs a task. */
  public abstract KernelResult run(TaskParams params);

  /**
   * Runs a task from given overlaps (of its {@code p, k}) instead of its seeded weights', where
   * the kernel can start from overlaps alone.
   *
   * @throws UnsupportedOperationException where it needs the weights (the full SGD)
   */
  public KernelResult run(TaskParams params, Overlaps initial) {
    throw new UnsupportedOperationException(id() + " starts from weights, not from overlaps");
  }

  /** Whether {@link #run(TaskParams, Overlaps)} is defined: every kernel but the full SGD. */
  public boolean startsFromOverlaps() {
    return fromOverlaps;
  }

  /** Estimated single-core time of {@link #run} (from measured costs, deploy/phasesweep bench). */
  public abstract double estimatedNanos(TaskParams params);

  /**
   * Heap a run holds at most. Every kernel starts from the seeded weights ({@code (p + k) x d}),
   * and SGD keeps them and a sample and a gradient of {@code d}, or with a batch a chunk of its
   * inputs and the step's increment ({@code (8 + p) x d}), the chain a chunk's coordinates; every
   * kernel the overlaps at each checkpoint (twice: the curve and the result's copy); the rest is {@code O((p + k)^2)} and a
   * curve.
   */
  public long estimatedBytes(TaskParams params) {
    long n = params.p() + params.k();
    long batchRows = params.batch() > 1 ? SgdKernel.CHUNK + params.p() : 0;
    // the curve of Q and M at every checkpoint, and its copy in the result
    long curve = 16L * (long) Checkpoints.countBound(params) * params.p() * n;
    return 8L * (n + 2 + batchRows) * params.d() + 64L * n * n * 8
        + 8L * Math.min(params.batch(), OverlapChainKernel.BATCH_CHUNK) * (n + 2) + curve + (1L << 20);
  }

  /**
   * Throws {@link InvalidParameterException}, naming the parameter, if this kernel cannot run the
   * task at all (checked when a sweep is planned, so that nothing runs to fail); by default every
   * valid task runs.
   */
  public void check(TaskParams params) {}

  /** The steps a run will take, if known before it runs (else 0). */
  public long plannedSteps(TaskParams params) {
    return 0;
  }

  /**
   * The kernels whose risk curve this one's finite-size gap {@code max_t |R - R_ref|} is measured
   * against (the same task, the same checkpoints), the first that ran; none if empty.
   */
  public List<Kernel> finiteSizeReferences() {
    return List.of();
  }

  /**
   * The kernel whose overlaps this one's distance to the limit, {@code max_t max |Omega - Omega_bar|}
   * over the entries of {@code Q} and {@code M} (docs/physics.md §5), is measured against, or null.
   */
  public Kernel limitReference() {
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
