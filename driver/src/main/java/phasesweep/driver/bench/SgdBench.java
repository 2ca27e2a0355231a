package phasesweep.driver.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import phasesweep.kernels.SgdKernel;
import phasesweep.kernels.Vectors;
import phasesweep.kernels.TaskParams;

/**
 * Nanoseconds per SGD step of one {@code (d, p, k)}, on one thread: a warm-up long enough for
 * the JIT, then repetitions of a fixed number of steps, each timed alone.
 *
 * <p>Each configuration runs in a JVM of its own ({@link #forked}), as JMH does by default: in
 * one JVM the profile of earlier configurations (other {@code d}, other {@code p}) steers the
 * JIT, and the same step measured 8 us alone and 14 us after the others.
 */
public final class SgdBench {
  public record Result(int d, int p, int k, Timing nsPerStep, long stepsPerRepetition) {}

  private SgdBench() {}

  /**
   * Measures one configuration in a fresh JVM: the same Java, class path and module flags as
   * this one. The child prints its result as one JSON line.
   */
  public static Result forked(int d, int p, int k, double warmupSeconds, double repetitionSeconds, int repetitions)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> !a.startsWith("-agentlib") && !a.startsWith("-javaagent")).toList());
    if (Vectors.VECTORISED && command.stream().noneMatch(a -> a.contains("jdk.incubator.vector"))) {
      command.add("--add-modules=jdk.incubator.vector");
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), SgdBench.class.getName(),
        Integer.toString(d), Integer.toString(p), Integer.toString(k), Double.toString(warmupSeconds),
        Double.toString(repetitionSeconds), Integer.toString(repetitions)));
    Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    int exit = child.waitFor();
    if (exit != 0 || out.isEmpty()) {
      throw new IOException("benchmark JVM for d = " + d + ", p = " + p + ", k = " + k + " exited " + exit);
    }
    String last = out.substring(out.lastIndexOf('\n') + 1);
    return new ObjectMapper().readValue(last, Result.class);
  }

  /** Child JVM entry point: {@code d p k warmup repetition repetitions}; prints one JSON line. */
  public static void main(String[] args) throws IOException {
    Result r = measure(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]),
        Double.parseDouble(args[3]), Double.parseDouble(args[4]), Integer.parseInt(args[5]));
    System.out.println(new ObjectMapper().writeValueAsString(r));
  }

  public static Result measure(int d, int p, int k, double warmupSeconds, double repetitionSeconds, int repetitions) {
    TaskParams params = TaskParams.builder().d(d).p0(p).k(k).gamma0(1).noise(1e-3).seed(1).tMax(1e9).build();
    SgdKernel sgd = new SgdKernel(params);
    long steps = 64;
    long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
    double nsPerStep = Double.NaN;
    while (System.nanoTime() < warmupEnd) {
      long start = System.nanoTime();
      sgd.advance(steps);
      nsPerStep = (double) (System.nanoTime() - start) / steps;
      if (nsPerStep * steps < 2e7) {
        steps *= 2;
      }
    }
    long perRepetition = Math.max(16, (long) (repetitionSeconds * 1e9 / nsPerStep));
    double[] samples = new double[repetitions];
    for (int r = 0; r < repetitions; r++) {
      long start = System.nanoTime();
      long done = sgd.advance(perRepetition);
      samples[r] = (double) (System.nanoTime() - start) / done;
      if (sgd.diverged()) {
        throw new IllegalStateException("benchmark run diverged at d = " + d);
      }
    }
    return new Result(d, p, k, Timing.of(samples), perRepetition);
  }
}
