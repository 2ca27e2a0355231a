package phasesweep.kernels.linalg;

/**
 * Operations on a block of rows stored by columns: row {@code j}'s entry {@code m} at
 * {@code cols[m * stride + j]}, {@code stride} a multiple of {@link #BLOCK}, the rows past the
 * block's own (its padding) zero. The overlap chain keeps its student rows so (issue #32): a step
 * updates every row by the same input, so one vector holds one column of {@link #BLOCK} rows and
 * a step is a few vector operations a column, where by rows it was a scalar reduction a row
 * (HotSpot's C2 does not vectorise a reduction).
 *
 * <p>Each row's sums run over the columns in increasing {@code m} by a rounded product then a
 * rounded sum ({@code acc + c * z}, no fused multiply-add), exactly as a scalar loop over the row
 * does them: the results are those of the row-by-row loops to the bit, with or without the Vector
 * API ({@link Vectors#VECTORISED}: {@link VectorColumns}, else the scalar twins here), whatever
 * the vectors' width. {@link #updateTwiceAndFields} alone (the wide chain's pairs) rounds by fused
 * multiply-adds, its scalar twin by {@link Math#fma}: the same bits as each other. Nothing is
 * allocated.
 */
public final class Columns {
  /**
   * Rows a column's vector holds, {@link Species#WIDTH} (8 with AVX-512, 4 with AVX2; 4 without
   * the Vector API); the stride of a block is a multiple of it.
   */
  public static final int BLOCK = Vectors.VECTORISED ? Species.WIDTH : 4;

  private Columns() {}

  /** The stride of a block of {@code rows} rows: {@code rows} rounded up to {@link #BLOCK}. */
  public static int stride(int rows) {
    return Math.max(BLOCK, (rows + BLOCK - 1) / BLOCK * BLOCK);
  }

  /**
   * {@code out[offset + j] = sum_{m < width} cols[m stride + j] z[m]} for every {@code j < stride}.
   *
   * @param cols not modified
   * @param out {@code stride} entries from {@code offset} modified
   */
  public static void fields(double[] cols, int stride, double[] z, int width, double[] out, int offset) {
    if (Vectors.VECTORISED) {
      VectorColumns.fields(cols, stride, z, width, out, offset);
    } else {
      scalarFields(cols, stride, z, width, out, offset);
    }
  }

  /** The scalar twin of {@link #fields}: the same bits. */
  public static void scalarFields(double[] cols, int stride, double[] z, int width, double[] out, int offset) {
    for (int j = 0; j < stride; j++) {
      double sum = 0;
      for (int m = 0; m < width; m++) {
        sum += cols[m * stride + j] * z[m];
      }
      out[offset + j] = sum;
    }
  }

  /**
   * The SGD step of every row by one input: {@code row_j[m] += a[j] z[m]} for {@code m < width},
   * and the new column {@code row_j[width] = a[j] outside}.
   *
   * @param cols modified in columns {@code 0..width}
   * @param a {@code stride} coefficients (zero in the padding); not modified
   */
  public static void update(double[] cols, int stride, double[] a, double[] z, int width, double outside) {
    if (Vectors.VECTORISED) {
      VectorColumns.update(cols, stride, a, z, width, outside);
    } else {
      scalarUpdate(cols, stride, a, z, width, outside);
    }
  }

  /** The scalar twin of {@link #update}: the same bits. */
  public static void scalarUpdate(double[] cols, int stride, double[] a, double[] z, int width, double outside) {
    for (int j = 0; j < stride; j++) {
      double aj = a[j];
      for (int m = 0; m < width; m++) {
        cols[m * stride + j] += aj * z[m];
      }
      cols[width * stride + j] = aj * outside;
    }
  }

  /**
   * {@link #update} fused with the next input's fields on the updated rows:
   * {@code out[offset + j] = sum_{m < width} row_j[m] next[m] + row_j[width] next[width]}, one pass.
   *
   * @param cols modified in columns {@code 0..width}
   * @param out {@code stride} entries from {@code offset} modified
   */
  public static void updateAndFields(double[] cols, int stride, double[] a, double[] z, int width, double outside,
      double[] next, double[] out, int offset) {
    if (Vectors.VECTORISED) {
      VectorColumns.updateAndFields(cols, stride, a, z, width, outside, next, out, offset);
    } else {
      scalarUpdateAndFields(cols, stride, a, z, width, outside, next, out, offset);
    }
  }

  /** The scalar twin of {@link #updateAndFields}: the same bits. */
  public static void scalarUpdateAndFields(double[] cols, int stride, double[] a, double[] z, int width, double outside,
      double[] next, double[] out, int offset) {
    for (int j = 0; j < stride; j++) {
      double aj = a[j];
      double field = 0;
      for (int m = 0; m < width; m++) {
        int i = m * stride + j;
        double v = cols[i] + aj * z[m];
        cols[i] = v;
        field += v * next[m];
      }
      double last = aj * outside;
      cols[width * stride + j] = last;
      out[offset + j] = field + last * next[width];
    }
  }

  /**
   * Two SGD steps of every row at once, the earlier one's deferred, fused with the fields of the
   * next two inputs (the wide chain's steps in pairs, docs/physics.md §8, "Two steps a pass"):
   * {@code row_j[m] = fma(a[j], z[m], fma(b[j], y[m], row_j[m]))} for {@code m < width} ({@code y}
   * the earlier step's input with its outside entry at its own width, {@code width - 1}), the new
   * column {@code row_j[width] = a[j] outside}, and {@code out[offset + j]},
   * {@code outAfter[offset + j]} the updated row's products with {@code next} and {@code after}
   * over columns {@code 0..width}, each a chain of fused multiply-adds in increasing column. With
   * {@code b} zero it is one step's update (its bits are not {@link #updateAndFields}': fused).
   *
   * @param cols modified in columns {@code 0..width}
   * @param b {@code stride} coefficients (zero in the padding); not modified
   * @param a {@code stride} coefficients (zero in the padding); not modified
   * @param out {@code stride} entries from {@code offset} modified
   * @param outAfter {@code stride} entries from {@code offset} modified
   */
  public static void updateTwiceAndFields(double[] cols, int stride, double[] b, double[] y, double[] a, double[] z,
      int width, double outside, double[] next, double[] after, double[] out, double[] outAfter, int offset) {
    if (Vectors.VECTORISED) {
      VectorColumns.updateTwiceAndFields(cols, stride, b, y, a, z, width, outside, next, after, out, outAfter, offset);
    } else {
      scalarUpdateTwiceAndFields(cols, stride, b, y, a, z, width, outside, next, after, out, outAfter, offset);
    }
  }

  /** The scalar twin of {@link #updateTwiceAndFields}: the same bits. */
  public static void scalarUpdateTwiceAndFields(double[] cols, int stride, double[] b, double[] y, double[] a,
      double[] z, int width, double outside, double[] next, double[] after, double[] out, double[] outAfter,
      int offset) {
    for (int j = 0; j < stride; j++) {
      double aj = a[j];
      double bj = b[j];
      double field = 0;
      double fieldAfter = 0;
      for (int m = 0; m < width; m++) {
        int i = m * stride + j;
        double v = Math.fma(aj, z[m], Math.fma(bj, y[m], cols[i]));
        cols[i] = v;
        field = Math.fma(v, next[m], field);
        fieldAfter = Math.fma(v, after[m], fieldAfter);
      }
      double last = aj * outside;
      cols[width * stride + j] = last;
      out[offset + j] = Math.fma(last, next[width], field);
      outAfter[offset + j] = Math.fma(last, after[width], fieldAfter);
    }
  }

  /**
   * {@link #update} with each row rescaled after it: {@code row_j[m] = s[j] (row_j[m] + a[j] z[m])},
   * {@code row_j[width] = s[j] a[j] outside} (the sphere, docs/physics.md §1.2).
   *
   * @param s {@code stride} scales (zero in the padding); not modified
   */
  public static void updateAndScale(double[] cols, int stride, double[] a, double[] s, double[] z, int width,
      double outside) {
    if (Vectors.VECTORISED) {
      VectorColumns.updateAndScale(cols, stride, a, s, z, width, outside);
    } else {
      scalarUpdateAndScale(cols, stride, a, s, z, width, outside);
    }
  }

  /** The scalar twin of {@link #updateAndScale}: the same bits. */
  public static void scalarUpdateAndScale(double[] cols, int stride, double[] a, double[] s, double[] z, int width,
      double outside) {
    for (int j = 0; j < stride; j++) {
      double aj = a[j];
      double sj = s[j];
      for (int m = 0; m < width; m++) {
        int i = m * stride + j;
        cols[i] = sj * (cols[i] + aj * z[m]);
      }
      cols[width * stride + j] = sj * aj * outside;
    }
  }

  /**
   * The Gram matrix of the rows over columns {@code from..to-1}, by columns:
   * {@code out[i stride + l] = sum_{from <= m < to} row_i[m] row_l[m]} for {@code i < rows} and
   * {@code l >= i} (column {@code i} of its lower triangle, padding lanes zero), each sum in
   * increasing {@code m} as {@link RowGram#lower} sums it (the product {@code row_i[m] row_l[m]}
   * commutes: the same bits as its entry {@code (l, i)}). The lanes {@code l < i} of column
   * {@code i}'s first {@link #BLOCK} may be written too.
   *
   * @param out at least {@code rows stride} entries; modified
   */
  public static void gram(double[] cols, int stride, int rows, int from, int to, double[] out) {
    if (Vectors.VECTORISED) {
      VectorColumns.gram(cols, stride, rows, from, to, out);
    } else {
      scalarGram(cols, stride, rows, from, to, out);
    }
  }

  /** The scalar twin of {@link #gram}: the same bits. */
  public static void scalarGram(double[] cols, int stride, int rows, int from, int to, double[] out) {
    for (int i = 0; i < rows; i++) {
      for (int l = i / BLOCK * BLOCK; l < stride; l++) {
        double sum = 0;
        for (int m = from; m < to; m++) {
          sum += cols[m * stride + i] * cols[m * stride + l];
        }
        out[i * stride + l] = sum;
      }
    }
  }

  /**
   * The Cholesky decomposition {@code A = L L^T} in place, by columns: {@code a}'s column
   * {@code j} holds {@code A}'s lower triangle in its lanes {@code l >= j} ({@link #gram}'s
   * layout, padding lanes zero) and receives {@code L}'s column {@code j}, zero above the
   * diagonal. Each entry runs {@link LowerCholesky#decompose}'s operations in its order (the
   * entry less each product {@code l_im l_jm} in increasing {@code m}, then the square root or
   * the product with the pivot's reciprocal), so {@code L} is its to the bit: the scalar twin
   * updates the columns right-looking, the Vector API left-looking by blocks of four columns
   * (eight independent chains of sums), a column of rows a vector; each entry sees the same
   * operations in the same order either way.
   *
   * @param a {@code size stride} entries; modified (partly on {@code false})
   * @param inversePivot at least {@code size}; modified
   * @return false where a pivot is not positive: {@code A} is not positive definite to rounding
   */
  public static boolean cholesky(double[] a, int stride, int size, double[] inversePivot) {
    return Vectors.VECTORISED ? VectorColumns.cholesky(a, stride, size, inversePivot)
        : scalarCholesky(a, stride, size, inversePivot);
  }

  /**
   * Column {@code j}'s pivot, the square root of its diagonal entry, and its reciprocal into
   * {@code inversePivot[j]}; NaN where the entry is not positive (the twins share it).
   */
  static double pivot(double[] a, int cj, int j, double[] inversePivot) {
    double sum = a[cj + j];
    if (!(sum > 0)) {
      return Double.NaN;
    }
    double pivot = Math.sqrt(sum);
    inversePivot[j] = 1 / pivot;
    return pivot;
  }

  /** The scalar twin of {@link #cholesky}: the same bits. */
  public static boolean scalarCholesky(double[] a, int stride, int size, double[] inversePivot) {
    for (int j = 0; j < size; j++) {
      int cj = j * stride;
      double pivot = pivot(a, cj, j, inversePivot);
      if (Double.isNaN(pivot)) {
        return false;
      }
      double inverse = inversePivot[j];
      for (int i = 0; i < j; i++) {
        a[cj + i] = 0;
      }
      a[cj + j] = pivot;
      for (int i = j + 1; i < stride; i++) {
        a[cj + i] *= inverse;
      }
      for (int t = j + 1; t < size; t++) {
        int ct = t * stride;
        double ltj = a[cj + t];
        for (int i = t; i < stride; i++) {
          a[ct + i] -= a[cj + i] * ltj;
        }
      }
    }
    return true;
  }
}
