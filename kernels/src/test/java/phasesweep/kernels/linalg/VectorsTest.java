package phasesweep.kernels.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import phasesweep.kernels.Streams;

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
  void fusedUpdateAndDotEqualsAxpyThenDotToTheBit() {
    UniformRandomProvider rng = Streams.of(2, 2);
    for (int n : new int[] {1, 15, 16, 17, 100, 1000, 1003}) {
      double[] x = new double[n];
      double[] w = new double[n];
      double[] b = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = rng.nextDouble() - 0.5;
        w[i] = rng.nextDouble() - 0.5;
        b[i] = rng.nextDouble() - 0.5;
      }
      double alpha = 0.37;
      double[] w1 = w.clone();
      Vectors.axpy(alpha, x, w1, n);
      double expected = Vectors.scalarDot(w1, b, n, new double[Vectors.LANES]);
      double[] w2 = w.clone();
      double fused = VectorDot.axpyDot(alpha, x, w2, b, n, new double[Vectors.LANES]);
      double[] w3 = w.clone();
      double scalarFused = Vectors.scalarAxpyDot(alpha, x, w3, b, n, new double[Vectors.LANES]);
      assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(fused), "n = " + n);
      assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(scalarFused), "n = " + n);
      org.junit.jupiter.api.Assertions.assertArrayEquals(w1, w2);
      org.junit.jupiter.api.Assertions.assertArrayEquals(w1, w3);
    }
  }

  /** The batch SGD's two passes (docs/physics.md §3.1): vector and scalar paths, and the plain operations, to the bit. */
  @Test
  void pairedDotAndCombinationEqualThePlainOperationsToTheBit() {
    UniformRandomProvider rng = Streams.of(3, 3);
    for (int n : new int[] {1, 15, 16, 17, 100, 1000, 1003}) {
      double[][] x = new double[9][n];
      double[] w = new double[n];
      double[] a = new double[9];
      for (int m = 0; m < 9; m++) {
        a[m] = rng.nextDouble() - 0.5;
        for (int i = 0; i < n; i++) {
          x[m][i] = rng.nextDouble() - 0.5;
        }
      }
      for (int i = 0; i < n; i++) {
        w[i] = rng.nextDouble() - 0.5;
      }
      double[] vector = new double[2];
      double[] scalar = new double[2];
      VectorDot.dot2(w, x[0], x[1], n, new double[2 * Vectors.LANES], vector);
      Vectors.scalarDot2(w, x[0], x[1], n, new double[2 * Vectors.LANES], scalar);
      for (int q = 0; q < 2; q++) {
        long plain = Double.doubleToRawLongBits(Vectors.scalarDot(w, x[q], n, new double[Vectors.LANES]));
        assertEquals(plain, Double.doubleToRawLongBits(vector[q]), "dot2, n = " + n);
        assertEquals(plain, Double.doubleToRawLongBits(scalar[q]), "scalar dot2, n = " + n);
      }
      // w += sum_m a_m x_m over a range, as nine axpy passes would do it
      int from = n / 3;
      int to = n - n / 4;
      double[] expected = w.clone();
      for (int m = 0; m < 9; m++) {
        for (int i = from; i < to; i++) {
          expected[i] = Math.fma(a[m], x[m][i], expected[i]);
        }
      }
      double[] v = w.clone();
      VectorDot.addCombination(v, x, a, 9, from, to);
      double[] sc = w.clone();
      Vectors.scalarAddCombination(sc, x, a, 9, from, to);
      org.junit.jupiter.api.Assertions.assertArrayEquals(expected, v, 0.0, "n = " + n);
      org.junit.jupiter.api.Assertions.assertArrayEquals(expected, sc, 0.0, "n = " + n);
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
