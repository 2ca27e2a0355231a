package phasesweep.kernels.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link RowGram}, {@link LowerCholesky} and {@link HouseholderLq} against EJML's Cholesky
 * decomposition, an independent implementation, and against their defining identities.
 */
class TriangularFactorsTest {

  private static double[][] gaussianRows(int rows, int width, long seed) {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
    double[][] a = new double[rows][width];
    for (double[] row : a) {
      for (int m = 0; m < width; m++) {
        // a sum of uniforms: any full-rank law does
        row[m] = rng.nextDouble() + rng.nextDouble() - 1;
      }
    }
    return a;
  }

  @ParameterizedTest
  @CsvSource({"1, 3", "4, 4", "7, 12", "16, 40"})
  void choleskyOfARowGramIsEjmlsFactor(int p, int width) {
    double[][] rows = gaussianRows(p, width, 11L * p + width);
    double[][] gram = new double[p][p];
    RowGram.lower(rows, p, width, gram);
    double[][] l = new double[p][p];
    assertTrue(LowerCholesky.decompose(gram, p, l, new double[p]));

    DMatrixRMaj g = new DMatrixRMaj(p, p);
    for (int i = 0; i < p; i++) {
      for (int j = 0; j <= i; j++) {
        double sum = 0;
        for (int m = 0; m < width; m++) {
          sum += rows[i][m] * rows[j][m];
        }
        assertEquals(sum, gram[i][j], 1e-13 * width, "G_" + i + j);
        g.set(i, j, sum);
        g.set(j, i, sum);
      }
    }
    CholeskyDecomposition_F64<DMatrixRMaj> ejml = DecompositionFactory_DDRM.chol(p, true);
    assertTrue(ejml.decompose(g));
    DMatrixRMaj expected = ejml.getT(null);
    for (int i = 0; i < p; i++) {
      for (int j = 0; j <= i; j++) {
        assertEquals(expected.get(i, j), l[i][j], 1e-12 * Math.sqrt(width), "L_" + i + j);
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"3, 5", "5, 5"})
  void choleskySaysSoWhereRowsCoincide(int p, int width) {
    double[][] rows = gaussianRows(p, width, 5);
    rows[p - 1] = rows[0].clone(); // two students equal: G singular
    double[][] gram = new double[p][p];
    RowGram.lower(rows, p, width, gram);
    // a Cholesky decomposition in exact arithmetic has a zero pivot; in doubles a tiny one of
    // either sign, so the answer is false or a pivot near zero
    double[][] l = new double[p][p];
    boolean ok = LowerCholesky.decompose(gram, p, l, new double[p]);
    assertTrue(!ok || Math.abs(l[p - 1][p - 1]) < 1e-6, "pivot " + l[p - 1][p - 1]);
    double[][] negative = {{1, 0}, {2, 1}};
    assertFalse(LowerCholesky.decompose(negative, 2, new double[2][2], new double[2]));
  }

  @ParameterizedTest
  @CsvSource({"4, 9", "6, 6", "5, 3", "3, 3"})
  void lqKeepsTheGramMatrixAndLeavesALowerTriangle(int rows, int width) {
    double[][] a = gaussianRows(rows, width, 3L * rows + width);
    if (rows > 2) {
      a[2] = a[1].clone(); // dependent rows: LQ needs no positive pivot
    }
    double[][] before = new double[rows][rows];
    RowGram.lower(a, rows, width, before);
    HouseholderLq.lowerTriangularise(a, rows, width, new double[width]);
    double[][] after = new double[rows][rows];
    RowGram.lower(a, rows, width, after);
    for (int i = 0; i < rows; i++) {
      for (int m = i + 1; m < width; m++) {
        assertEquals(0, a[i][m], 1e-14, "above the diagonal at " + i + "," + m);
      }
      for (int j = 0; j <= i; j++) {
        assertEquals(before[i][j], after[i][j], 1e-12 * width, "G_" + i + j);
      }
    }
  }
}
