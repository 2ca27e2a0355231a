package phasesweep.kernels.sgd;

import org.apache.commons.rng.UniformRandomProvider;
import phasesweep.kernels.Kernel;
import phasesweep.kernels.KernelResult;
import phasesweep.kernels.Streams;
import phasesweep.kernels.TaskParams;
import phasesweep.kernels.averages.Averages;
import phasesweep.kernels.linalg.Vectors;
import phasesweep.kernels.model.Activation;
import phasesweep.kernels.model.Constraint;
import phasesweep.kernels.model.Loss;
import phasesweep.kernels.model.Overlaps;
import phasesweep.kernels.model.Weights;
import phasesweep.kernels.stepping.Stepper;
import phasesweep.kernels.stepping.SteppingLoop;

/**
 * One-pass SGD of the committee machine (docs/physics.md §1): a fresh Gaussian input per step, the update
 * {@code w_j += gamma / (p sqrt d) (y - f(x)) sigma'(lambda_j) x}, and at each checkpoint the
 * exact risk of the current weights (docs/physics.md §2). The step loop allocates nothing.
 *
 * <p>With a batch of {@code b > 1} (docs/physics.md §3.1) a step draws {@code b} samples and
 * averages their gradients: {@code w_j += gamma / (p sqrt d) (1/b) sum_mu e_mu
 * sigma'(lambda_j^mu) x_mu}. Its work is a {@code (p + k) x d} by {@code d x b} product for the
 * fields and a {@code p x b} by {@code b x d} one for the update, done {@link #CHUNK} samples at a
 * time so that the inputs are used while in cache ({@link #batchStep}). At {@code b = 1} the
 * single-sample step below runs, unchanged.
 *
 * <p>The student norms {@code Q_jj} are tracked every step, exactly up to rounding, from
 * {@code |w + a x|^2 = |w|^2 + 2 a w.x + a^2 |x|^2} (both dot products are at hand), so a
 * divergence (docs/physics.md §4) is caught at the step it happens at no extra pass over the weights. They
 * are reset from the exact overlaps at every checkpoint.
 *
 * <p>With {@code loss: correlation} the error signal {@code y - f(x)} is the label {@code y} alone
 * (docs/physics.md §1.1); with {@code constraint: sphere} each student row is rescaled to norm
 * {@code sqrt d} after every step (§1.2), its local field on the next input with it. The
 * checkpoints, the risk and the divergence are {@link SteppingLoop}'s, shared with the chain.
 */
public final class SgdKernel implements Stepper {
  private final TaskParams params;
  private final Activation activation;
  private final Activation teacherActivation;
  private final Averages averages;
  private final int d;
  private final int p;
  private final int k;
  private final double[][] student;
  private final double[][] teacher;
  /** {@code P}, fixed: the teacher never moves. */
  private final double[][] teacherOverlaps;
  /** The current input, its squared norm, and the student local fields on it. */
  private double[] x;
  private double inputNorm;
  private final double[] lambda;
  /** Whether {@code x}, {@code inputNorm} and {@code lambda} hold the next step's input. */
  private boolean prepared;
  private double[] xNext;
  private final double[] studentNorm;
  private final double[] lanes = new double[Vectors.LANES];
  /** The inputs' and label noises' generator (drawn through {@link Gaussians}). */
  private final UniformRandomProvider samples;
  private final double learningRate;
  private final double sqrtNoise;
  private final double invSqrtD;
  private final double invD;
  private final double bound;
  /** The correlation loss: the error signal is the label alone (docs/physics.md §1.1). */
  private final boolean correlation;
  /** Spherical SGD: each student row back to norm {@code sqrt d} after every step (§1.2). */
  private final boolean sphere;
  /** Samples a step; the batch fields are null at {@code b = 1}. */
  private final int batch;
  /** A chunk of the batch's inputs, their label noises and outputs, and its coefficients {@code p x CHUNK}. */
  private final double[][] inputs;
  private final double[] noises;
  private final double[] outputs;
  private final double[][] coefficients;
  /** The step's increment of each student row, {@code p x d}. */
  private final double[][] increment;
  /** Samples a chunk: 8 inputs of {@code d = 1000}, 64 KiB, stay in L2 between draw, fields and update. */
  public static final int CHUNK = 8;
  private final double[] pairLanes = new double[2 * Vectors.LANES];
  private final double[] pairFields = new double[2];

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
    this.teacherOverlaps = Overlaps.teacherOverlaps(w);
    this.x = new double[d];
    this.xNext = new double[d];
    this.lambda = new double[p];
    this.studentNorm = new double[p];
    this.samples = samples;
    this.learningRate = params.gamma() / (p * Math.sqrt(d));
    this.sqrtNoise = Math.sqrt(params.noise());
    this.invSqrtD = 1 / Math.sqrt(d);
    this.invD = 1.0 / d;
    this.bound = params.divergenceBound();
    this.correlation = params.loss() == Loss.CORRELATION;
    this.sphere = params.constraint() == Constraint.SPHERE;
    this.sampling = sampling;
    this.batch = params.batch();
    int chunk = Math.min(CHUNK, batch);
    this.inputs = batch == 1 ? null : new double[chunk][d];
    this.noises = batch == 1 ? null : new double[chunk];
    this.outputs = batch == 1 ? null : new double[chunk];
    this.coefficients = batch == 1 ? null : new double[p][chunk];
    this.increment = batch == 1 ? null : new double[p][d];
    resetNorms(overlaps());
  }

  /** Runs the task's SGD from its seed to {@code t_max}. */
  public static KernelResult run(TaskParams params) {
    return new SgdKernel(params).run();
  }

  /** Runs to {@code t_max}, reporting at the task's checkpoints. */
  public KernelResult run() {
    return SteppingLoop.run(Kernel.SGD, params, averages, this);
  }

  /** {@inheritDoc} The tracked norms are reset from them (the local fields stay valid: same weights). */
  @Override
  public double[][] covariance() {
    Overlaps overlaps = overlaps();
    resetNorms(overlaps);
    return overlaps.covariance();
  }

  /**
   * Takes up to {@code n} SGD steps; stops early at a divergence.
   *
   * @return the steps taken
   */
  @Override
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

  /**
   * One step on {@code b} fresh samples; the stream is {@code x_1, zeta_1, x_2, zeta_2, ...}, as
   * at {@code b = 1}. The samples go {@link #CHUNK} at a time through a buffer that stays in
   * cache: drawn, their local fields taken on the step's weights (two inputs a pass over each
   * row, {@link Vectors#dot2}), and their terms added to the step's increment {@code Delta_j}
   * (each increment row loaded and stored once a chunk, {@link Vectors#addCombination}); the
   * weights take the increment at the end, and each student norm is recomputed from its row.
   */
  private void batchStep() {
    double rate = learningRate / batch;
    boolean finite = true;
    for (int from = 0; from < batch; from += CHUNK) {
      int count = Math.min(CHUNK, batch - from);
      for (int m = 0; m < count; m++) {
        sampleInput(inputs[m]);
        noises[m] = Gaussians.sample(samples);
        outputs[m] = 0;
      }
      for (int m = 0; m < count; m += 2) {
        int pair = Math.min(2, count - m);
        for (int r = 0; r < k; r++) {
          fields(teacher[r], m, pair);
          for (int q = 0; q < pair; q++) {
            outputs[m + q] += teacherActivation.sigma(pairFields[q] * invSqrtD) / k;
          }
        }
        for (int j = 0; j < p; j++) {
          fields(student[j], m, pair);
          for (int q = 0; q < pair; q++) {
            double l = pairFields[q] * invSqrtD;
            coefficients[j][m + q] = l;
            if (!correlation) {
              outputs[m + q] -= activation.sigma(l) / p;
            }
          }
        }
      }
      for (int m = 0; m < count; m++) {
        double error = outputs[m] + sqrtNoise * noises[m];
        finite &= Double.isFinite(error);
        for (int j = 0; j < p; j++) {
          // the field lambda_j^m, kept here until its coefficient replaces it
          coefficients[j][m] = rate * error * activation.sigmaPrime(coefficients[j][m]);
        }
      }
      for (int j = 0; j < p; j++) {
        Vectors.addCombination(increment[j], inputs, coefficients[j], count, 0, d);
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
      double[] delta = increment[j];
      Vectors.axpy(1, delta, row, d);
      java.util.Arrays.fill(delta, 0);
      double norm = Vectors.dot(row, row, d, lanes) * invD;
      if (sphere) {
        double s = 1 / Math.sqrt(norm);
        Vectors.scale(s, row, d);
        norm *= s * s;
      }
      studentNorm[j] = norm;
      maxNorm = Math.max(maxNorm, norm);
    }
    if (!(maxNorm <= bound)) {
      diverge("max Q_jj = " + maxNorm + " exceeds the divergence bound " + bound);
    }
  }

  /** {@code row . x} for the {@code count} (1 or 2) inputs from {@code mu}, into {@link #pairFields}. */
  private void fields(double[] row, int mu, int count) {
    if (count == 2) {
      Vectors.dot2(row, inputs[mu], inputs[mu + 1], d, pairLanes, pairFields);
    } else {
      pairFields[0] = Vectors.dot(row, inputs[mu], d, lanes);
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
    if (!correlation) {
      for (int j = 0; j < p; j++) {
        studentOut += activation.sigma(lambda[j]);
      }
    }
    // y = f*(x) + sqrt(Delta) zeta; zeta is drawn even when Delta = 0 so that the inputs do not
    // depend on Delta. The stream is x_1, zeta_1, x_2, zeta_2, ...
    double error = teacherOut / k + sqrtNoise * Gaussians.sample(samples) - studentOut / p;
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
      lambda[j] = Vectors.axpyDot(a, x, student[j], next, d, lanes) * invSqrtD;
      if (sphere) {
        double s = 1 / Math.sqrt(norm);
        Vectors.scale(s, student[j], d);
        lambda[j] *= s;
        norm *= s * s;
      }
      studentNorm[j] = norm;
      maxNorm = Math.max(maxNorm, norm);
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
    Gaussians.fill(samples, into, 0, d);
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
  @Override
  public Overlaps overlaps() {
    // P is shared by every checkpoint's overlaps, never modified (Overlaps copies nothing)
    return Overlaps.of(new Weights(teacher, student), teacherOverlaps);
  }

  /** The student norms {@code Q_jj} as tracked step by step (for tests). */
  double[] trackedNorms() {
    return studentNorm.clone();
  }

  @Override
  public long step() {
    return step;
  }

  @Override
  public boolean diverged() {
    return diverged;
  }

  @Override
  public String divergence() {
    return divergence;
  }
}
