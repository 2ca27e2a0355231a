package phasesweep.kernels.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import phasesweep.kernels.Init;
import phasesweep.kernels.TaskParams;

/** docs/physics.md §1 initialisation and the overlaps of §2. */
class InitialisationTest {
  @Test
  void randomInitHasUnitNormsAndSmallStudentTeacherOverlaps() {
    int d = 2000;
    TaskParams t = TaskParams.builder().d(d).p0(16).k(8).seed(3).build();
    Overlaps o = Overlaps.of(Weights.initial(t));
    double sumSq = 0;
    for (int j = 0; j < 16; j++) {
      assertEquals(1, o.q()[j][j], 1e-12);
      for (int r = 0; r < 8; r++) {
        sumSq += o.m()[j][r] * o.m()[j][r];
      }
    }
    for (int r = 0; r < 8; r++) {
      assertEquals(1, o.teacher()[r][r], 1e-12);
    }
    // M entries are overlaps of independent random directions: variance 1/d
    double var = sumSq / (16 * 8);
    assertEquals(1.0 / d, var, 0.5 / d, "variance of M entries");
    assertTrue(o.isValidCovariance());
  }

  /** m0 > 0 (docs/physics.md §1): each student unit at cosine m0/sqrt d with teacher unit j mod k, still on the sphere. */
  @Test
  void initialOverlapPutsEachStudentAtItsTeacherUnit() {
    int d = 400;
    for (Init init : Init.values()) {
      TaskParams t = TaskParams.builder().d(d).p0(5).k(2).seed(3).init(init).m0(3).build();
      Overlaps o = Overlaps.of(Weights.initial(t));
      for (int j = 0; j < 5; j++) {
        assertEquals(1, o.q()[j][j], 1e-12, "Q_jj");
        assertEquals(3 / Math.sqrt(d), o.m()[j][j % 2], 1e-12, "M_jr of r = j mod k");
      }
      // the teacher is the random start's
      TaskParams random = t.toBuilder().m0(0).build();
      assertArrayEquals(Weights.initial(random).teacher()[1], Weights.initial(t).teacher()[1]);
      assertTrue(o.isValidCovariance());
    }
    // at d = 9, m0 = 3 would put the student on the teacher: refused
    assertTrue(org.junit.jupiter.api.Assertions.assertThrows(phasesweep.kernels.InvalidParameterException.class,
        () -> TaskParams.builder().d(9).m0(3).build()).getMessage().startsWith("m0:"));
  }

  @Test
  void orthogonalTeacherHasIdentityOverlap() {
    TaskParams t = TaskParams.builder().d(300).k(5).init(Init.ORTHOGONAL).seed(3).build();
    double[][] p = Overlaps.of(Weights.initial(t)).teacher();
    for (int r = 0; r < 5; r++) {
      for (int s = 0; s < 5; s++) {
        assertEquals(r == s ? 1 : 0, p[r][s], 1e-12);
      }
    }
  }

  @Test
  void overlapsOfKnownWeights() {
    double[][] teacher = {{2, 0, 0, 0}};
    double[][] student = {{1, 1, 0, 0}, {0, 0, 2, 2}};
    Overlaps o = Overlaps.of(new Weights(teacher, student));
    assertArrayEquals(new double[] {0.5, 0, 0, 2}, o.qFlat());
    assertArrayEquals(new double[] {0.5, 0}, o.mFlat());
    assertEquals(1, o.teacher()[0][0]);
  }

  @Test
  void covarianceCheckRejectsAnIndefiniteMatrix() {
    Overlaps bad = new Overlaps(new double[][] {{1, 0}, {0, 1}}, new double[][] {{0.9}, {0.9}},
        new double[][] {{1}});
    // [[1,0,.9],[0,1,.9],[.9,.9,1]] has determinant 1 - 2(0.81) < 0
    assertFalse(bad.isValidCovariance());
    Overlaps good = new Overlaps(new double[][] {{1, 0}, {0, 1}}, new double[][] {{0.6}, {0.6}},
        new double[][] {{1}});
    assertTrue(good.isValidCovariance());
  }

  @Test
  void rankDeficientOmegaOfTinyDIsStillValid() {
    // p + k > d makes Omega singular, yet a covariance
    TaskParams t = TaskParams.builder().d(2).p0(3).k(2).seed(1).build();
    assertTrue(Overlaps.of(Weights.initial(t)).isValidCovariance());
  }
}
