package phasesweep.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The SGD step loop allocates nothing once compiled: the thread's allocation counter does not
 * move over 20000 steps. (Before C2 compiles it, the Vector API boxes its vectors; hence the
 * warm-up.)
 */
class NoAllocationTest {
  @Test
  void sgdStepsAllocateNothing() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    TaskParams params = TaskParams.builder().d(200).p0(4).k(3).tMax(1e9).seed(1).build();
    SgdKernel sgd = new SgdKernel(params);
    long warmupEnd = System.nanoTime() + 3_000_000_000L;
    while (System.nanoTime() < warmupEnd) {
      sgd.advance(20_000);
    }
    long best = Long.MAX_VALUE;
    for (int attempt = 0; attempt < 5 && best > 0; attempt++) {
      long before = threads.getThreadAllocatedBytes(id);
      sgd.advance(20_000);
      best = Math.min(best, threads.getThreadAllocatedBytes(id) - before);
    }
    assertTrue(best == 0, "20000 SGD steps allocated " + best + " bytes");
  }
}
