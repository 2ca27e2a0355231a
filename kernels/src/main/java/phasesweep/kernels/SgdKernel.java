package phasesweep.kernels;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * One-pass SGD of the committee machine (docs/physics.md §1): a fresh Gaussian input per step, the update
 * {@code w_j += gamma / (p sqrt d) (y - f(x)) sigma'(lambda_j) x}, and at each checkpoint the
 * exact risk of the current weights (docs/physics.md §2). The step loop allocates nothing.
 *
 * <p>With a batch of {@code b > 1} (docs/physics.md §3.1) a step draws {@code b} inputs, then their
 * {@code b} label noises, and averages their gradients: {@code w_j += gamma / (p sqrt d) (1/b)
 * sum_mu e_mu sigma'(lambda_j^mu) x_mu}. Its work is a {@code (p + k) x d} by {@code d x b}
 * product for the fields and a {@code p x b} by {@code b x d} one for the update, done
 * {@link #UPDATE_BLOCK} columns at a time so that a block of every row stays in cache; each
 * student norm is then recomputed exactly from its row. At {@code b = 1} the single-sample step
 * below runs, unchanged.
 *
 * <p>The student norms {@code Q_jj} are tracked every step, exactly up to rounding, from
 * {@code |w + a x|^2 = |w|^2 + 2 a w.x + a^2 |x|^2} (both dot products are at hand), so a
 * divergence (docs/physics.md §4) is caught at the step it happens at no extra pass over the weights. They
 * are reset from the exact overlaps at every checkpoint.
 */
public final class SgdKernel {
  private final TaskParams params;
  private final Activation activation;
  private final Activation teacherActivation;
  private final Averages averages;
  private final int d;
  private final int p;
  private final int k;
  private final double[][] student;
  private final double[][] teacher;
  /** The current input, its squared norm, and the student local fields on it. */
  private double[] x;
  private double inputNorm;
  private final double[] lambda;
  /** Whether {@code x}, {@code inputNorm} and {@code lambda} hold the next step's input. */
  private boolean prepared;
  private double[] xNext;
  private final double[] studentNorm;
  private final double[] lanes = new double[Vectors.LANES];
  private final ZigguratSampler.NormalizedGaussian gauss;
  private final double learningRate;
  private final double sqrtNoise;
  private final double invSqrtD;
  private final double invD;
  private final double bound;
  /** Samples a step; the batch fields are null at {@code b = 1}. */
  private final int batch;
  private final double[][] inputs;
  private final double[][] coefficients;
  /** Columns of the blocked batch update: 4 rows of 512 doubles fit in a 32 KiB L1 cache. */
  static final int UPDATE_BLOCK = 512;

  /** False only to time the step without its Gaussian draws (the inputs are then reused). */
  private final boolean sampling;
  private long step;
  private boolean diverged;
  private String divergence = "";

  /** SGD from the task's initial weights with the task's sample stream. */
  public SgdKernel(TaskParams params) {
    this(params, Weights.initial(params), Streams.of(params.seed(), Streams.SAMPLES));
  }

  /** SGD from the given weights (copied) with samples from {@code samples}. */
  public SgdKernel(TaskParams params, Weights initial, UniformRandomProvider samples) {
    this(params, initial, samples, true);
  }

  /**
   * A kernel that draws its first two inputs and then reuses them ({@code sampling = false}): not
   * SGD, only a way to time the step without the sampler (deploy/phasesweep bench).
   */
  public static SgdKernel withoutSampling(TaskParams params) {
    SgdKernel k = new SgdKernel(params, Weights.initial(params), Streams.of(params.seed(), Streams.SAMPLES), false);
    k.sampleInput(k.xNext);
    if (k.inputs != null) {
      for (double[] input : k.inputs) {
        k.sampleInput(input);
      }
    }
    return k;
  }

  private SgdKernel(TaskParams params, Weights initial, UniformRandomProvider samples, boolean sampling) {
    if (initial.p() != params.p() || initial.k() != params.k() || initial.d() != params.d()) {
      throw new IllegalArgumentException("weights are " + initial.p() + "x" + initial.d() + " and "
          + initial.k() + "x" + initial.d() + ", the task needs p = " + params.p() + ", k = "
          + params.k() + ", d = " + params.d());
    }
    Weights w = initial.copy();
    this.params = params;
    this.activation = params.activation();
    this.teacherActivation = params.teacherActivation();
    this.averages = params.averages();
    this.d = params.d();
    this.p = params.p();
    this.k = params.k();
    this.student = w.student();
    this.teacher = w.teacher();
    this.x = new double[d];
    this.xNext = new double[d];
    this.lambda = new double[p];
    this.studentNorm = new double[p];
    this.gauss = ZigguratSampler.NormalizedGaussian.of(samples);
    this.learningRate = params.gamma() / (p * Math.sqrt(d));
    this.sqrtNoise = Math.sqrt(params.noise());
    this.invSqrtD = 1 / Math.sqrt(d);
    this.invD = 1.0 / d;
    this.bound = params.divergenceBound();
    this.sampling = sampling;
    this.batch = params.batch();
    this.inputs = batch == 1 ? null : new double[batch][d];
    this.coefficients = batch == 1 ? null : new double[p][batch];
    resetNorms(overlaps());
  }

  /** Runs the task's SGD from its seed to {@code t_max}. */
  public static KernelResult run(TaskParams params) {
    return new SgdKernel(params).run();
  }

  /** Runs to {@code t_max}, reporting at the task's checkpoints. */
  public KernelResult run() {
    long start = System.nanoTime();
    Checkpoints checkpoints = Checkpoints.of(params);
    double[] times = new double[checkpoints.size()];
    double[] risks = new double[checkpoints.size()];
    Overlaps overlaps = overlaps();
    risks[0] = Risk.of(overlaps, averages);
    int reached = 1;
    for (int i = 1; i < checkpoints.size() && !diverged; i++) {
      advance(checkpoints.step(i) - step);
      overlaps = overlaps();
      if (diverged) {
        break;
      }
      resetNorms(overlaps);
      times[i] = checkpoints.time(i);
      risks[i] = Risk.of(overlaps, averages);
      reached++;
    }
    double wall = (System.nanoTime() - start) * 1e-9;
    double dt = params.timeScale();
    return new KernelResult(Kernel.SGD, diverged ? Status.DIVERGED : Status.OK, divergence,
        java.util.Arrays.copyOf(times, reached), java.util.Arrays.copyOf(risks, reached),
        overlaps.qFlat(), overlaps.mFlat(), params.tMax(), diverged ? step * dt : Double.NaN, step, wall);
  }

  /**
   * Takes up to {@code n} SGD steps; stops early at a divergence.
   *
   * @return the steps taken
   */
  public long advance(long n) {
    long done = 0;
    while (done < n && !diverged) {
      if (batch == 1) {
        sgdStep();
      } else {
        batchStep();
      }
      done++;
    }
    return done;
  }

  /** One step on {@code b} fresh samples: the stream is {@code x_1, ..., x_b, zeta_1, ..., zeta_b}. */
  private void batchStep() {
    for (double[] input : inputs) {
      sampleInput(input);
    }
    double rate = learningRate / batch;
    boolean finite = true;
    for (int mu = 0; mu < batch; mu++) {
      double[] input = inputs[mu];
      double teacherOut = 0;
      for (int r = 0; r < k; r++) {
        teacherOut += teacherActivation.sigma(Vectors.dot(teacher[r], input, d, lanes) * invSqrtD);
      }
      double studentOut = 0;
      for (int j = 0; j < p; j++) {
        double l = Vectors.dot(student[j], input, d, lanes) * invSqrtD;
        lambda[j] = l;
        studentOut += activation.sigma(l);
      }
      double error = teacherOut / k + sqrtNoise * gauss.sample() - studentOut / p;
      finite &= Double.isFinite(error);
      for (int j = 0; j < p; j++) {
        coefficients[j][mu] = rate * error * activation.sigmaPrime(lambda[j]);
      }
    }
    step++;
    if (!finite) {
      diverge("non-finite output error");
      return;
    }
    double maxNorm = 0;
    for (int j = 0; j < p; j++) {
      double[] row = student[j];
      double[] a = coefficients[j];
      for (int from = 0; from < d; from += UPDATE_BLOCK) {
        int to = Math.min(d, from + UPDATE_BLOCK);
        for (int mu = 0; mu < batch; mu++) {
          double amu = a[mu];
          double[] input = inputs[mu];
          for (int i = from; i < to; i++) {
            row[i] = Math.fma(amu, input[i], row[i]);
          }
        }
      }
      double norm = Vectors.dot(row, row, d, lanes) * invD;
      studentNorm[j] = norm;
      maxNorm = Math.max(maxNorm, norm);
    }
    if (!(maxNorm <= bound)) {
      diverge("max Q_jj = " + maxNorm + " exceeds the divergence bound " + bound);
    }
  }

  private void sgdStep() {
    if (!prepared) {
      sampleInput(x);
      inputNorm = Vectors.dot(x, x, d, lanes);
      for (int j = 0; j < p; j++) {
        lambda[j] = Vectors.dot(student[j], x, d, lanes) * invSqrtD;
      }
      prepared = true;
    }
    double teacherOut = 0;
    for (int r = 0; r < k; r++) {
      teacherOut += teacherActivation.sigma(Vectors.dot(teacher[r], x, d, lanes) * invSqrtD);
    }
    double studentOut = 0;
    for (int j = 0; j < p; j++) {
      studentOut += activation.sigma(lambda[j]);
    }
    // y = f*(x) + sqrt(Delta) zeta; zeta is drawn even when Delta = 0 so that the inputs do not
    // depend on Delta. The stream is x_1, zeta_1, x_2, zeta_2, ...
    double error = teacherOut / k + sqrtNoise * gauss.sample() - studentOut / p;
    step++;
    if (!Double.isFinite(error)) {
      diverge("non-finite output error");
      return;
    }
    // The next input is drawn now so that the update of each student row and its local field
    // on the next input take one pass over the row (Vectors.axpyDot).
    double[] next = xNext;
    sampleInput(next);
    double maxNorm = 0;
    for (int j = 0; j < p; j++) {
      double l = lambda[j];
      double a = learningRate * error * activation.sigmaPrime(l);
      // |w + a x|^2 / d = Q_jj + 2 a lambda_j / sqrt d + a^2 |x|^2 / d
      double norm = studentNorm[j] + 2 * a * l * invSqrtD + a * a * inputNorm * invD;
      studentNorm[j] = norm;
      maxNorm = Math.max(maxNorm, norm);
      lambda[j] = Vectors.axpyDot(a, x, student[j], next, d, lanes) * invSqrtD;
    }
    inputNorm = Vectors.dot(next, next, d, lanes);
    xNext = x;
    x = next;
    if (!(maxNorm <= bound)) {
      diverge("max Q_jj = " + maxNorm + " exceeds the divergence bound " + bound);
    }
  }

  private void sampleInput(double[] into) {
    if (!sampling && step > 0) {
      return;
    }
    for (int i = 0; i < d; i++) {
      into[i] = gauss.sample();
    }
  }

  private void diverge(String reason) {
    diverged = true;
    divergence = reason + " at step " + step;
  }

  /** Resets the tracked norms to the exact ones (the local fields stay valid: same weights). */
  private void resetNorms(Overlaps overlaps) {
    for (int j = 0; j < p; j++) {
      studentNorm[j] = overlaps.q()[j][j];
    }
  }

  /** The overlaps of the current weights. */
  public Overlaps overlaps() {
    return Overlaps.of(new Weights(teacher, student));
  }

  /** The student norms {@code Q_jj} as tracked step by step (for tests). */
  double[] trackedNorms() {
    return studentNorm.clone();
  }

  public long step() {
    return step;
  }

  public boolean diverged() {
    return diverged;
  }
}
