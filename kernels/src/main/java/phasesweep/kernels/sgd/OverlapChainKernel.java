package phasesweep.kernels.sgd;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import phasesweep.kernels.InvalidParameterException;
import phasesweep.kernels.Kernel;
import phasesweep.kernels.KernelResult;
import phasesweep.kernels.Streams;
import phasesweep.kernels.TaskParams;
import phasesweep.kernels.averages.Averages;
import phasesweep.kernels.linalg.Columns;
import phasesweep.kernels.linalg.HouseholderLq;
import phasesweep.kernels.linalg.LowerCholesky;
import phasesweep.kernels.linalg.RowGram;
import phasesweep.kernels.linalg.Vectors;
import phasesweep.kernels.model.Activation;
import phasesweep.kernels.model.Constraint;
import phasesweep.kernels.model.Loss;
import phasesweep.kernels.model.Overlaps;
import phasesweep.kernels.model.Weights;
import phasesweep.kernels.stepping.Stepper;
import phasesweep.kernels.stepping.SteppingLoop;

/**
 * One-pass SGD as the exact Markov chain of its overlaps (docs/physics.md §8): the same law as
 * {@link SgdKernel}'s overlaps at a cost per step that does not grow with {@code d}.
 *
 * <p>The state is a square root {@code V} of {@code Omega} ({@code Omega = V V^T}, teacher rows
 * first): the coordinates of the weight vectors, over {@code sqrt d}, in an orthonormal frame of
 * {@code p + k} dimensions that contains them. A step draws the new input's coordinates in that
 * frame, {@code z ~ N(0, I_{p+k})}, so its local fields are {@code u = V z}, and the squared norm
 * of its component outside the frame, {@code chi ~ chi^2(d - p - k)}; the update
 * {@code w_j += (gamma/(p sqrt d)) e sigma'(lambda_j) x} then makes the student rows
 * {@code [v_j + (c_j/d) z, (c_j/d) sqrt(chi)]}, {@code c_j = (gamma/p) e sigma'(lambda_j)}: the
 * frame grows by the input's outside direction. The next input is drawn in the grown frame
 * ({@code p + k + t} coordinates, {@code chi ~ chi^2(d - p - k - t)}), and every
 * {@link #FRAME_GROWTH} steps the student columns are brought back into {@code p}
 * lower-triangular ones with the same Gram matrix ({@link #frameGrowth}: 8 steps, about
 * {@code 0.8 p} from {@code p = 11} on): by the Cholesky decomposition of that
 * {@code p x p} Gram matrix, or where it is singular to rounding, by an LQ decomposition
 * (Householder) of the rows themselves. That is a change of orthonormal frame, which the inputs'
 * isotropic law does not see (docs/physics.md §8); it costs {@code O(p^2 (p + m))} once for
 * {@code m} steps, and a step between two is a dot product and an update of each student row
 * with no dependence between rows.
 *
 * <p>With a batch of {@code b > 1} (docs/physics.md §8.1) a step draws {@code b} labels' noises and
 * {@code b} coordinate vectors {@code z_mu}, and the student rows become
 * {@code [v_j + sum_mu a_jmu z_mu, outside_j]}, {@code a_jmu = c_jmu / (d b)}, where the outside
 * parts {@code sum_mu a_jmu y_mu} have the Gram matrix {@code A G A^T}, {@code G = Y^T Y} the
 * {@code b x b} Gram matrix of the inputs' outside components, Wishart with {@code d - p - k}
 * degrees of freedom. With {@code A = L Q} (an LQ decomposition, {@code L} {@code p x r},
 * {@code r = min(p, b)}), {@code A G A^T = L (Q G Q^T) L^T} and {@code Q G Q^T} is Wishart on
 * {@code r x r}, drawn by Bartlett's decomposition {@code T T^T}: the outside parts are the rows
 * of {@code L T}, {@code r} columns, in {@code O(p^2 b + r^2)} work whatever {@code d}.
 *
 * <p>At {@code b = 1} the student rows are kept by columns during an {@link #advance}
 * ({@link Columns}, docs/physics.md §8 "The rows by columns"): every row is updated by the same
 * input, so a column of rows is a vector, and each row's sums run in the order a loop over the
 * row runs them (the same bits). A step whose successor follows in the same {@link #advance}
 * with no rotation between draws the successor's input first (the stream's order is unchanged)
 * and sums its fields in the same pass as its own update, in the same order as a pass of their
 * own: the same bits, one pass fewer (not on the sphere: fusing its rescaling too, tried, gained
 * nothing measurable). A wide layer goes further and takes its steps in pairs, one pass for two
 * (docs/physics.md §8, "Two steps a pass"): the pass sums the fields of the next two inputs, the
 * second step corrects its fields by the first step's update ({@code a_j (x . z')}) and defers
 * that update to its own pass, which makes both; the same chain in exact arithmetic, rounded by
 * fused multiply-adds.
 *
 * <p>Keeping the factor rather than {@code Omega} keeps {@code Omega = V V^T} positive
 * semi-definite whatever the rounding, with no factorisation that can fail where {@code Omega}
 * turns singular (perfect learning, coinciding students); the teacher rows are never touched, so
 * {@code P} stays exactly as it started. The step loop allocates nothing.
 *
 * <p>The correlation loss drops the student's output from the error (docs/physics.md §1.1); the
 * sphere rescales each student row of the factor to norm 1 after every step (§1.2), which is the
 * full SGD's rescaling of {@code w_j} to norm {@code sqrt d} read in the frame. The checkpoints, the
 * risk and the divergence are {@link SteppingLoop}'s, shared with the full SGD.
 */
public final class OverlapChainKernel implements Stepper {
  private final TaskParams params;
  private final Activation activation;
  private final Activation teacherActivation;
  private final Averages averages;
  private final int d;
  private final int p;
  private final int k;
  private final int n;
  /** {@code V}, lower triangular: rows {@code 0..k-1} the teacher's, {@code k..n-1} the students'. */
  private final double[][] factor;
  /**
   * The teacher rows' triangle, row by row ({@code r (r + 1) / 2 + j}): they never change, and a
   * flat copy spares the step a row's lookup and bounds check a teacher.
   */
  private final double[] teacher;
  /** The student block of the updated factor and its outside columns, {@code p x (p + r)}. */
  private final double[][] block;
  /** Samples a step, {@code b}, and the outside columns {@code r = min(p, b)}. */
  private final int batch;
  private final int outsideColumns;
  /**
   * With a batch: the coordinates of a chunk's samples, and {@code A} as far as the step has gone:
   * the lower factor of the chunks before ({@code p} columns) then the chunk's coefficients.
   */
  private final double[][] batchZ;
  private final double[][] coefficients;
  /** The sum over the step's samples so far of {@code a_jmu z_mu}, {@code p x n}. */
  private final double[][] increment;
  /** Samples a chunk, {@code min(b, BATCH_CHUNK)}. */
  private final int chunk;
  /**
   * A step of a large batch runs in chunks of this many samples, so that its memory does not grow
   * with {@code b} (up to {@code d^2}) and a chunk's coordinates stay in cache.
   */
  public static final int BATCH_CHUNK = 1024;
  /** Bartlett's factor of the outside Gram matrix, and its diagonal's chi^2(d - p - k - i) samplers. */
  private final double[][] bartlett;
  private final ContinuousSampler[] bartlettDiagonal;
  private final double[] reflector;
  /** {@code Q_jj}, kept by the steps at {@code b = 1} for the divergence check. */
  private final double[] norms;
  /**
   * At {@code b = 1}: the columns the frame may grow by between two re-triangularisations,
   * {@code m}, and the columns it has grown by since the last one.
   */
  private final int growth;
  private int pending;
  /**
   * The frame's least growth between re-triangularisations at {@code b = 1}, chosen by
   * measurement: at {@code (p, k) = (8, 4)} a step took as long with 4 as with 8, longer with 16
   * (its rows' work grows as {@code m / 2}) and with 1.
   */
  static final int FRAME_GROWTH = 8;

  /**
   * The frame's growth {@code m} between re-triangularisations at {@code b = 1} for {@code p}
   * students (at most {@code d - p - k}): a re-triangularisation costs about
   * {@code p^2 (p + m) / 2 + p^3 / 6} (the Gram matrix, its Cholesky factor) once for {@code m}
   * steps, and the frame's {@code m / 2} extra columns on average cost each step {@code 2 p m / 2}
   * in the local fields and the update; the sum per step is least near {@code m = sqrt(2/3) p},
   * where the rotation's share is {@code O(p^2)}, the same order as the step itself
   * ({@code 2 p (p + k)}): the step's cost grows as {@code p (p + k)}, not as {@code p^3 / 8}
   * (issue #32). {@link #FRAME_GROWTH} below that ({@code p <= 10}), so that small widths keep
   * their draws.
   */
  public static int frameGrowth(int p) {
    return p < WIDE ? FRAME_GROWTH : Math.max(FRAME_GROWTH, (int) Math.round(Math.sqrt(2.0 / 3.0) * p));
  }

  /**
   * From this many students the layer is wide: its frame grows by {@link #frameGrowth} columns,
   * and the input's norm is a {@link Vectors#dot} (fixed-order lanes, on the Vector API where the
   * JVM has it; HotSpot's C2 does not vectorise a reduction); with a batch its rows' dot products
   * are too; at {@code b = 1} its students' {@code sigma'} are taken at once
   * ({@link Activation#sigmaPrimes}: erf's exponentials on the Vector API, which pays at 64 units,
   * not at 8); off the sphere its steps go in pairs, one pass over the rows for two. A narrower
   * layer keeps the draws and the bits it had before (issue #32).
   */
  public static final int WIDE = 11;

  /**
   * The {@code sigma'} of {@code p} students' fields {@code fields[from..]} into
   * {@code out[0..p-1]}, as a step at {@code b = 1} takes them: a wide layer's at once
   * ({@link Activation#sigmaPrimes}: erf's exponentials four lanes a vector), a narrower one's a
   * unit at a time (its bits unchanged). {@code bench}'s floor takes them so too.
   *
   * @param fields not modified
   * @param out {@code p} entries modified
   */
  public static void studentPrimes(Activation activation, double[] fields, int from, int p, double[] out) {
    if (p >= WIDE) {
      activation.sigmaPrimes(fields, from, p, out);
    } else {
      for (int j = 0; j < p; j++) {
        out[j] = activation.sigmaPrime(fields[from + j]);
      }
    }
  }
  private final double[][] gram;
  private final double[][] triangle;
  private final double[] inversePivot;
  /**
   * At {@code b = 1}, during {@link #advance}: the student rows of the factor by columns
   * ({@link Columns}), row {@code j}'s coordinate {@code m} at {@code students[m * stride + j]},
   * {@code m < n + growth}; the factor's own student rows are stale until the advance returns. A
   * step updates every row by one input, so a column of rows is a vector (issue #32).
   */
  private final double[] students;
  private final int stride;
  /** The sphere's rescaling of each student row in a step, {@code stride} entries (zero in the padding). */
  private final double[] scale;
  /**
   * At a rotation: the Gram matrix of the student columns by columns, then in place its Cholesky
   * factor ({@link Columns#gram}, {@link Columns#cholesky}), {@code p stride} entries.
   */
  private final double[] lower;
  /** The step's input coordinates, and the next step's where it was drawn ahead ({@link #drawnAhead}). */
  private double[] z;
  private double[] zNext;
  private final double[] u;
  /** The students' {@code sigma'} of the step (a wide layer's by {@link Activation#sigmaPrimes}). */
  private final double[] primes;
  /** The students' coefficients {@code a_j} of the step. */
  private double[] coefficient;
  /**
   * Whether the next step's input (its noise, coordinates and outside norm, in the stream's order)
   * is drawn and its fields are in {@link #u}: a step whose successor comes in the same
   * {@link #advance} without a rotation between draws it first and computes its fields in the same
   * pass over the rows as its own update (issue #32).
   */
  private boolean drawnAhead;
  private double nextZeta;
  private double nextChi;
  /**
   * The wide chain's steps in pairs (docs/physics.md §8, "Two steps a pass"): whether the input
   * after the next is drawn too ({@link #zAfter}, its noise and outside norm) with its fields on
   * the rows as the pass left them in {@link #fieldsAfter}; the next step then takes no pass of
   * its own but corrects those fields by its own update, which it defers
   * ({@link #deferred}: its coefficients and its input, the outside norm at its width) to the
   * pass after it.
   */
  private boolean drawnAfter;
  /** Whether a wide layer takes its steps in pairs (off only in the test that compares the two). */
  private boolean pairs = true;
  private double afterZeta;
  private double afterChi;
  private double[] zAfter;
  private final double[] fieldsAfter;
  private boolean deferred;
  private double[] deferredInput;
  private double[] deferredCoefficient;
  /** Zero coefficients and a zero input: a pass with nothing deferred, or no input to take fields of. */
  private final double[] zeroCoefficient;
  private final double[] zeroInput;
  private final double[][] omega;
  private final ZigguratSampler.NormalizedGaussian gauss;
  /** {@code chi^2(d - p - k - t)}, the outside norm's law once the frame has grown by {@code t}. */
  private final ContinuousSampler[] outside;
  private final double rate;
  /** {@code 1/k} and {@code 1/p} where they are powers of two (a product by them is the quotient to the bit), else 0. */
  private final double inverseK;
  private final double inverseP;
  private final double sqrtNoise;
  private final double invD;
  private final double bound;
  /** The correlation loss (docs/physics.md §1.1) and the sphere (§1.2). */
  private final boolean correlation;
  private final boolean sphere;
  private final Flaw flaw;
  /** Whether the layer is wide ({@link #WIDE}), and the lanes of its dot products. */
  private final boolean wide;
  private final double[] lanes = new double[Vectors.LANES];
  private long step;
  private boolean diverged;
  private String divergence = "";

  /** The chain from the task's initial overlaps (those its SGD starts from) and its sample stream. */
  public OverlapChainKernel(TaskParams params) {
    this(params, Overlaps.of(Weights.initial(params)), Streams.of(params.seed(), Streams.SAMPLES));
  }

  /** The chain from given overlaps (of the task's {@code p, k}) with samples from {@code samples}. */
  public OverlapChainKernel(TaskParams params, Overlaps initial, UniformRandomProvider samples) {
    this(params, initial, samples, Flaw.NONE);
  }

  /** Deliberate errors, for the tests that must tell a wrong chain from SGD. */
  enum Flaw {
    NONE,
    /** {@code |x|^2 = |z|^2}: the input's component outside the weights' span forgotten. */
    OUTSIDE_FORGOTTEN
  }

  OverlapChainKernel(TaskParams params, Overlaps initial, UniformRandomProvider samples, Flaw flaw) {
    this(params, initial, samples, flaw, BATCH_CHUNK);
  }

  /** With a chunk of {@code chunkSize} samples (the tests compare chunk sizes). */
  OverlapChainKernel(TaskParams params, Overlaps initial, UniformRandomProvider samples, Flaw flaw, int chunkSize) {
    initial.checkStartOf(params);
    this.params = params;
    this.activation = params.activation();
    this.teacherActivation = params.teacherActivation();
    this.averages = params.averages();
    this.d = params.d();
    this.p = params.p();
    this.k = params.k();
    this.n = p + k;
    this.batch = params.batch();
    this.outsideColumns = Math.min(p, batch);
    check(params);
    this.growth = batch == 1 ? Math.max(1, Math.min(frameGrowth(p), d - n)) : 0;
    this.factor = initialFactor(initial, n + growth);
    this.teacher = new double[k * (k + 1) / 2];
    for (int r = 0, o = 0; r < k; r++) {
      for (int j = 0; j <= r; j++) {
        teacher[o++] = factor[r][j];
      }
    }
    this.block = new double[p][p + Math.max(outsideColumns, growth)];
    this.chunk = Math.min(batch, chunkSize);
    this.reflector = new double[Math.max(p + Math.max(outsideColumns, growth), p + chunk)];
    this.norms = new double[p];
    this.gram = new double[p][p];
    this.triangle = new double[p][p];
    this.inversePivot = new double[p];
    this.z = new double[n + growth];
    this.zNext = new double[n + growth];
    this.zAfter = new double[n + growth];
    this.deferredInput = new double[n + growth];
    this.zeroInput = new double[n + growth];
    this.stride = Columns.stride(p);
    this.students = batch == 1 ? new double[(n + growth) * stride] : null;
    this.scale = new double[stride];
    this.lower = batch == 1 ? new double[p * stride] : null;
    this.coefficient = new double[stride];
    this.deferredCoefficient = new double[stride];
    this.zeroCoefficient = new double[stride];
    this.primes = new double[p];
    // the teachers' fields, then the students' (and the padding's, zero) as Columns writes them
    this.u = new double[k + stride];
    this.fieldsAfter = new double[k + stride];
    this.omega = new double[n][n];
    this.gauss = ZigguratSampler.NormalizedGaussian.of(samples);
    // chi^2(nu) = Gamma(nu / 2, scale 2): Marsaglia-Tsang, O(1) whatever nu
    this.outside = new ContinuousSampler[Math.max(1, growth)];
    for (int t = 0; t < outside.length; t++) {
      outside[t] = AhrensDieterMarsagliaTsangGammaSampler.of(samples, 0.5 * (d - n - t), 2);
    }
    this.rate = params.gamma() / p;
    this.inverseK = Integer.bitCount(k) == 1 ? 1.0 / k : 0;
    this.inverseP = Integer.bitCount(p) == 1 ? 1.0 / p : 0;
    this.sqrtNoise = Math.sqrt(params.noise());
    this.invD = 1.0 / d;
    this.bound = params.divergenceBound();
    this.correlation = params.loss() == Loss.CORRELATION;
    this.sphere = params.constraint() == Constraint.SPHERE;
    this.flaw = flaw;
    this.wide = p >= WIDE;
    if (batch == 1) {
      batchZ = null;
      coefficients = null;
      increment = null;
      bartlett = null;
      bartlettDiagonal = null;
    } else {
      batchZ = new double[chunk][n];
      coefficients = new double[p][p + chunk];
      increment = new double[p][n];
      bartlett = new double[outsideColumns][outsideColumns];
      bartlettDiagonal = new ContinuousSampler[outsideColumns];
      for (int i = 0; i < outsideColumns; i++) {
        bartlettDiagonal[i] = AhrensDieterMarsagliaTsangGammaSampler.of(samples, 0.5 * (d - n - i), 2);
      }
    }
  }

  /**
   * A lower-triangular square root of the initial {@code Omega} with the teacher rows first
   * (EJML's Cholesky decomposition, with a jitter of {@code 1e-14 max_i Omega_ii} where it is
   * singular).
   */
  private double[][] initialFactor(Overlaps initial, int capacity) {
    double[][] o = initial.covariance();
    DMatrixRMaj a = new DMatrixRMaj(n, n);
    double maxDiag = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        a.unsafe_set(i, j, o[fromFactor(i)][fromFactor(j)]);
      }
      maxDiag = Math.max(maxDiag, o[i][i]);
    }
    CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(n, true);
    if (!chol.decompose(a.copy())) {
      for (int i = 0; i < n; i++) {
        a.unsafe_set(i, i, a.unsafe_get(i, i) + 1e-14 * maxDiag);
      }
      if (!chol.decompose(a)) {
        throw new InvalidParameterException("init_overlaps", "[[Q, M], [M^T, P]] is not a valid covariance");
      }
    }
    DMatrixRMaj l = chol.getT(null);
    double[][] f = new double[n][capacity];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        f[i][j] = l.unsafe_get(i, j);
      }
    }
    return f;
  }

  /** The row of {@code Omega} (students first) of factor row {@code i} (teacher first). */
  private int fromFactor(int i) {
    return i < k ? p + i : i - k;
  }

  /**
   * Throws {@link InvalidParameterException} naming {@code d} if the chain cannot run the task: its
   * frame needs the {@code p + k} weights and the outside columns of a step, {@code min(p, batch)}.
   */
  public static void check(TaskParams params) {
    int n = params.p() + params.k();
    int outside = Math.min(params.p(), params.batch());
    if (params.d() - n < outside) {
      throw new InvalidParameterException("d", "the overlap chain needs d >= p + k + min(p, batch) = "
          + (n + outside) + ", got " + params.d());
    }
  }

  /** A wide layer's steps one a pass, not in pairs: the same chain in exact arithmetic (for the tests). */
  void withoutPairs() {
    pairs = false;
  }

  /** Runs the task's chain from its seed to {@code t_max}. */
  public static KernelResult run(TaskParams params) {
    return new OverlapChainKernel(params).run();
  }

  /** The chain of a task from explicit initial overlaps, with the task's sample stream. */
  public static KernelResult run(TaskParams params, Overlaps initial) {
    return new OverlapChainKernel(params, initial, Streams.of(params.seed(), Streams.SAMPLES)).run();
  }

  /** Runs to {@code t_max}, reporting the exact risk at the task's checkpoints. */
  public KernelResult run() {
    return SteppingLoop.run(Kernel.SGD_OVERLAPS, params, averages, this);
  }

  /**
   * Takes up to {@code steps} steps; stops early at a divergence. The factor is lower triangular
   * again on return.
   *
   * @return the steps taken
   */
  @Override
  public long advance(long steps) {
    // a step at b = 1 carries Q_jj by its increment: taken afresh from the factor here
    studentNorms();
    if (batch == 1) {
      toColumns();
    }
    long done = 0;
    while (done < steps && !diverged) {
      if (batch == 1) {
        chainStep(steps - done - 1);
      } else {
        batchStep();
      }
      done++;
    }
    if (deferred) {
      // a divergence stopped the pair: the deferred step's update before the rotation
      Columns.updateTwiceAndFields(students, stride, deferredCoefficient, deferredInput, zeroCoefficient, zeroInput,
          n + pending, 0, zeroInput, zeroInput, u, fieldsAfter, k);
      deferred = false;
    }
    if (pending > 0) {
      retriangulate(pending);
      pending = 0;
    }
    if (batch == 1) {
      fromColumns();
    }
    return done;
  }

  /** The factor's student rows into {@link #students} (the frame's first {@code n} columns; the rest are zero). */
  private void toColumns() {
    for (int j = 0; j < p; j++) {
      double[] row = factor[k + j];
      for (int m = 0; m < n; m++) {
        students[m * stride + j] = row[m];
      }
    }
  }

  /** {@link #students}, lower triangular again after a rotation, back into the factor's rows. */
  private void fromColumns() {
    for (int j = 0; j < p; j++) {
      double[] row = factor[k + j];
      for (int m = 0; m < n; m++) {
        row[m] = students[m * stride + j];
      }
    }
  }

  /**
   * One step at {@code b = 1} in a frame that grows by the input's outside direction
   * (docs/physics.md §8): the input's coordinates {@code z} in the frame's {@code n + t}
   * dimensions, its outside norm {@code chi ~ chi^2(d - n - t)}, and the student rows become
   * {@code [v_j + a_j z, a_j sqrt(chi)]}, {@code a_j = c_j / d}, one column wider; the teacher
   * rows, zero outside their triangle, do not change. Every {@link #frameGrowth} steps the
   * student columns are rotated back into {@code p} lower-triangular ones ({@link #retriangulate}):
   * a change of orthonormal frame, which the next input's isotropic law does not see. Between
   * two, a step is a dot product and an update of each student row, with no dependence between
   * the rows; the rotation's {@code O(p^2 (p + m))} is shared by the {@code m} steps.
   */
  private void chainStep(long remaining) {
    int width = n + pending;
    double zeta;
    double chi;
    if (drawnAhead) {
      zeta = nextZeta;
      chi = nextChi;
      drawnAhead = false;
    } else {
      // the stream per step: the label noise, the frame's coordinates, the outside norm
      zeta = gauss.sample();
      for (int i = 0; i < width; i++) {
        z[i] = gauss.sample();
      }
      chi = outside[pending].sample();
      teacherFields(z, u);
      Columns.fields(students, stride, z, width, u, k);
    }
    // the students' sigma' (they do not depend on the error)
    studentPrimes(activation, u, k, p, primes);
    double error = error(zeta);
    step++;
    if (!Double.isFinite(error)) {
      diverge("non-finite output error");
      return;
    }
    double outsideNorm = flaw == Flaw.OUTSIDE_FORGOTTEN ? 0 : Math.sqrt(chi);
    double inputNorm = outsideNorm * outsideNorm;
    if (wide) {
      inputNorm += Vectors.dot(z, z, width, lanes);
    } else {
      for (int i = 0; i < width; i++) {
        inputNorm += z[i] * z[i];
      }
    }
    // the row's squared norm becomes Q_jj + 2 a_j lambda_j + a_j^2 |x|^2 / d
    double maxNorm = 0;
    for (int j = 0; j < p; j++) {
      double a = rate * error * primes[j] * invD;
      coefficient[j] = a;
      double norm = norms[j] + a * (2 * u[k + j] + a * inputNorm);
      if (sphere) {
        // the row back to the unit sphere in the same pass: s (v_j + a z), s = 1 / |v_j + a x|
        double s = 1 / Math.sqrt(norm);
        scale[j] = s;
        norm *= s * s;
      }
      norms[j] = norm;
      maxNorm = Math.max(maxNorm, norm);
    }
    if (drawnAfter) {
      secondOfPair(width, outsideNorm);
    } else if (sphere) {
      Columns.updateAndScale(students, stride, coefficient, scale, z, width, outsideNorm);
    } else {
      passAndDrawAhead(remaining, width, outsideNorm);
    }
    if (++pending == growth) {
      retriangulate(pending);
      pending = 0;
    }
    if (!(maxNorm <= bound)) {
      diverge("max Q_jj = " + maxNorm + " exceeds the divergence bound " + bound);
    }
  }

  /**
   * A step's pass over the rows off the sphere: its update, the deferred one's where a pair left
   * one, and the fields of the next input (and of the one after, where a wide layer's pair
   * begins), drawn now in the stream's order where nothing comes between: their fields are
   * summed in the update's pass (a narrow layer's the same sums, in the same order, as a pass of
   * their own). A method of its own: inside the step's, its branches made C2's compilation of the
   * step box vectors in some JVMs (docs/development.md, "Speed", 2026-12-08).
   */
  private void passAndDrawAhead(long remaining, int width, double outsideNorm) {
    boolean ahead = remaining >= 1 && pending + 1 < growth;
    boolean pair = pairs && wide && remaining >= 2 && pending + 2 < growth;
    if (ahead) {
      nextZeta = gauss.sample();
      for (int i = 0; i <= width; i++) {
        zNext[i] = gauss.sample();
      }
      nextChi = outside[pending + 1].sample();
      teacherFields(zNext, u);
    }
    if (pair) {
      afterZeta = gauss.sample();
      for (int i = 0; i <= width + 1; i++) {
        zAfter[i] = gauss.sample();
      }
      afterChi = outside[pending + 2].sample();
      teacherFields(zAfter, fieldsAfter);
    }
    if (pair || deferred) {
      Columns.updateTwiceAndFields(students, stride, deferred ? deferredCoefficient : zeroCoefficient,
          deferred ? deferredInput : zeroInput, coefficient, z, width, outsideNorm, ahead ? zNext : zeroInput,
          pair ? zAfter : zeroInput, u, fieldsAfter, k);
      deferred = false;
      drawnAfter = pair;
    } else if (ahead) {
      Columns.updateAndFields(students, stride, coefficient, z, width, outsideNorm, zNext, u, k);
    } else {
      Columns.update(students, stride, coefficient, z, width, outsideNorm);
    }
    if (ahead) {
      double[] t = z;
      z = zNext;
      zNext = t;
      drawnAhead = true;
    }
  }

  /**
   * The second step of a wide layer's pair (docs/physics.md §8, "Two steps a pass"): no pass over
   * the rows. The next input's fields on the rows as the last pass left them, {@link #fieldsAfter},
   * plus this step's update's share, {@code a_j (x . z')} with {@code x} this input (its outside
   * norm at {@code width}); the update itself is deferred to the next step's pass.
   */
  private void secondOfPair(int width, double outsideNorm) {
    z[width] = outsideNorm;
    double overlap = Vectors.dot(z, zAfter, width + 1, lanes);
    System.arraycopy(fieldsAfter, 0, u, 0, k);
    for (int j = 0; j < p; j++) {
      u[k + j] = Math.fma(coefficient[j], overlap, fieldsAfter[k + j]);
    }
    double[] t = deferredInput;
    deferredInput = z;
    z = zAfter;
    zAfter = t;
    double[] c = deferredCoefficient;
    deferredCoefficient = coefficient;
    coefficient = c;
    deferred = true;
    drawnAfter = false;
    drawnAhead = true;
    nextZeta = afterZeta;
    nextChi = afterChi;
  }

  /**
   * One step on {@code b} samples, in chunks of {@link #chunk}; the stream is {@code zeta_mu, z_mu}
   * sample by sample, then Bartlett's factor row by row (its diagonal's chi^2, then the Gaussians
   * left of it). Every sample of the step sees the factor as the step began: the chunks add into
   * {@link #increment}, and {@code A}'s LQ decomposition is carried from chunk to chunk
   * ({@code [A_1, A_2] = [L_1 Q_1, A_2]} has the lower factor of {@code [L_1, A_2]}), so neither
   * the memory nor the work a sample depends on {@code b}.
   */
  private void batchStep() {
    for (double[] inc : increment) {
      java.util.Arrays.fill(inc, 0);
    }
    double scale = rate * invD / batch;
    boolean finite = true;
    int carried = 0;
    for (int from = 0; from < batch; from += chunk) {
      int count = Math.min(chunk, batch - from);
      for (int mu = 0; mu < count; mu++) {
        double zeta = gauss.sample();
        double[] zmu = batchZ[mu];
        for (int i = 0; i < n; i++) {
          zmu[i] = gauss.sample();
        }
        double error = outputError(zmu, zeta);
        finite &= Double.isFinite(error);
        for (int j = 0; j < p; j++) {
          coefficients[j][carried + mu] = scale * error * activation.sigmaPrime(u[k + j]);
        }
      }
      for (int j = 0; j < p; j++) {
        double[] a = coefficients[j];
        double[] inc = increment[j];
        for (int mu = 0; mu < count; mu++) {
          double amu = a[carried + mu];
          double[] zmu = batchZ[mu];
          for (int m = 0; m < n; m++) {
            inc[m] += amu * zmu[m];
          }
        }
      }
      HouseholderLq.lowerTriangularise(coefficients, p, carried + count, reflector);
      if (from + count < batch) {
        // L_1 carried into the next chunk: its p columns, above the diagonal zero (not rounding's)
        for (int j = 0; j < p; j++) {
          java.util.Arrays.fill(coefficients[j], j + 1, p, 0);
        }
        carried = p;
      }
    }
    for (int i = 0; i < outsideColumns; i++) {
      bartlett[i][i] = Math.sqrt(bartlettDiagonal[i].sample());
      for (int j = 0; j < i; j++) {
        bartlett[i][j] = gauss.sample();
      }
    }
    step++;
    if (!finite) {
      diverge("non-finite output error");
      return;
    }
    for (int j = 0; j < p; j++) {
      double[] row = factor[k + j];
      double[] inc = increment[j];
      double[] b = block[j];
      for (int m = 0; m < k; m++) {
        row[m] += inc[m];
      }
      for (int m = 0; m < p; m++) {
        b[m] = row[k + m] + inc[k + m];
      }
    }
    // the outside parts: the rows of L T, A = [L, 0] Q, with L's columns signed so that its diagonal
    // is >= 0: L is then A A^T's own factor, whatever the chunks (the sign of a column of L is a
    // reflection of the outside space, which the law of T does not see)
    for (int j = 0; j < p; j++) {
      double[] l = coefficients[j];
      double[] b = block[j];
      for (int col = 0; col < outsideColumns; col++) {
        double sum = 0;
        if (flaw != Flaw.OUTSIDE_FORGOTTEN) {
          for (int m = col; m <= Math.min(j, outsideColumns - 1); m++) {
            sum += (coefficients[m][m] < 0 ? -l[m] : l[m]) * bartlett[m][col];
          }
        }
        b[p + col] = sum;
      }
    }
    retriangulateBlock(outsideColumns);
    if (sphere) {
      toSphere();
    }
    checkDivergence();
  }

  /** Each student row of the factor rescaled to norm 1: {@code Q_jj = 1} (docs/physics.md §1.2). */
  private void toSphere() {
    studentNorms();
    for (int j = 0; j < p; j++) {
      double s = 1 / Math.sqrt(norms[j]);
      double[] row = factor[k + j];
      for (int m = 0; m <= k + j; m++) {
        row[m] *= s;
      }
    }
  }

  /**
   * With a batch: the local fields {@code u = V z} of an input with coordinates {@code z} in the
   * frame's {@code n} dimensions ({@code V} lower triangular), into {@link #u}, and its output
   * error {@code y - f} with label noise {@code zeta}.
   */
  private double outputError(double[] coordinates, double zeta) {
    teacherFields(coordinates, u);
    for (int j = 0; j < p; j++) {
      double[] row = factor[k + j];
      int end = k + j + 1;
      double sum = 0;
      if (wide) {
        sum = Vectors.dot(row, coordinates, end, lanes);
      } else {
        for (int m = 0; m < end; m++) {
          sum += row[m] * coordinates[m];
        }
      }
      u[k + j] = sum;
    }
    return error(zeta);
  }

  /** The teachers' local fields of an input with coordinates {@code z} into {@code out[0..k-1]} (a teacher row is zero past its triangle). */
  private void teacherFields(double[] coordinates, double[] out) {
    for (int r = 0, o = 0; r < k; r++) {
      double sum = 0;
      for (int j = 0; j <= r; j++) {
        sum += teacher[o++] * coordinates[j];
      }
      out[r] = sum;
    }
  }

  /** The output error {@code y - f} of the input whose fields are in {@link #u}, with label noise {@code zeta}. */
  private double error(double zeta) {
    double teacherOut = 0;
    for (int r = 0; r < k; r++) {
      teacherOut += teacherActivation.sigma(u[r]);
    }
    double studentOut = 0;
    if (!correlation) {
      for (int j = 0; j < p; j++) {
        studentOut += activation.sigma(u[k + j]);
      }
    }
    // a product by 1/k for the quotient where k is a power of two: the same bits, no division's latency
    double teacherMean = inverseK != 0 ? teacherOut * inverseK : teacherOut / k;
    double studentMean = inverseP != 0 ? studentOut * inverseP : studentOut / p;
    return teacherMean + sqrtNoise * zeta - studentMean;
  }

  /**
   * At {@code b = 1}: the student columns of a frame grown by {@code grown} columns rotated back
   * into {@code p} lower-triangular ones, and the frame back to {@code n} dimensions.
   */
  private void retriangulate(int grown) {
    int width = p + grown;
    Columns.gram(students, stride, p, k, k + width, lower);
    if (Columns.cholesky(lower, stride, p, inversePivot)) {
      // the factor's columns are the student columns k..k+p-1 (above the diagonal zero), the rest zero
      System.arraycopy(lower, 0, students, k * stride, p * stride);
      Arrays.fill(students, (k + p) * stride, (k + width) * stride, 0);
      return;
    }
    // G singular to rounding (students that coincide): the LQ decomposition of the rows themselves
    for (int c = 0; c < width; c++) {
      int o = (k + c) * stride;
      for (int i = 0; i < p; i++) {
        block[i][c] = students[o + i];
      }
    }
    HouseholderLq.lowerTriangularise(block, p, width, reflector);
    for (int c = 0; c < width; c++) {
      int o = (k + c) * stride;
      for (int i = 0; i < p; i++) {
        students[o + i] = c <= i ? block[i][c] : 0;
      }
    }
  }

  /**
   * The {@code p x (p + extra)} student block back into lower-triangular factor rows: by the
   * Cholesky decomposition of its Gram matrix, or where that is singular to rounding, by its LQ
   * decomposition.
   */
  private void retriangulateBlock(int extra) {
    if (!choleskyOfBlock(p + extra)) {
      HouseholderLq.lowerTriangularise(block, p, p + extra, reflector);
      for (int i = 0; i < p; i++) {
        double[] row = factor[k + i];
        for (int m = 0; m < p; m++) {
          row[k + m] = m <= i ? block[i][m] : 0;
        }
      }
    }
  }

  /** Stops the chain where a student's norm {@code Q_jj} exceeds the bound (or is not finite). */
  private void checkDivergence() {
    studentNorms();
    double maxNorm = 0;
    for (double norm : norms) {
      maxNorm = Math.max(maxNorm, norm);
    }
    if (!(maxNorm <= bound)) {
      diverge("max Q_jj = " + maxNorm + " exceeds the divergence bound " + bound);
    }
  }

  /**
   * The student block's new lower-triangular factor {@code T} from the Cholesky decomposition of
   * {@code G = B B^T} ({@code B} the block's first {@code width} columns): half the work of the
   * LQ decomposition. False, with the factor unchanged, where a pivot is not positive (a singular
   * {@code G}: students that coincide up to rounding); {@link HouseholderLq} then does it.
   */
  private boolean choleskyOfBlock(int width) {
    if (wide) {
      RowGram.lower(block, p, width, gram, lanes);
    } else {
      RowGram.lower(block, p, width, gram);
    }
    if (!LowerCholesky.decompose(gram, p, triangle, inversePivot)) {
      return false;
    }
    for (int i = 0; i < p; i++) {
      System.arraycopy(triangle[i], 0, factor[k + i], k, i + 1);
    }
    return true;
  }

  /** {@code Omega = V V^T} in the students-first order, into the kernel's own matrix. */
  @Override
  public double[][] covariance() {
    for (int a = 0; a < n; a++) {
      double[] fa = factor[a];
      for (int b = 0; b <= a; b++) {
        double[] fb = factor[b];
        double sum = 0;
        for (int m = 0; m <= b; m++) {
          sum += fa[m] * fb[m];
        }
        int i = fromFactor(a);
        int j = fromFactor(b);
        omega[i][j] = sum;
        omega[j][i] = sum;
      }
    }
    return omega;
  }

  /** {@code Q_jj = |v_j|^2}, the student rows' squared norms, from the factor into {@link #norms}. */
  private void studentNorms() {
    for (int j = 0; j < p; j++) {
      double[] row = factor[k + j];
      double norm = 0;
      for (int m = 0; m <= k + j; m++) {
        norm += row[m] * row[m];
      }
      norms[j] = norm;
    }
  }

  private void diverge(String reason) {
    diverged = true;
    divergence = reason + " at step " + step;
  }

  /** The current overlaps (a copy). */
  @Override
  public Overlaps overlaps() {
    double[][] o = covariance();
    double[][] q = new double[p][];
    double[][] m = new double[p][];
    double[][] pt = new double[k][];
    for (int j = 0; j < p; j++) {
      q[j] = Arrays.copyOfRange(o[j], 0, p);
      m[j] = Arrays.copyOfRange(o[j], p, n);
    }
    for (int r = 0; r < k; r++) {
      pt[r] = Arrays.copyOfRange(o[p + r], p, n);
    }
    return new Overlaps(q, m, pt);
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
