package phasesweep.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

class VectorsTest {
  @Test
  void testsRunWithTheVectorModule() {
    // surefire's argLine adds the module; without it this suite would test the scalar path twice
    assertTrue(Vectors.VECTORISED, "the Vector API path is not active in tests");
  }

  @Test
  void vectorAndScalarDotAreBitIdenticalAndCorrect() {
    UniformRandomProvider rng = Streams.of(1, 1);
    for (int n : new int[] {0, 1, 3, 15, 16, 17, 31, 33, 100, 999, 1000, 1001, 4099}) {
      double[] a = new double[n];
      double[] b = new double[n];
      double naive = 0;
      double scale = 0;
      for (int i = 0; i < n; i++) {
        a[i] = rng.nextDouble() * 2 - 1;
        b[i] = rng.nextDouble() * 2 - 1;
        naive += a[i] * b[i];
        scale += Math.abs(a[i] * b[i]);
      }
      double scalar = Vectors.scalarDot(a, b, n, new double[Vectors.LANES]);
      assertEquals(Double.doubleToRawLongBits(scalar), Double.doubleToRawLongBits(VectorDot.dot(a, b, n, new double[Vectors.LANES])),
          "n = " + n);
      assertEquals(naive, scalar, 1e-14 * (1 + scale), "n = " + n);
    }
  }

  @Test
  void axpy() {
    double[] x = {1, 2, 3};
    double[] y = {1, 1, 1};
    Vectors.axpy(2, x, y, 3);
    assertEquals(3, y[0]);
    assertEquals(5, y[1]);
    assertEquals(7, y[2]);
  }
}
