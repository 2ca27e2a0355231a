package phasesweep.kernels.sgd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import phasesweep.kernels.TaskParams;
import phasesweep.kernels.model.Overlaps;

/** The full SGD kernel's internals: the norms it tracks between checkpoints. */
class SgdKernelTest {
  private static final TaskParams SMALL = TaskParams.builder().d(300).tMax(20).seed(8).build();

  @Test
  void sgdTracksStudentNormsExactlyBetweenCheckpoints() {
    SgdKernel sgd = new SgdKernel(SMALL.toBuilder().d(500).build());
    sgd.advance(5000);
    Overlaps exact = sgd.overlaps();
    double[] tracked = sgd.trackedNorms();
    for (int j = 0; j < tracked.length; j++) {
      assertEquals(exact.q()[j][j], tracked[j], 1e-10 * exact.q()[j][j], "Q_" + j + j);
    }
  }
}
