package phasesweep.kernels.sgd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;
import phasesweep.kernels.TaskParams;

/**
 * The SGD and overlap-chain step loops allocate nothing once compiled: the thread's allocation
 * counter does not move over 20000 steps. (Before C2 compiles it, the Vector API boxes its
 * vectors; hence the warm-up.)
 */
class NoAllocationTest {
  @Test
  void sgdStepsAllocateNothing() {
    TaskParams params = TaskParams.builder().d(200).p0(4).k(3).tMax(1e9).seed(1).build();
    long bytes = allocatedBy(new SgdKernel(params)::advance, 3_000_000_000L);
    assertTrue(bytes == 0, "20000 SGD steps allocated " + bytes + " bytes");
  }

  @Test
  void overlapChainStepsAllocateNothing() {
    TaskParams params = TaskParams.builder().d(10_000).p0(4).k(3).tMax(1e6).seed(1).build();
    long bytes = allocatedBy(new OverlapChainKernel(params)::advance, 1_000_000_000L);
    assertTrue(bytes == 0, "20000 chain steps allocated " + bytes + " bytes");
    // a wide layer: its longer frame growth, its rows' dot products on fixed-order lanes (issue #32)
    TaskParams wide = params.toBuilder().p0(OverlapChainKernel.WIDE + 5).build();
    bytes = allocatedBy(new OverlapChainKernel(wide)::advance, 1_000_000_000L);
    assertTrue(bytes == 0, "20000 steps of a wide chain allocated " + bytes + " bytes");
  }

  @Test
  void batchStepsAllocateNothing() {
    TaskParams sgd = TaskParams.builder().d(200).p0(4).k(3).b0(8).tMax(1e9).seed(1).build();
    long bytes = allocatedBy(new SgdKernel(sgd)::advance, 2_000_000_000L);
    assertTrue(bytes == 0, "20000 SGD steps of 8 samples allocated " + bytes + " bytes");
    TaskParams chain = TaskParams.builder().d(10_000).p0(4).k(3).b0(8).tMax(1e6).seed(1).build();
    bytes = allocatedBy(new OverlapChainKernel(chain)::advance, 1_000_000_000L);
    assertTrue(bytes == 0, "20000 chain steps of 8 samples allocated " + bytes + " bytes");
  }

  /**
   * The fewest bytes 20000 steps allocated over five tries, or more while a second warm-up's time
   * lasts, after a warm-up of {@code warmupNanos}: on a busy machine the JIT compiler may finish
   * the step's compilation (and its escape analysis) late; a step that allocates stays red.
   */
  private static long allocatedBy(LongUnaryOperator advance, long warmupNanos) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long warmupEnd = System.nanoTime() + warmupNanos;
    while (System.nanoTime() < warmupEnd) {
      advance.applyAsLong(20_000);
    }
    long best = Long.MAX_VALUE;
    long triesEnd = System.nanoTime() + warmupNanos;
    for (int attempt = 0; best > 0 && (attempt < 5 || System.nanoTime() < triesEnd); attempt++) {
      long before = threads.getThreadAllocatedBytes(id);
      advance.applyAsLong(20_000);
      best = Math.min(best, threads.getThreadAllocatedBytes(id) - before);
    }
    return best;
  }
}
