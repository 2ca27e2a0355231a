package phasesweep.driver.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import phasesweep.kernels.Kernel;
import phasesweep.kernels.Streams;
import phasesweep.kernels.TaskParams;
import phasesweep.kernels.linalg.Vectors;
import phasesweep.kernels.model.Activation;
import phasesweep.kernels.model.Constraint;
import phasesweep.kernels.model.Loss;
import phasesweep.kernels.sgd.Gaussians;
import phasesweep.kernels.sgd.OverlapChainKernel;
import phasesweep.kernels.sgd.SgdKernel;

/**
 * Nanoseconds per step of one SGD kernel ({@code sgd}, or the overlap chain {@code sgd_overlaps})
 * at one {@code (d, p, k)}, on one thread: a warm-up long enough for the JIT, then repetitions of
 * a fixed number of steps, each timed alone.
 *
 * <p>Each configuration runs in a JVM of its own ({@link #forked}), as JMH does by default: in
 * one JVM the profile of earlier configurations (other {@code d}, other {@code p}) steers the
 * JIT, and the same step measured 8 us alone and 14 us after the others.
 */
public final class SgdBench {
  public record Result(String kernel, int d, int p, int k, int batch, Timing nsPerStep, long stepsPerRepetition) {}

  /**
   * The full SGD step against its parts, measured in one JVM in interleaved rounds (a repetition
   * of each part in turn, so that all see the same machine): the step, the step without its
   * Gaussian draws (the inputs reused), and {@code d} draws of the step's own sampler
   * ({@code Gaussians.fill}), each a median over the rounds; {@code ratio} is the median over
   * the rounds of {@code step / (stepWithoutSampling + d sample)}. {@code librarySampleNs} is one
   * draw of Commons RNG's {@code ZigguratSampler} in the same kind of loop, for comparison.
   */
  public record Split(int d, int p, int k, double stepNs, double stepWithoutSamplingNs, double sampleNs,
      double librarySampleNs, double ratio, double ratioMin, double ratioMax) {}

  /**
   * The chain with the options of docs/physics.md §1.1 and §1.2 against the chain without, in one
   * JVM in interleaved rounds: ns per step of the plain chain, with {@code constraint: sphere}, and
   * with the sphere and {@code loss: correlation} (medians over the rounds); {@code ratio} is the
   * median over the rounds of sphere / plain.
   */
  public record Options(int d, int p, int k, double plainNs, double sphereNs, double sphereCorrelationNs,
      double ratio, double ratioMin, double ratioMax) {}

  /**
   * The chain's step against its floor (issue #32), in one JVM in interleaved rounds: {@code stepNs}
   * the chain's step ({@code advance}, no checkpoints), {@code floorNs} a loop of exactly the
   * draws and activation evaluations one step needs and nothing else (the label noise, the
   * frame's coordinates as the frame grows, the outside norm's chi^2; the teachers' activations,
   * the students' and their derivatives), {@code runNs} a whole run of the task as a sweep runs
   * it (its checkpoints and exact risks included) per step, each a median over the rounds;
   * {@code ratio} the median over the rounds of step / floor.
   */
  public record Floor(int d, int p, int k, int frameGrowth, double stepNs, double floorNs, double runNs,
      double ratio, double ratioMin, double ratioMax) {}

  /**
   * One activation's {@code sigma'} of a step's {@code units} units (issue #32), measured in one
   * JVM that runs every activation both ways, as an executor of a sweep of several activations
   * does: at once ({@code Activation.sigmaPrimes}) and a unit at a time ({@code sigmaPrime}),
   * ns for all {@code units}, medians over interleaved rounds; {@code ratio} a unit at a time over
   * at once.
   */
  public record Units(String activation, int units, double atOnceNs, double oneAtATimeNs, double ratio) {}

  private SgdBench() {}

  /** {@link Units} of every activation at {@code units} units, in a fresh JVM. */
  public static Units[] units(int units, double warmupSeconds, double repetitionSeconds, int repetitions)
      throws IOException, InterruptedException {
    return inChild("units", Units[].class, 0, units, 0, warmupSeconds, repetitionSeconds, repetitions);
  }

  static Units[] measureUnits(int units, double warmupSeconds, double repetitionSeconds, int repetitions) {
    Activation[] activations = Activation.values();
    double[] h = new double[units];
    Gaussians.fill(Streams.of(11, Streams.SAMPLES), h, 0, units);
    double[] out = new double[units];
    double[] sink = new double[1];
    Stepper[] parts = new Stepper[2 * activations.length];
    for (int a = 0; a < activations.length; a++) {
      Activation sigma = activations[a];
      parts[2 * a] = new Stepper(calls -> {
        for (long c = 0; c < calls; c++) {
          sigma.sigmaPrimes(h, 0, units, out);
          sink[0] += out[(int) (c % units)];
        }
        return calls;
      }, () -> false);
      parts[2 * a + 1] = new Stepper(calls -> {
        for (long c = 0; c < calls; c++) {
          for (int j = 0; j < units; j++) {
            out[j] = sigma.sigmaPrime(h[j]);
          }
          sink[0] += out[(int) (c % units)];
        }
        return calls;
      }, () -> false);
    }
    double[][] ns = interleaved(parts, warmupSeconds, repetitionSeconds, repetitions);
    if (Double.isNaN(sink[0])) {
      throw new IllegalStateException("benchmark activations gave NaN");
    }
    Units[] rows = new Units[activations.length];
    for (int a = 0; a < activations.length; a++) {
      double atOnce = Timing.of(ns[2 * a]).median();
      double oneAtATime = Timing.of(ns[2 * a + 1]).median();
      rows[a] = new Units(activations[a].id(), units, atOnce, oneAtATime, oneAtATime / atOnce);
    }
    return rows;
  }

  /** {@link Floor} of one configuration, in a fresh JVM. */
  public static Floor floor(int d, int p, int k, double warmupSeconds, double repetitionSeconds, int repetitions)
      throws IOException, InterruptedException {
    return inChild("floor", Floor.class, d, p, k, warmupSeconds, repetitionSeconds, repetitions);
  }

  /** The task of {@link Floor}: green, {@code delta = 1/2}, erf, as a sweep's single task at {@code (d, p, k)}. */
  static TaskParams floorTask(int d, int p, int k, double tMax) {
    return TaskParams.builder().d(d).p0(p).k(k).gamma0(1).delta(0.5).noise(1e-3).seed(1).tMax(tMax).build();
  }

  static Floor measureFloor(int d, int p, int k, double warmupSeconds, double repetitionSeconds, int repetitions) {
    TaskParams params = floorTask(d, p, k, 1e9);
    OverlapChainKernel chain = new OverlapChainKernel(params);
    int n = p + k;
    int growth = Math.max(1, Math.min(OverlapChainKernel.frameGrowth(p), d - n));
    UniformRandomProvider rng = Streams.of(11, Streams.SAMPLES);
    ZigguratSampler.NormalizedGaussian gauss = ZigguratSampler.NormalizedGaussian.of(rng);
    org.apache.commons.rng.sampling.distribution.ContinuousSampler chi =
        org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler.of(rng, 0.5 * (d - n), 2);
    phasesweep.kernels.model.Activation sigma = params.activation();
    phasesweep.kernels.model.Activation teacher = params.teacherActivation();
    double[] z = new double[n + growth];
    double[] sink = new double[1];
    double[] primes = new double[p];
    Stepper floor = new Stepper(steps -> {
      double acc = 0;
      int pending = 0;
      for (long s = 0; s < steps; s++) {
        int width = n + pending;
        double zeta = gauss.sample();
        for (int i = 0; i < width; i++) {
          z[i] = gauss.sample();
        }
        acc += zeta + chi.sample();
        for (int r = 0; r < k; r++) {
          acc += teacher.sigma(z[r]);
        }
        OverlapChainKernel.studentPrimes(sigma, z, k, p, primes);
        for (int j = 0; j < p; j++) {
          acc += sigma.sigma(z[k + j]) + primes[j];
        }
        pending = pending + 1 == growth ? 0 : pending + 1;
      }
      sink[0] += acc;
      return steps;
    }, () -> false);
    // a whole run of the task per call, t_max set for about as many steps as a repetition asks
    double timeScale = params.timeScale();
    Stepper run = new Stepper(steps -> {
      phasesweep.kernels.KernelResult r = OverlapChainKernel.run(floorTask(d, p, k, Math.max(1.0, steps * timeScale)));
      sink[0] += r.riskFinal();
      return r.steps();
    }, () -> false);
    Stepper[] parts = {new Stepper(chain::advance, chain::diverged), floor, run};
    double[][] ns = interleaved(parts, warmupSeconds, repetitionSeconds, repetitions);
    if (chain.diverged() || Double.isNaN(sink[0])) {
      throw new IllegalStateException("benchmark chain diverged at (" + p + ", " + k + ")");
    }
    double[] ratios = new double[repetitions];
    for (int r = 0; r < repetitions; r++) {
      ratios[r] = ns[0][r] / ns[1][r];
    }
    Timing ratio = Timing.of(ratios);
    return new Floor(d, p, k, growth, Timing.of(ns[0]).median(), Timing.of(ns[1]).median(), Timing.of(ns[2]).median(),
        ratio.median(), ratio.min(), ratio.max());
  }

  /** {@link Options} of one configuration, in a fresh JVM. */
  public static Options options(int d, int p, int k, double warmupSeconds, double repetitionSeconds, int repetitions)
      throws IOException, InterruptedException {
    return inChild("options", Options.class, d, p, k, warmupSeconds, repetitionSeconds, repetitions);
  }

  /** A measurement {@code what} of one configuration run by {@link #main} in a fresh JVM, read from its JSON line. */
  private static <T> T inChild(String what, Class<T> type, int d, int p, int k, double warmupSeconds,
      double repetitionSeconds, int repetitions) throws IOException, InterruptedException {
    return new ObjectMapper().readValue(child(List.of(what, Integer.toString(d), Integer.toString(p),
        Integer.toString(k), Double.toString(warmupSeconds), Double.toString(repetitionSeconds),
        Integer.toString(repetitions))), type);
  }

  /**
   * ns per step of each of {@code parts}, measured in interleaved rounds (a repetition of each in
   * turn, so that all see the same machine): {@code [part][round]}.
   */
  private static double[][] interleaved(Stepper[] parts, double warmupSeconds, double repetitionSeconds,
      int repetitions) {
    long[] perRepetition = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      perRepetition[i] = warmUp(parts[i], warmupSeconds, repetitionSeconds);
    }
    double[][] ns = new double[parts.length][repetitions];
    for (int r = 0; r < repetitions; r++) {
      for (int i = 0; i < parts.length; i++) {
        ns[i][r] = once(parts[i], perRepetition[i]);
      }
    }
    return ns;
  }

  static Options measureOptions(int d, int p, int k, double warmupSeconds, double repetitionSeconds, int repetitions) {
    TaskParams plain = TaskParams.builder().d(d).p0(p).k(k).gamma0(1).noise(1e-3).seed(1).tMax(1e6).build();
    TaskParams sphere = plain.toBuilder().constraint(Constraint.SPHERE).build();
    TaskParams both = sphere.toBuilder().loss(Loss.CORRELATION).build();
    Stepper[] parts = new Stepper[3];
    TaskParams[] tasks = {plain, sphere, both};
    for (int i = 0; i < 3; i++) {
      OverlapChainKernel chain = new OverlapChainKernel(tasks[i]);
      parts[i] = new Stepper(chain::advance, chain::diverged);
    }
    double[][] ns = interleaved(parts, warmupSeconds, repetitionSeconds, repetitions);
    double[] ratios = new double[repetitions];
    for (int r = 0; r < repetitions; r++) {
      ratios[r] = ns[1][r] / ns[0][r];
    }
    Timing ratio = Timing.of(ratios);
    return new Options(d, p, k, Timing.of(ns[0]).median(), Timing.of(ns[1]).median(), Timing.of(ns[2]).median(),
        ratio.median(), ratio.min(), ratio.max());
  }

  /**
   * Measures one configuration in a fresh JVM: the same Java, class path and module flags as
   * this one. The child prints its result as one JSON line.
   */
  public static Result forked(Kernel kernel, int d, int p, int k, double warmupSeconds, double repetitionSeconds,
      int repetitions) throws IOException, InterruptedException {
    return forked(kernel, d, p, k, 1, warmupSeconds, repetitionSeconds, repetitions);
  }

  /** {@link #forked} with a batch of {@code batch} samples a step (docs/physics.md §3.1). */
  public static Result forked(Kernel kernel, int d, int p, int k, int batch, double warmupSeconds,
      double repetitionSeconds, int repetitions) throws IOException, InterruptedException {
    return new ObjectMapper().readValue(child(List.of(kernel.id(), Integer.toString(d), Integer.toString(p),
        Integer.toString(k), Double.toString(warmupSeconds), Double.toString(repetitionSeconds),
        Integer.toString(repetitions), Integer.toString(batch))), Result.class);
  }

  /** Runs {@link #main} in a fresh JVM (this one's Java, class path and module flags); its last line. */
  private static String child(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> !a.startsWith("-agentlib") && !a.startsWith("-javaagent")).toList());
    if (Vectors.VECTORISED && command.stream().noneMatch(a -> a.contains("jdk.incubator.vector"))) {
      command.add("--add-modules=jdk.incubator.vector");
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), SgdBench.class.getName()));
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    int exit = process.waitFor();
    if (exit != 0 || out.isEmpty()) {
      throw new IOException("benchmark JVM for " + String.join(" ", args) + " exited " + exit);
    }
    return out.substring(out.lastIndexOf('\n') + 1);
  }

  /** {@link Split} of one configuration, in a fresh JVM. */
  public static Split split(int d, int p, int k, double warmupSeconds, double repetitionSeconds, int repetitions)
      throws IOException, InterruptedException {
    return inChild("split", Split.class, d, p, k, warmupSeconds, repetitionSeconds, repetitions);
  }

  static Split measureSplit(int d, int p, int k, double warmupSeconds, double repetitionSeconds, int repetitions) {
    TaskParams params = TaskParams.builder().d(d).p0(p).k(k).gamma0(1).noise(1e-3).seed(1).tMax(1e6).build();
    SgdKernel full = new SgdKernel(params);
    SgdKernel reused = SgdKernel.withoutSampling(params);
    UniformRandomProvider rng = Streams.of(9, Streams.SAMPLES);
    double[] block = new double[d];
    Stepper sampler = new Stepper(n -> {
      for (long i = 0; i < n; i++) {
        Gaussians.fill(rng, block, 0, d);
      }
      return n;
    }, () -> false);
    ZigguratSampler.NormalizedGaussian gauss = ZigguratSampler.NormalizedGaussian.of(Streams.of(10, Streams.SAMPLES));
    Stepper library = new Stepper(n -> {
      for (long i = 0; i < n; i++) {
        for (int j = 0; j < d; j++) {
          block[j] = gauss.sample();
        }
      }
      return n;
    }, () -> false);
    Stepper[] parts = {new Stepper(full::advance, full::diverged), new Stepper(reused::advance, reused::diverged),
        sampler, library};
    double[][] ns = interleaved(parts, warmupSeconds, repetitionSeconds, repetitions);
    double[] ratios = new double[repetitions];
    for (int r = 0; r < repetitions; r++) {
      ratios[r] = ns[0][r] / (ns[1][r] + ns[2][r]);
    }
    Timing ratio = Timing.of(ratios);
    return new Split(d, p, k, Timing.of(ns[0]).median(), Timing.of(ns[1]).median(), Timing.of(ns[2]).median() / d,
        Timing.of(ns[3]).median() / d, ratio.median(), ratio.min(), ratio.max());
  }

  /**
   * Child JVM entry point: {@code kernel d p k warmup repetition repetitions batch}, or
   * {@code options|floor|split d p k warmup repetition repetitions}, or {@code units 0 UNITS 0 warmup
   * repetition repetitions} ({@link #inChild}'s arguments, the units in the place of {@code p}).
   */
  public static void main(String[] args) throws IOException {
    if (args[0].equals("options")) {
      System.out.println(new ObjectMapper().writeValueAsString(measureOptions(Integer.parseInt(args[1]),
          Integer.parseInt(args[2]), Integer.parseInt(args[3]), Double.parseDouble(args[4]),
          Double.parseDouble(args[5]), Integer.parseInt(args[6]))));
      return;
    }
    if (args[0].equals("floor")) {
      System.out.println(new ObjectMapper().writeValueAsString(measureFloor(Integer.parseInt(args[1]),
          Integer.parseInt(args[2]), Integer.parseInt(args[3]), Double.parseDouble(args[4]),
          Double.parseDouble(args[5]), Integer.parseInt(args[6]))));
      return;
    }
    if (args[0].equals("units")) {
      System.out.println(new ObjectMapper().writeValueAsString(measureUnits(Integer.parseInt(args[2]),
          Double.parseDouble(args[4]), Double.parseDouble(args[5]), Integer.parseInt(args[6]))));
      return;
    }
    if (args[0].equals("split")) {
      System.out.println(new ObjectMapper().writeValueAsString(measureSplit(Integer.parseInt(args[1]),
          Integer.parseInt(args[2]), Integer.parseInt(args[3]), Double.parseDouble(args[4]),
          Double.parseDouble(args[5]), Integer.parseInt(args[6]))));
      return;
    }
    Result r = measure(Kernel.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]),
        Integer.parseInt(args[3]), Integer.parseInt(args[7]), Double.parseDouble(args[4]), Double.parseDouble(args[5]),
        Integer.parseInt(args[6]));
    System.out.println(new ObjectMapper().writeValueAsString(r));
  }

  public static Result measure(Kernel kernel, int d, int p, int k, int batch, double warmupSeconds,
      double repetitionSeconds, int repetitions) {
    TaskParams params = TaskParams.builder().d(d).p0(p).k(k).b0(batch).gamma0(1).noise(1e-3).seed(1).tMax(1e6).build();
    Stepper sgd = switch (kernel) {
      case SGD -> {
        SgdKernel full = new SgdKernel(params);
        yield new Stepper(full::advance, full::diverged);
      }
      case SGD_OVERLAPS -> {
        OverlapChainKernel chain = new OverlapChainKernel(params);
        yield new Stepper(chain::advance, chain::diverged);
      }
      default -> throw new IllegalArgumentException(kernel.id() + " takes no steps");
    };
    long[] perRepetition = new long[1];
    Timing t = time(sgd, warmupSeconds, repetitionSeconds, repetitions, perRepetition);
    if (sgd.diverged()) {
      throw new IllegalStateException("benchmark run diverged at d = " + d);
    }
    return new Result(kernel.id(), d, p, k, batch, t, perRepetition[0]);
  }

  /** ns per step: a JIT warm-up, then {@code repetitions} timed runs of a fixed number of steps. */
  private static Timing time(Stepper sgd, double warmupSeconds, double repetitionSeconds, int repetitions,
      long[] stepsPerRepetition) {
    long perRepetition = warmUp(sgd, warmupSeconds, repetitionSeconds);
    double[] samples = new double[repetitions];
    for (int r = 0; r < repetitions; r++) {
      samples[r] = once(sgd, perRepetition);
    }
    stepsPerRepetition[0] = perRepetition;
    return Timing.of(samples);
  }

  /** Runs {@code sgd} for {@code warmupSeconds} (the JIT's warm-up); the steps that take about {@code repetitionSeconds}. */
  private static long warmUp(Stepper sgd, double warmupSeconds, double repetitionSeconds) {
    long steps = 64;
    long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
    double nsPerStep = Double.NaN;
    while (System.nanoTime() < warmupEnd) {
      nsPerStep = once(sgd, steps);
      if (nsPerStep * steps < 2e7) {
        steps *= 2;
      }
    }
    return Math.max(16, (long) (repetitionSeconds * 1e9 / nsPerStep));
  }

  /** ns per step of one timed run of {@code steps} steps. */
  private static double once(Stepper sgd, long steps) {
    long start = System.nanoTime();
    long done = sgd.advance(steps);
    return (double) (System.nanoTime() - start) / done;
  }

  /** A kernel's step loop and its divergence flag. */
  private record Stepper(java.util.function.LongUnaryOperator steps, java.util.function.BooleanSupplier stopped) {
    long advance(long n) {
      return steps.applyAsLong(n);
    }

    boolean diverged() {
      return stopped.getAsBoolean();
    }
  }
}
