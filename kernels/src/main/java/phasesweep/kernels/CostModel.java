package phasesweep.kernels;

import phasesweep.kernels.model.Activation;
import phasesweep.kernels.model.Region;
import phasesweep.kernels.sgd.Gaussians;
import phasesweep.kernels.sgd.OverlapChainKernel;

/**
 * Estimated single-core time of a task, from the kernels' measured costs on a 2-core machine
 * (deploy/phasesweep bench): enough to order tasks largest first and to size a cluster, not a
 * promise. An SGD step costs about 2.8 ns a Gaussian sample ({@link Gaussians}) plus about 0.2 ns a weight it reads
 * and writes and about 15 ns an activation, and every checkpoint of a stepping kernel the exact risk ({@code (p + k)^2 / 2}
 * pair averages, about 40 ns each); the ODE's right-hand sides grow linearly in {@code t} once
 * its adaptive step is bounded by stability ({@link #odeEvaluations}), each about 20 ns an
 * {@code asin} of the shared-work sums for erf learning erf, and
 * {@link #termFactor} times that for other pairs; the overlap chain about 0.2 us a step at
 * {@code p = k = 2}, 0.6 us at {@code p = 8, k = 4} and 4.7 us at {@code p = 32, k = 2}, whatever
 * {@code d}.
 */
final class CostModel {
  static final double NS_PER_SAMPLE = 2.8;
  static final double NS_PER_WEIGHT = 0.2;
  static final double NS_PER_ACTIVATION = 15;
  static final double NS_PER_TERM = 20;
  static final double NS_PER_RISK_PAIR = 40;
  static final double NS_PER_MULTIPLY = 0.5;
  /** An eigen decomposition of {@code Omega}, per {@code n^3} (not yet measured on its own). */
  static final double NS_EIGEN_CUBE = 30;
  // refitted to bench --only floor on 2026-12-07 (the rotation on columns, wide layers'
  // exponentials at once, issue #32): 108, 268, 746 and 1950 ns a step at (p, k) = (2, 2), (8, 4),
  // (32, 2), (64, 4), medians of two runs; the fit (least relative squares) gives 93, 283, 839
  // and 1783
  static final double NS_CHAIN_UNIT = 23;
  static final double NS_CHAIN_PAIR = 0.05;
  // refitted to bench --only batch on 2026-12-06 (chunked batches): 105 ns a sample at (2, 2) and
  // 360 at (8, 4), the same from b = 64 to d^2 (the 2026-12-03 figures were 178 and 563 at b = 64)
  static final double NS_BATCH_CHAIN_UNIT = 24;
  static final double NS_BATCH_CHAIN_PAIR = 0.6;
  static final double NS_BATCH_CHAIN_CUBE = 0.3;

  private CostModel() {}

  /** A step of {@code b} samples: per sample {@code d} Gaussians, its fields and its share of the update. */
  static double sgdStepNanos(TaskParams t) {
    int d = t.d();
    // per unit an activation (and a derivative for the student's): what a step at small d pays
    return t.batch() * (NS_PER_SAMPLE * d + NS_PER_WEIGHT * d * (2.0 * t.p() + t.k() + 1)
        + NS_PER_ACTIVATION * (2.0 * t.p() + t.k()));
  }

  static double sgdNanos(TaskParams t) {
    // the overlaps at every checkpoint (Q and M, p (p + k) d products; P once) and their risk
    double p = t.p();
    double k = t.k();
    double overlaps = NS_PER_MULTIPLY * t.d() * (Checkpoints.countBound(t) * p * (p + k) + k * k);
    return sgdStepNanos(t) * t.totalSteps() + overlaps + checkpointsNanos(t);
  }

  /**
   * The exact risk at every checkpoint, {@code (p + k)^2 / 2} pair averages each: what a run with
   * many teacher units pays beside its steps (issue #33, item 11: {@code k = 2000}).
   */
  static double checkpointsNanos(TaskParams t) {
    double n = t.p() + t.k();
    return NS_PER_RISK_PAIR * n * n / 2 * Checkpoints.countBound(t);
  }

  /**
   * The overlap chain's step, fitted to its measured cost at {@code (p, k)} = (2, 2), (8, 4),
   * (32, 2), (64, 4) ({@code bench --only floor}, {@code --only batch}); no term in {@code d}. At
   * {@code b = 1}, per unit {@code n = p + k} a Gaussian, an activation, a field and an update,
   * and per student and unit the rows' work in the growing frame with the re-triangularisation
   * shared by {@link OverlapChainKernel#frameGrowth} steps ({@code p n}: the growth is about
   * {@code 0.8 p}, which makes the rotation's share {@code O(p^2)} a step);
   * with a batch, per sample {@code n} coordinates, the fields and the update ({@code n^2}), and
   * the student block's Gram matrix and factor ({@code p^3}) every step.
   */
  static double chainStepNanos(TaskParams t) {
    double n = t.p() + t.k();
    double p = t.p();
    if (t.batch() == 1) {
      return NS_CHAIN_UNIT * n + NS_CHAIN_PAIR * p * n;
    }
    // with a batch, each sample draws and uses its own n coordinates (docs/physics.md §8.1)
    return t.batch() * (NS_BATCH_CHAIN_UNIT * n + NS_BATCH_CHAIN_PAIR * n * n) + NS_BATCH_CHAIN_CUBE * p * p * p;
  }

  static double chainNanos(TaskParams t) {
    return chainStepNanos(t) * t.totalSteps() + checkpointsNanos(t);
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

  /**
   * The ODE to {@code t_max}; {@code limit}: the limit ODE, whose right-hand side drops terms by
   * region ({@link #rhsNanos}).
   */
  static double odeNanos(TaskParams t, boolean limit) {
    if (t.region() == Region.RED) {
      return 0;
    }
    return rhsNanos(t, limit) * odeEvaluations(t) + checkpointsNanos(t);
  }

  /**
   * The adaptive integrator's right-hand sides to {@code t_max}: a transient (measured up to about
   * 2000 evaluations by {@code t = 10^3}), then a number per unit time set by stability, not
   * accuracy: near the fixed point the explicit step is bounded by the largest rate of the
   * linearised flow, about {@code 0.8 gamma0 (2 / p) E[sigma'^2] / E[erf'^2]}, times up to 1.8
   * as {@code k} grows (measured: 0.80 at {@code p = k = 2}, 0.19 at {@code p = 8, k = 4}, 0.07
   * at {@code p = 32, k = 2}, 2.4 at {@code gamma0 = 3}, 1.4 at {@code k = 64}; issue #33, item 8,
   * where the old {@code log t} model was 30 times low at {@code t = 10^6}). A run that stays on a
   * plateau, far from that fixed point, takes fewer; the estimate is then high, never low.
   */
  static double odeEvaluations(TaskParams t) {
    double tMax = t.tMax();
    double approach = Math.min(2000, 50 + 30 * Math.sqrt(tMax));
    double k = t.k();
    double kFactor = k <= 2 ? 1 : Math.min(1.8, 1 + 0.4 * Math.log(k / 2) / Math.log(2));
    double slope = 0.8 * t.gamma0() * (2.0 / t.p()) * kFactor
        * t.activation().meanSquareSlope() / Activation.ERF.meanSquareSlope();
    return approach + slope * tMax;
  }

  /**
   * One evaluation of the ODE's right-hand side (docs/physics.md §3): the {@code I3} sums of the
   * linear term ({@code p n} averages of {@code n} terms each), the {@code I4} sums of the noise term
   * ({@code p (p + 1) / 2} pairs of {@code n (n + 1) / 2}), and with a batch the eigen decomposition of
   * {@code Omega}; the limit ODE leaves out the noise term in green and the linear term in orange,
   * and the batch's term everywhere ({@code OdeKernel.equations}), so a green limit ODE at
   * {@code p = 8, k = 4} costs a quarter of the finite one (measured 20 us and 80 us).
   */
  static double rhsNanos(TaskParams t, boolean limit) {
    double p = t.p();
    double n = t.p() + t.k();
    boolean batchTerm = !limit && t.batch() > 1;
    boolean linearTerm = !(limit && t.region() == Region.ORANGE);
    boolean noiseTerm = !(limit && t.region() == Region.GREEN);
    double terms = (linearTerm || batchTerm ? p * n * n : 0) + (noiseTerm ? p * (p + 1) / 2 * (n * (n + 1) / 2) : 0);
    // past n = 34 a term costs less (measured 7.5 ns at p = 2, k = 300, where 20 at n <= 34): the
    // sums run over long contiguous rows
    double wide = Math.pow(Math.min(1, 34 / n), 0.4);
    return NS_PER_TERM * wide * termFactor(t.activation(), t.teacherActivation(), t.p() + t.k()) * terms + 5 * n * n
        + (batchTerm ? NS_EIGEN_CUBE * n * n * n : 0);
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
    return (rhsNanos(t, false) + 5 * n * n * n) * t.totalSteps();
  }
}
