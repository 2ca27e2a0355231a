package phasesweep.kernels.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Columns}: each operation, on the Vector API and as its scalar twin, against the
 * row-by-row loops the overlap chain ran before it kept its rows by columns (and {@link RowGram},
 * {@link LowerCholesky}), to the bit; the padding rows stay zero.
 */
class ColumnsTest {
  /** Rows {@code p x width}, random, and their column store (padding zero). */
  private static double[][] rows(int p, int width, SplittableRandom rng) {
    double[][] r = new double[p][width + 1];
    for (double[] row : r) {
      for (int m = 0; m < width; m++) {
        row[m] = rng.nextDouble(-1, 1);
      }
    }
    return r;
  }

  private static double[] columns(double[][] rows, int stride, int width) {
    double[] c = new double[(width + 1) * stride];
    for (int j = 0; j < rows.length; j++) {
      for (int m = 0; m <= width; m++) {
        c[m * stride + j] = rows[j][m];
      }
    }
    return c;
  }

  private static double[] vector(int size, int live, SplittableRandom rng, double scale) {
    double[] v = new double[size];
    for (int i = 0; i < live; i++) {
      v[i] = scale * rng.nextDouble(-1, 1);
    }
    return v;
  }

  private static void assertSameBits(double expected, double actual, String what) {
    assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual), what + ": " + expected + " vs " + actual);
  }

  private static void assertStore(double[][] rows, double[] cols, int stride, int width, String what) {
    for (int m = 0; m <= width; m++) {
      for (int j = 0; j < stride; j++) {
        double expected = j < rows.length ? rows[j][m] : 0;
        assertSameBits(expected, cols[m * stride + j], what + " row " + j + " column " + m);
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"1, 5", "2, 4", "3, 11", "8, 12", "8, 19", "9, 17", "17, 30", "64, 116"})
  void everyOperationIsTheRowLoopsToTheBit(int p, int width) {
    assertTrue(Vectors.VECTORISED, "the Vector API path is not active in tests");
    SplittableRandom rng = new SplittableRandom(31L * p + width);
    int stride = Columns.stride(p);
    assertEquals(0, stride % Columns.BLOCK);
    double[] z = vector(width + 1, width + 1, rng, 2);
    double[] next = vector(width + 1, width + 1, rng, 2);
    double[] a = vector(stride, p, rng, 1e-3);
    double[] s = vector(stride, p, rng, 1);
    double outside = rng.nextDouble(10, 40);
    for (boolean scalar : new boolean[] {false, true}) {
      String path = scalar ? "scalar" : "vector";
      double[][] r = rows(p, width, rng);
      double[] cols = columns(r, stride, width);

      double[] fields = new double[stride + 3];
      if (scalar) {
        Columns.scalarFields(cols, stride, z, width, fields, 3);
      } else {
        Columns.fields(cols, stride, z, width, fields, 3);
      }
      for (int j = 0; j < p; j++) {
        double sum = 0;
        for (int m = 0; m < width; m++) {
          sum += r[j][m] * z[m];
        }
        assertSameBits(sum, fields[3 + j], path + " fields row " + j);
      }

      if (scalar) {
        Columns.scalarUpdate(cols, stride, a, z, width, outside);
      } else {
        Columns.update(cols, stride, a, z, width, outside);
      }
      for (int j = 0; j < p; j++) {
        for (int m = 0; m < width; m++) {
          r[j][m] += a[j] * z[m];
        }
        r[j][width] = a[j] * outside;
      }
      assertStore(r, cols, stride, width, path + " update");

      double[] out = new double[stride + 2];
      if (scalar) {
        Columns.scalarUpdateAndFields(cols, stride, a, z, width - 1, outside, next, out, 2);
      } else {
        Columns.updateAndFields(cols, stride, a, z, width - 1, outside, next, out, 2);
      }
      for (int j = 0; j < p; j++) {
        double field = 0;
        for (int m = 0; m < width - 1; m++) {
          double v = r[j][m] + a[j] * z[m];
          r[j][m] = v;
          field += v * next[m];
        }
        r[j][width - 1] = a[j] * outside;
        assertSameBits(field + r[j][width - 1] * next[width - 1], out[2 + j], path + " fused field row " + j);
      }
      assertStore(r, cols, stride, width, path + " fused update");

      // two steps a pass (the wide chain's pairs): the earlier step's input y, then this one's,
      // fused multiply-adds, and the fields of two inputs
      double[] y = vector(width + 1, width - 1, rng, 2);
      double[] b = vector(stride, p, rng, 1e-3);
      double[] after = vector(width + 1, width + 1, rng, 2);
      double[] outAfter = new double[stride + 2];
      if (scalar) {
        Columns.scalarUpdateTwiceAndFields(cols, stride, b, y, a, z, width - 1, outside, next, after, out, outAfter, 2);
      } else {
        Columns.updateTwiceAndFields(cols, stride, b, y, a, z, width - 1, outside, next, after, out, outAfter, 2);
      }
      for (int j = 0; j < p; j++) {
        double field = 0;
        double fieldAfter = 0;
        for (int m = 0; m < width - 1; m++) {
          double v = Math.fma(a[j], z[m], Math.fma(b[j], y[m], r[j][m]));
          r[j][m] = v;
          field = Math.fma(v, next[m], field);
          fieldAfter = Math.fma(v, after[m], fieldAfter);
        }
        double last = a[j] * outside;
        r[j][width - 1] = last;
        assertSameBits(Math.fma(last, next[width - 1], field), out[2 + j], path + " pair's field row " + j);
        assertSameBits(Math.fma(last, after[width - 1], fieldAfter), outAfter[2 + j], path + " pair's second field row " + j);
      }
      assertStore(r, cols, stride, width, path + " pair's update");

      if (scalar) {
        Columns.scalarUpdateAndScale(cols, stride, a, s, z, width, outside);
      } else {
        Columns.updateAndScale(cols, stride, a, s, z, width, outside);
      }
      for (int j = 0; j < p; j++) {
        for (int m = 0; m < width; m++) {
          r[j][m] = s[j] * (r[j][m] + a[j] * z[m]);
        }
        r[j][width] = s[j] * a[j] * outside;
      }
      assertStore(r, cols, stride, width, path + " update on the sphere");

      int from = Math.min(1, width - 1);
      double[] gram = new double[p * stride];
      if (scalar) {
        Columns.scalarGram(cols, stride, p, from, width + 1, gram);
      } else {
        Columns.gram(cols, stride, p, from, width + 1, gram);
      }
      double[][] shifted = new double[p][];
      for (int j = 0; j < p; j++) {
        shifted[j] = java.util.Arrays.copyOfRange(r[j], from, width + 1);
      }
      double[][] expected = new double[p][p];
      RowGram.lower(shifted, p, width + 1 - from, expected);
      for (int i = 0; i < p; i++) {
        for (int l = i; l < stride; l++) {
          assertSameBits(l < p ? expected[l][i] : 0, gram[i * stride + l], path + " Gram (" + l + ", " + i + ")");
        }
      }

      // the Cholesky factor of that Gram matrix (positive definite where the rows are independent)
      double[][] factor = new double[p][p];
      double[] inverse = new double[p];
      boolean definite = LowerCholesky.decompose(expected, p, factor, inverse);
      double[] columnInverse = new double[p];
      boolean columnDefinite = scalar ? Columns.scalarCholesky(gram, stride, p, columnInverse)
          : Columns.cholesky(gram, stride, p, columnInverse);
      assertEquals(definite, columnDefinite, path + " Cholesky's verdict");
      assertEquals(p <= width + 1 - from, definite, "independent rows have a positive definite Gram matrix");
      if (definite) {
        for (int j = 0; j < p; j++) {
          assertSameBits(inverse[j], columnInverse[j], path + " pivot's reciprocal " + j);
          for (int i = 0; i < stride; i++) {
            assertSameBits(i >= j && i < p ? factor[i][j] : 0, gram[j * stride + i], path + " L (" + i + ", " + j + ")");
          }
        }
      }
    }
  }

  /**
   * Where two rows coincide the Gram matrix is singular: a pivot is zero in exact arithmetic, a
   * tiny one of either sign in doubles. The column Cholesky says what {@link LowerCholesky} says,
   * and where both go on, gives its factor to the bit; {@code -1} on the diagonal is refused.
   */
  @ParameterizedTest
  @CsvSource({"3, 9", "8, 16", "13, 24"})
  void aSingularGramMatrixGetsLowerCholeskysVerdict(int p, int width) {
    SplittableRandom rng = new SplittableRandom(p);
    double[][] r = rows(p, width, rng);
    r[p - 1] = r[0].clone();
    int stride = Columns.stride(p);
    double[][] expected = new double[p][p];
    RowGram.lower(r, p, width, expected);
    double[][] factor = new double[p][p];
    boolean definite = LowerCholesky.decompose(expected, p, factor, new double[p]);
    for (boolean scalar : new boolean[] {false, true}) {
      double[] gram = new double[p * stride];
      Columns.gram(columns(r, stride, width), stride, p, 0, width, gram);
      boolean columnDefinite = scalar ? Columns.scalarCholesky(gram, stride, p, new double[p])
          : Columns.cholesky(gram, stride, p, new double[p]);
      assertEquals(definite, columnDefinite, (scalar ? "scalar" : "vector") + " verdict");
      for (int j = 0; definite && j < p; j++) {
        for (int i = j; i < p; i++) {
          assertSameBits(factor[i][j], gram[j * stride + i], "L (" + i + ", " + j + ")");
        }
      }
      double[] negative = new double[p * stride];
      negative[0] = -1;
      assertEquals(false, scalar ? Columns.scalarCholesky(negative, stride, p, new double[p])
          : Columns.cholesky(negative, stride, p, new double[p]));
    }
  }
}
