package phasesweep.kernels;

import phasesweep.kernels.model.Activation;
import phasesweep.kernels.model.Region;
import phasesweep.kernels.sgd.Gaussians;
import phasesweep.kernels.sgd.OverlapChainKernel;

/**
 * Estimated single-core time of a task, from the kernels' measured costs on a 2-core machine
 * (deploy/phasesweep bench): enough to order tasks largest first and to size a cluster, not a
 * promise. An SGD step costs about 2.8 ns a Gaussian sample ({@link Gaussians}) plus about 0.2 ns a weight it reads
 * and writes; the ODE about 17000 right-hand sides to {@code t = 10^4} (fewer for shorter runs),
 * each about 20 ns an {@code asin} of the shared-work sums for erf learning erf, and
 * {@link #termFactor} times that for other pairs; the overlap chain about 0.2 us a step at
 * {@code p = k = 2}, 0.6 us at {@code p = 8, k = 4} and 4.7 us at {@code p = 32, k = 2}, whatever
 * {@code d}.
 */
final class CostModel {
  static final double NS_PER_SAMPLE = 2.8;
  static final double NS_PER_WEIGHT = 0.2;
  static final double NS_PER_TERM = 20;
  static final double NS_CHAIN_UNIT = 50;
  static final double NS_CHAIN_CUBE = 0.09;
  // refitted to bench --only batch on 2026-12-06 (chunked batches): 105 ns a sample at (2, 2) and
  // 360 at (8, 4), the same from b = 64 to d^2 (the 2026-12-03 figures were 178 and 563 at b = 64)
  static final double NS_BATCH_CHAIN_UNIT = 24;
  static final double NS_BATCH_CHAIN_PAIR = 0.6;
  static final double NS_BATCH_CHAIN_CUBE = 0.3;

  private CostModel() {}

  /** A step of {@code b} samples: per sample {@code d} Gaussians, its fields and its share of the update. */
  static double sgdStepNanos(TaskParams t) {
    int d = t.d();
    return t.batch() * (NS_PER_SAMPLE * d + NS_PER_WEIGHT * d * (2.0 * t.p() + t.k() + 1));
  }

  static double sgdNanos(TaskParams t) {
    return sgdStepNanos(t) * t.totalSteps();
  }

  /**
   * The overlap chain's step, fitted to its measured cost at {@code (p, k)} = (2, 2), (8, 4),
   * (32, 2) ({@code bench --only chain}, {@code --only batch}); no term in {@code d}. At
   * {@code b = 1}, per unit {@code n = p + k} a Gaussian, an activation, a field and an update
   * (up to {@code n = 12} the rows' work in the growing frame hides behind them), and the
   * re-triangularisation shared by {@link OverlapChainKernel#FRAME_GROWTH} steps ({@code p^3});
   * with a batch, per sample {@code n} coordinates, the fields and the update ({@code n^2}), and
   * the student block's Gram matrix and factor ({@code p^3}) every step.
   */
  static double chainStepNanos(TaskParams t) {
    double n = t.p() + t.k();
    double p = t.p();
    if (t.batch() == 1) {
      return NS_CHAIN_UNIT * n + NS_CHAIN_CUBE * p * p * p;
    }
    // with a batch, each sample draws and uses its own n coordinates (docs/physics.md §8.1)
    return t.batch() * (NS_BATCH_CHAIN_UNIT * n + NS_BATCH_CHAIN_PAIR * n * n) + NS_BATCH_CHAIN_CUBE * p * p * p;
  }

  static double chainNanos(TaskParams t) {
    return chainStepNanos(t) * t.totalSteps();
  }

  /**
   * A term of a pair's right-hand side against erf learning erf's ({@code deploy/phasesweep bench
   * --only pairs}, docs/physics.md §2.1), measured at {@code p = k = 2} ({@code n = 4}) and at
   * {@code p = 8, k = 4} ({@code n = 12}), and interpolated in {@code log n} between them: set by
   * the student, whose derivative enters every average; for a ReLU student the teacher matters
   * too (four-step orthants against ReLU).
   */
  static double termFactor(Activation student, Activation teacher, int n) {
    double small;
    double large;
    if (student == teacher && student == Activation.ERF) {
      return 1;
    } else if (student == teacher && student == Activation.LINEAR) {
      small = 0.2;
      large = 0.07;
    } else {
      small = switch (student) {
        case ERF -> 12;
        case LINEAR -> 9;
        case RELU -> 25;
        case HE2 -> 22;
        case HE3 -> 90;
        // he4: he3's times the ratio of their atom pairs (3x2 against 2x2), not yet measured
        case HE4 -> 135;
      };
      large = switch (student) {
        case ERF -> 14;
        case LINEAR -> 9;
        case RELU -> teacher == Activation.RELU ? 200 : 110;
        case HE2 -> 35;
        case HE3 -> 220;
        case HE4 -> 330;
      };
    }
    double x = Math.max(0, Math.min(1, Math.log(n / 4.0) / Math.log(3)));
    return Math.exp((1 - x) * Math.log(small) + x * Math.log(large));
  }

  static double odeNanos(TaskParams t) {
    if (t.region() == Region.RED) {
      return 0;
    }
    double evaluations = 4300 * Math.log10(1 + t.tMax());
    return rhsNanos(t) * evaluations;
  }

  /** One evaluation of the ODE's right-hand side, the batch's eigen decomposition not counted. */
  static double rhsNanos(TaskParams t) {
    double p = t.p();
    double n = t.p() + t.k();
    return NS_PER_TERM * termFactor(t.activation(), t.teacherActivation(), t.p() + t.k())
        * (p * (p + 1) / 2 * (n * (n + 1) / 2) + 3 * p * n) + 50 * n * n;
  }

  /**
   * The mean map: one right-hand side a step, with a batch an eigen decomposition of
   * {@code Omega} ({@code ~ 30 n^3}, not yet measured), and the covariance check ({@code n^3}).
   */
  static double meanMapNanos(TaskParams t) {
    if (!phasesweep.kernels.ode.MeanMapKernel.definedAt(t)) {
      return 0;
    }
    double n = t.p() + t.k();
    return (rhsNanos(t) + (t.batch() > 1 ? 30 * n * n * n : 0) + 5 * n * n * n) * t.totalSteps();
  }
}
