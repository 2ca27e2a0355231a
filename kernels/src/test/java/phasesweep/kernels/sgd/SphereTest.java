package phasesweep.kernels.sgd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import phasesweep.kernels.KernelResult;
import phasesweep.kernels.Status;
import phasesweep.kernels.TaskParams;
import phasesweep.kernels.model.Activation;
import phasesweep.kernels.model.Constraint;
import phasesweep.kernels.model.Loss;

/**
 * Spherical SGD (docs/physics.md §1.2): both SGD kernels keep every student on the sphere,
 * {@code Q_jj = 1} at every checkpoint, with or without a batch, for either loss; and without the
 * constraint the same runs leave it (so the check can fail).
 */
class SphereTest {
  static TaskParams task(Activation a, Loss loss, Constraint c, double beta) {
    return TaskParams.builder().activation(a).d(200).p0(3).k(2).gamma0(1).noise(1e-3).seed(5).beta(beta).b0(1)
        .loss(loss).constraint(c).tMax(5).checkpointsPerDecade(4).build();
  }

  /** The largest {@code |Q_jj - 1|} over the checkpoints. */
  static double offTheSphere(KernelResult r, int p) {
    double largest = 0;
    double[] q = r.curveQ();
    for (int c = 0; c < r.times().length; c++) {
      for (int j = 0; j < p; j++) {
        largest = Math.max(largest, Math.abs(q[c * p * p + j * p + j] - 1));
      }
    }
    return largest;
  }

  @ParameterizedTest
  @CsvSource({"ERF, SQUARE, 0", "ERF, CORRELATION, 0", "HE3, CORRELATION, 0", "RELU, SQUARE, 0.5",
      "ERF, CORRELATION, 0.5"})
  void bothKernelsStayOnTheSphere(Activation a, Loss loss, double beta) {
    TaskParams t = task(a, loss, Constraint.SPHERE, beta);
    for (KernelResult r : new KernelResult[] {SgdKernel.run(t), OverlapChainKernel.run(t)}) {
      assertEquals(Status.OK, r.status(), r.message());
      assertTrue(offTheSphere(r, t.p()) < 1e-12, r.kernel() + ": |Q_jj - 1| up to " + offTheSphere(r, t.p()));
    }
    TaskParams free = task(a, loss, Constraint.NONE, beta);
    for (KernelResult r : new KernelResult[] {SgdKernel.run(free), OverlapChainKernel.run(free)}) {
      assertTrue(offTheSphere(r, t.p()) > 1e-3, r.kernel() + " without the sphere: |Q_jj - 1| only " + offTheSphere(r, t.p()));
    }
  }
}
