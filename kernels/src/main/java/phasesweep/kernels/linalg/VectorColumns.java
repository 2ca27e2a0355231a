package phasesweep.kernels.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Columns} on the Vector API: one vector a column of {@link Columns#BLOCK} of a block's
 * rows. Each lane is one row's scalar loop: a rounded product then a rounded sum, in increasing
 * column, so the results are the scalar twins' to the bit. Called only when
 * {@link Vectors#VECTORISED}.
 *
 * <p>Three things C2 (JDK 17) needs, found by measurement: the scalars are broadcast explicitly
 * ({@code mul(double)} is not intrinsified, five times slower); the species is the one of every
 * vector loop ({@link Species}: 512 bits with AVX-512, where the update-and-fields pass of 64 rows
 * on 94 columns took 430-450 ns against 600-710 with 256, the same bits); and a loop over columns
 * carries its column's offset as a second induction variable ({@code c += stride}) rather than
 * computing {@code m * stride} each time: fewer instructions where the loop is bound by their
 * count (the update-and-fields pass of 8 rows on 16 columns 15-17 against 21-26 ns,
 * docs/development.md, "Speed").
 */
final class VectorColumns {
  private static final VectorSpecies<Double> S = Species.DOUBLES;
  private static final int W = S.length();

  private VectorColumns() {}

  static void fields(double[] cols, int stride, double[] z, int width, double[] out, int offset) {
    int jb = 0;
    // four blocks at once: four independent chains of sums (a chain is bound by the add's latency)
    for (; jb + 4 * W <= stride; jb += 4 * W) {
      DoubleVector acc0 = DoubleVector.zero(S);
      DoubleVector acc1 = DoubleVector.zero(S);
      DoubleVector acc2 = DoubleVector.zero(S);
      DoubleVector acc3 = DoubleVector.zero(S);
      for (int m = 0, i = jb; m < width; m++, i += stride) {
        DoubleVector zm = DoubleVector.broadcast(S, z[m]);
        acc0 = acc0.add(DoubleVector.fromArray(S, cols, i).mul(zm));
        acc1 = acc1.add(DoubleVector.fromArray(S, cols, i + W).mul(zm));
        acc2 = acc2.add(DoubleVector.fromArray(S, cols, i + 2 * W).mul(zm));
        acc3 = acc3.add(DoubleVector.fromArray(S, cols, i + 3 * W).mul(zm));
      }
      acc0.intoArray(out, offset + jb);
      acc1.intoArray(out, offset + jb + W);
      acc2.intoArray(out, offset + jb + 2 * W);
      acc3.intoArray(out, offset + jb + 3 * W);
    }
    for (; jb + 2 * W <= stride; jb += 2 * W) {
      DoubleVector acc0 = DoubleVector.zero(S);
      DoubleVector acc1 = DoubleVector.zero(S);
      for (int m = 0, i = jb; m < width; m++, i += stride) {
        DoubleVector zm = DoubleVector.broadcast(S, z[m]);
        acc0 = acc0.add(DoubleVector.fromArray(S, cols, i).mul(zm));
        acc1 = acc1.add(DoubleVector.fromArray(S, cols, i + W).mul(zm));
      }
      acc0.intoArray(out, offset + jb);
      acc1.intoArray(out, offset + jb + W);
    }
    for (; jb < stride; jb += W) {
      DoubleVector acc = DoubleVector.zero(S);
      for (int m = 0, i = jb; m < width; m++, i += stride) {
        acc = acc.add(DoubleVector.fromArray(S, cols, i).mul(DoubleVector.broadcast(S, z[m])));
      }
      acc.intoArray(out, offset + jb);
    }
  }

  static void update(double[] cols, int stride, double[] a, double[] z, int width, double outside) {
    for (int jb = 0; jb < stride; jb += W) {
      DoubleVector av = DoubleVector.fromArray(S, a, jb);
      for (int m = 0, i = jb; m < width; m++, i += stride) {
        DoubleVector.fromArray(S, cols, i).add(av.mul(DoubleVector.broadcast(S, z[m]))).intoArray(cols, i);
      }
      av.mul(DoubleVector.broadcast(S, outside)).intoArray(cols, width * stride + jb);
    }
  }

  static void updateAndFields(double[] cols, int stride, double[] a, double[] z, int width, double outside,
      double[] next, double[] out, int offset) {
    int jb = 0;
    for (; jb + 4 * W <= stride; jb += 4 * W) {
      DoubleVector a0 = DoubleVector.fromArray(S, a, jb);
      DoubleVector a1 = DoubleVector.fromArray(S, a, jb + W);
      DoubleVector a2 = DoubleVector.fromArray(S, a, jb + 2 * W);
      DoubleVector a3 = DoubleVector.fromArray(S, a, jb + 3 * W);
      DoubleVector f0 = DoubleVector.zero(S);
      DoubleVector f1 = DoubleVector.zero(S);
      DoubleVector f2 = DoubleVector.zero(S);
      DoubleVector f3 = DoubleVector.zero(S);
      for (int m = 0, i = jb; m < width; m++, i += stride) {
        DoubleVector zm = DoubleVector.broadcast(S, z[m]);
        DoubleVector nm = DoubleVector.broadcast(S, next[m]);
        DoubleVector v0 = DoubleVector.fromArray(S, cols, i).add(a0.mul(zm));
        DoubleVector v1 = DoubleVector.fromArray(S, cols, i + W).add(a1.mul(zm));
        DoubleVector v2 = DoubleVector.fromArray(S, cols, i + 2 * W).add(a2.mul(zm));
        DoubleVector v3 = DoubleVector.fromArray(S, cols, i + 3 * W).add(a3.mul(zm));
        v0.intoArray(cols, i);
        v1.intoArray(cols, i + W);
        v2.intoArray(cols, i + 2 * W);
        v3.intoArray(cols, i + 3 * W);
        f0 = f0.add(v0.mul(nm));
        f1 = f1.add(v1.mul(nm));
        f2 = f2.add(v2.mul(nm));
        f3 = f3.add(v3.mul(nm));
      }
      DoubleVector o = DoubleVector.broadcast(S, outside);
      DoubleVector nw = DoubleVector.broadcast(S, next[width]);
      int c = width * stride + jb;
      DoubleVector l0 = a0.mul(o);
      DoubleVector l1 = a1.mul(o);
      DoubleVector l2 = a2.mul(o);
      DoubleVector l3 = a3.mul(o);
      l0.intoArray(cols, c);
      l1.intoArray(cols, c + W);
      l2.intoArray(cols, c + 2 * W);
      l3.intoArray(cols, c + 3 * W);
      f0.add(l0.mul(nw)).intoArray(out, offset + jb);
      f1.add(l1.mul(nw)).intoArray(out, offset + jb + W);
      f2.add(l2.mul(nw)).intoArray(out, offset + jb + 2 * W);
      f3.add(l3.mul(nw)).intoArray(out, offset + jb + 3 * W);
    }
    for (; jb + 2 * W <= stride; jb += 2 * W) {
      DoubleVector a0 = DoubleVector.fromArray(S, a, jb);
      DoubleVector a1 = DoubleVector.fromArray(S, a, jb + W);
      DoubleVector f0 = DoubleVector.zero(S);
      DoubleVector f1 = DoubleVector.zero(S);
      for (int m = 0, i = jb; m < width; m++, i += stride) {
        DoubleVector zm = DoubleVector.broadcast(S, z[m]);
        DoubleVector nm = DoubleVector.broadcast(S, next[m]);
        DoubleVector v0 = DoubleVector.fromArray(S, cols, i).add(a0.mul(zm));
        DoubleVector v1 = DoubleVector.fromArray(S, cols, i + W).add(a1.mul(zm));
        v0.intoArray(cols, i);
        v1.intoArray(cols, i + W);
        f0 = f0.add(v0.mul(nm));
        f1 = f1.add(v1.mul(nm));
      }
      DoubleVector o = DoubleVector.broadcast(S, outside);
      DoubleVector nw = DoubleVector.broadcast(S, next[width]);
      int c = width * stride + jb;
      DoubleVector l0 = a0.mul(o);
      DoubleVector l1 = a1.mul(o);
      l0.intoArray(cols, c);
      l1.intoArray(cols, c + W);
      f0.add(l0.mul(nw)).intoArray(out, offset + jb);
      f1.add(l1.mul(nw)).intoArray(out, offset + jb + W);
    }
    for (; jb < stride; jb += W) {
      DoubleVector av = DoubleVector.fromArray(S, a, jb);
      DoubleVector field = DoubleVector.zero(S);
      for (int m = 0, i = jb; m < width; m++, i += stride) {
        DoubleVector v = DoubleVector.fromArray(S, cols, i).add(av.mul(DoubleVector.broadcast(S, z[m])));
        v.intoArray(cols, i);
        field = field.add(v.mul(DoubleVector.broadcast(S, next[m])));
      }
      DoubleVector last = av.mul(DoubleVector.broadcast(S, outside));
      last.intoArray(cols, width * stride + jb);
      field.add(last.mul(DoubleVector.broadcast(S, next[width]))).intoArray(out, offset + jb);
    }
  }

  static void updateTwiceAndFields(double[] cols, int stride, double[] b, double[] y, double[] a, double[] z,
      int width, double outside, double[] next, double[] after, double[] out, double[] outAfter, int offset) {
    int jb = 0;
    // four blocks at once where they fit, as updateAndFields: eight independent chains of sums
    for (; jb + 4 * W <= stride; jb += 4 * W) {
      DoubleVector b0 = DoubleVector.fromArray(S, b, jb);
      DoubleVector a0 = DoubleVector.fromArray(S, a, jb);
      DoubleVector f0 = DoubleVector.zero(S);
      DoubleVector g0 = DoubleVector.zero(S);
      DoubleVector b1 = DoubleVector.fromArray(S, b, jb + W);
      DoubleVector a1 = DoubleVector.fromArray(S, a, jb + W);
      DoubleVector f1 = DoubleVector.zero(S);
      DoubleVector g1 = DoubleVector.zero(S);
      DoubleVector b2 = DoubleVector.fromArray(S, b, jb + 2 * W);
      DoubleVector a2 = DoubleVector.fromArray(S, a, jb + 2 * W);
      DoubleVector f2 = DoubleVector.zero(S);
      DoubleVector g2 = DoubleVector.zero(S);
      DoubleVector b3 = DoubleVector.fromArray(S, b, jb + 3 * W);
      DoubleVector a3 = DoubleVector.fromArray(S, a, jb + 3 * W);
      DoubleVector f3 = DoubleVector.zero(S);
      DoubleVector g3 = DoubleVector.zero(S);
      for (int m = 0, i = jb; m < width; m++, i += stride) {
        DoubleVector ym = DoubleVector.broadcast(S, y[m]);
        DoubleVector zm = DoubleVector.broadcast(S, z[m]);
        DoubleVector nm = DoubleVector.broadcast(S, next[m]);
        DoubleVector om = DoubleVector.broadcast(S, after[m]);
        DoubleVector v0 = a0.fma(zm, b0.fma(ym, DoubleVector.fromArray(S, cols, i)));
        v0.intoArray(cols, i);
        f0 = v0.fma(nm, f0);
        g0 = v0.fma(om, g0);
        DoubleVector v1 = a1.fma(zm, b1.fma(ym, DoubleVector.fromArray(S, cols, i + W)));
        v1.intoArray(cols, i + W);
        f1 = v1.fma(nm, f1);
        g1 = v1.fma(om, g1);
        DoubleVector v2 = a2.fma(zm, b2.fma(ym, DoubleVector.fromArray(S, cols, i + 2 * W)));
        v2.intoArray(cols, i + 2 * W);
        f2 = v2.fma(nm, f2);
        g2 = v2.fma(om, g2);
        DoubleVector v3 = a3.fma(zm, b3.fma(ym, DoubleVector.fromArray(S, cols, i + 3 * W)));
        v3.intoArray(cols, i + 3 * W);
        f3 = v3.fma(nm, f3);
        g3 = v3.fma(om, g3);
      }
      DoubleVector o = DoubleVector.broadcast(S, outside);
      DoubleVector nw = DoubleVector.broadcast(S, next[width]);
      DoubleVector ow = DoubleVector.broadcast(S, after[width]);
      int c = width * stride + jb;
      DoubleVector l0 = a0.mul(o);
      l0.intoArray(cols, c);
      l0.fma(nw, f0).intoArray(out, offset + jb);
      l0.fma(ow, g0).intoArray(outAfter, offset + jb);
      DoubleVector l1 = a1.mul(o);
      l1.intoArray(cols, c + W);
      l1.fma(nw, f1).intoArray(out, offset + jb + W);
      l1.fma(ow, g1).intoArray(outAfter, offset + jb + W);
      DoubleVector l2 = a2.mul(o);
      l2.intoArray(cols, c + 2 * W);
      l2.fma(nw, f2).intoArray(out, offset + jb + 2 * W);
      l2.fma(ow, g2).intoArray(outAfter, offset + jb + 2 * W);
      DoubleVector l3 = a3.mul(o);
      l3.intoArray(cols, c + 3 * W);
      l3.fma(nw, f3).intoArray(out, offset + jb + 3 * W);
      l3.fma(ow, g3).intoArray(outAfter, offset + jb + 3 * W);
    }
    for (; jb + 2 * W <= stride; jb += 2 * W) {
      DoubleVector b0 = DoubleVector.fromArray(S, b, jb);
      DoubleVector a0 = DoubleVector.fromArray(S, a, jb);
      DoubleVector f0 = DoubleVector.zero(S);
      DoubleVector g0 = DoubleVector.zero(S);
      DoubleVector b1 = DoubleVector.fromArray(S, b, jb + W);
      DoubleVector a1 = DoubleVector.fromArray(S, a, jb + W);
      DoubleVector f1 = DoubleVector.zero(S);
      DoubleVector g1 = DoubleVector.zero(S);
      for (int m = 0, i = jb; m < width; m++, i += stride) {
        DoubleVector ym = DoubleVector.broadcast(S, y[m]);
        DoubleVector zm = DoubleVector.broadcast(S, z[m]);
        DoubleVector nm = DoubleVector.broadcast(S, next[m]);
        DoubleVector om = DoubleVector.broadcast(S, after[m]);
        DoubleVector v0 = a0.fma(zm, b0.fma(ym, DoubleVector.fromArray(S, cols, i)));
        v0.intoArray(cols, i);
        f0 = v0.fma(nm, f0);
        g0 = v0.fma(om, g0);
        DoubleVector v1 = a1.fma(zm, b1.fma(ym, DoubleVector.fromArray(S, cols, i + W)));
        v1.intoArray(cols, i + W);
        f1 = v1.fma(nm, f1);
        g1 = v1.fma(om, g1);
      }
      DoubleVector o = DoubleVector.broadcast(S, outside);
      DoubleVector nw = DoubleVector.broadcast(S, next[width]);
      DoubleVector ow = DoubleVector.broadcast(S, after[width]);
      int c = width * stride + jb;
      DoubleVector l0 = a0.mul(o);
      l0.intoArray(cols, c);
      l0.fma(nw, f0).intoArray(out, offset + jb);
      l0.fma(ow, g0).intoArray(outAfter, offset + jb);
      DoubleVector l1 = a1.mul(o);
      l1.intoArray(cols, c + W);
      l1.fma(nw, f1).intoArray(out, offset + jb + W);
      l1.fma(ow, g1).intoArray(outAfter, offset + jb + W);
    }
    for (; jb < stride; jb += W) {
      DoubleVector b0 = DoubleVector.fromArray(S, b, jb);
      DoubleVector a0 = DoubleVector.fromArray(S, a, jb);
      DoubleVector f0 = DoubleVector.zero(S);
      DoubleVector g0 = DoubleVector.zero(S);
      for (int m = 0, i = jb; m < width; m++, i += stride) {
        DoubleVector ym = DoubleVector.broadcast(S, y[m]);
        DoubleVector zm = DoubleVector.broadcast(S, z[m]);
        DoubleVector nm = DoubleVector.broadcast(S, next[m]);
        DoubleVector om = DoubleVector.broadcast(S, after[m]);
        DoubleVector v0 = a0.fma(zm, b0.fma(ym, DoubleVector.fromArray(S, cols, i)));
        v0.intoArray(cols, i);
        f0 = v0.fma(nm, f0);
        g0 = v0.fma(om, g0);
      }
      DoubleVector o = DoubleVector.broadcast(S, outside);
      DoubleVector nw = DoubleVector.broadcast(S, next[width]);
      DoubleVector ow = DoubleVector.broadcast(S, after[width]);
      int c = width * stride + jb;
      DoubleVector l0 = a0.mul(o);
      l0.intoArray(cols, c);
      l0.fma(nw, f0).intoArray(out, offset + jb);
      l0.fma(ow, g0).intoArray(outAfter, offset + jb);
    }
  }

  static void updateAndScale(double[] cols, int stride, double[] a, double[] s, double[] z, int width,
      double outside) {
    for (int jb = 0; jb < stride; jb += W) {
      DoubleVector av = DoubleVector.fromArray(S, a, jb);
      DoubleVector sv = DoubleVector.fromArray(S, s, jb);
      for (int m = 0, i = jb; m < width; m++, i += stride) {
        sv.mul(DoubleVector.fromArray(S, cols, i).add(av.mul(DoubleVector.broadcast(S, z[m])))).intoArray(cols, i);
      }
      sv.mul(av).mul(DoubleVector.broadcast(S, outside)).intoArray(cols, width * stride + jb);
    }
  }

  static void gram(double[] cols, int stride, int rows, int from, int to, double[] out) {
    for (int i0 = 0; i0 < rows; i0 += 4) {
      int i1 = Math.min(i0 + 1, rows - 1);
      int i2 = Math.min(i0 + 2, rows - 1);
      int i3 = Math.min(i0 + 3, rows - 1);
      // lanes l >= i of columns i0..i3: the blocks from the one holding i0; two at once where they
      // can (eight independent chains of sums: the additions' latency hidden)
      int jb = i0 / W * W;
      for (; jb + 2 * W <= stride; jb += 2 * W) {
        gramBlocks(cols, stride, i0, i1, i2, i3, jb, from, to, out);
      }
      for (; jb < stride; jb += W) {
        gramBlock(cols, stride, i0, i1, i2, i3, jb, from, to, out);
      }
    }
  }

  /** Lanes {@code jb..jb+W-1} of columns {@code i0..i3} of the Gram matrix into {@code out}. */
  private static void gramBlock(double[] cols, int stride, int i0, int i1, int i2, int i3, int jb, int from, int to,
      double[] out) {
    DoubleVector acc0 = DoubleVector.zero(S);
    DoubleVector acc1 = DoubleVector.zero(S);
    DoubleVector acc2 = DoubleVector.zero(S);
    DoubleVector acc3 = DoubleVector.zero(S);
    for (int m = from, c = from * stride; m < to; m++, c += stride) {
      DoubleVector col = DoubleVector.fromArray(S, cols, c + jb);
      acc0 = acc0.add(DoubleVector.broadcast(S, cols[c + i0]).mul(col));
      acc1 = acc1.add(DoubleVector.broadcast(S, cols[c + i1]).mul(col));
      acc2 = acc2.add(DoubleVector.broadcast(S, cols[c + i2]).mul(col));
      acc3 = acc3.add(DoubleVector.broadcast(S, cols[c + i3]).mul(col));
    }
    acc0.intoArray(out, i0 * stride + jb);
    acc1.intoArray(out, i1 * stride + jb);
    acc2.intoArray(out, i2 * stride + jb);
    acc3.intoArray(out, i3 * stride + jb);
  }

  /** {@link #gramBlock} on the lanes {@code jb..jb+2W-1}: eight chains. */
  private static void gramBlocks(double[] cols, int stride, int i0, int i1, int i2, int i3, int jb, int from, int to,
      double[] out) {
    DoubleVector acc0 = DoubleVector.zero(S);
    DoubleVector acc1 = DoubleVector.zero(S);
    DoubleVector acc2 = DoubleVector.zero(S);
    DoubleVector acc3 = DoubleVector.zero(S);
    DoubleVector acc4 = DoubleVector.zero(S);
    DoubleVector acc5 = DoubleVector.zero(S);
    DoubleVector acc6 = DoubleVector.zero(S);
    DoubleVector acc7 = DoubleVector.zero(S);
    for (int m = from, c = from * stride; m < to; m++, c += stride) {
      DoubleVector col0 = DoubleVector.fromArray(S, cols, c + jb);
      DoubleVector col1 = DoubleVector.fromArray(S, cols, c + jb + W);
      DoubleVector b0 = DoubleVector.broadcast(S, cols[c + i0]);
      DoubleVector b1 = DoubleVector.broadcast(S, cols[c + i1]);
      DoubleVector b2 = DoubleVector.broadcast(S, cols[c + i2]);
      DoubleVector b3 = DoubleVector.broadcast(S, cols[c + i3]);
      acc0 = acc0.add(b0.mul(col0));
      acc1 = acc1.add(b1.mul(col0));
      acc2 = acc2.add(b2.mul(col0));
      acc3 = acc3.add(b3.mul(col0));
      acc4 = acc4.add(b0.mul(col1));
      acc5 = acc5.add(b1.mul(col1));
      acc6 = acc6.add(b2.mul(col1));
      acc7 = acc7.add(b3.mul(col1));
    }
    acc0.intoArray(out, i0 * stride + jb);
    acc1.intoArray(out, i1 * stride + jb);
    acc2.intoArray(out, i2 * stride + jb);
    acc3.intoArray(out, i3 * stride + jb);
    acc4.intoArray(out, i0 * stride + jb + W);
    acc5.intoArray(out, i1 * stride + jb + W);
    acc6.intoArray(out, i2 * stride + jb + W);
    acc7.intoArray(out, i3 * stride + jb + W);
  }

  static boolean cholesky(double[] a, int stride, int size, double[] inversePivot) {
    // left-looking by blocks of four columns: a block's lanes less every column left of it, in
    // increasing column (eight independent chains at once), then the block's own columns in turn
    for (int j0 = 0; j0 < size; j0 += 4) {
      int j3 = Math.min(j0 + 3, size - 1);
      int ib = j0 / W * W;
      for (; ib + 2 * W <= stride; ib += 2 * W) {
        lessLeftColumns(a, stride, j0, j3, ib);
      }
      for (; ib < stride; ib += W) {
        lessLeftColumn(a, stride, j0, j3, ib);
      }
      for (int j = j0; j <= j3; j++) {
        int cj = j * stride;
        double pivot = Columns.pivot(a, cj, j, inversePivot);
        if (Double.isNaN(pivot)) {
          return false;
        }
        DoubleVector iv = DoubleVector.broadcast(S, inversePivot[j]);
        for (int b = j / W * W; b < stride; b += W) {
          DoubleVector.fromArray(S, a, cj + b).mul(iv).intoArray(a, cj + b);
        }
        for (int i = 0; i < j; i++) {
          a[cj + i] = 0;
        }
        a[cj + j] = pivot;
        for (int t = j + 1; t <= j3; t++) {
          int ct = t * stride;
          DoubleVector ltj = DoubleVector.broadcast(S, a[cj + t]);
          for (int b = t / W * W; b < stride; b += W) {
            DoubleVector.fromArray(S, a, ct + b).sub(DoubleVector.fromArray(S, a, cj + b).mul(ltj)).intoArray(a, ct + b);
          }
        }
      }
    }
    return true;
  }

  /**
   * Lanes {@code ib..ib+2W-1} of columns {@code j0..j3} less {@code l_im l_jm} for every column
   * {@code m < j0}, in increasing {@code m}: eight chains.
   */
  private static void lessLeftColumns(double[] a, int stride, int j0, int j3, int ib) {
    int j1 = Math.min(j0 + 1, j3);
    int j2 = Math.min(j0 + 2, j3);
    DoubleVector acc0 = DoubleVector.fromArray(S, a, j0 * stride + ib);
    DoubleVector acc1 = DoubleVector.fromArray(S, a, j1 * stride + ib);
    DoubleVector acc2 = DoubleVector.fromArray(S, a, j2 * stride + ib);
    DoubleVector acc3 = DoubleVector.fromArray(S, a, j3 * stride + ib);
    DoubleVector acc4 = DoubleVector.fromArray(S, a, j0 * stride + ib + W);
    DoubleVector acc5 = DoubleVector.fromArray(S, a, j1 * stride + ib + W);
    DoubleVector acc6 = DoubleVector.fromArray(S, a, j2 * stride + ib + W);
    DoubleVector acc7 = DoubleVector.fromArray(S, a, j3 * stride + ib + W);
    for (int m = 0, c = 0; m < j0; m++, c += stride) {
      DoubleVector col0 = DoubleVector.fromArray(S, a, c + ib);
      DoubleVector col1 = DoubleVector.fromArray(S, a, c + ib + W);
      DoubleVector b0 = DoubleVector.broadcast(S, a[c + j0]);
      DoubleVector b1 = DoubleVector.broadcast(S, a[c + j1]);
      DoubleVector b2 = DoubleVector.broadcast(S, a[c + j2]);
      DoubleVector b3 = DoubleVector.broadcast(S, a[c + j3]);
      acc0 = acc0.sub(col0.mul(b0));
      acc1 = acc1.sub(col0.mul(b1));
      acc2 = acc2.sub(col0.mul(b2));
      acc3 = acc3.sub(col0.mul(b3));
      acc4 = acc4.sub(col1.mul(b0));
      acc5 = acc5.sub(col1.mul(b1));
      acc6 = acc6.sub(col1.mul(b2));
      acc7 = acc7.sub(col1.mul(b3));
    }
    acc0.intoArray(a, j0 * stride + ib);
    acc1.intoArray(a, j1 * stride + ib);
    acc2.intoArray(a, j2 * stride + ib);
    acc3.intoArray(a, j3 * stride + ib);
    acc4.intoArray(a, j0 * stride + ib + W);
    acc5.intoArray(a, j1 * stride + ib + W);
    acc6.intoArray(a, j2 * stride + ib + W);
    acc7.intoArray(a, j3 * stride + ib + W);
  }

  /** {@link #lessLeftColumns} on the lanes {@code ib..ib+W-1}. */
  private static void lessLeftColumn(double[] a, int stride, int j0, int j3, int ib) {
    int j1 = Math.min(j0 + 1, j3);
    int j2 = Math.min(j0 + 2, j3);
    DoubleVector acc0 = DoubleVector.fromArray(S, a, j0 * stride + ib);
    DoubleVector acc1 = DoubleVector.fromArray(S, a, j1 * stride + ib);
    DoubleVector acc2 = DoubleVector.fromArray(S, a, j2 * stride + ib);
    DoubleVector acc3 = DoubleVector.fromArray(S, a, j3 * stride + ib);
    for (int m = 0, c = 0; m < j0; m++, c += stride) {
      DoubleVector col = DoubleVector.fromArray(S, a, c + ib);
      acc0 = acc0.sub(col.mul(DoubleVector.broadcast(S, a[c + j0])));
      acc1 = acc1.sub(col.mul(DoubleVector.broadcast(S, a[c + j1])));
      acc2 = acc2.sub(col.mul(DoubleVector.broadcast(S, a[c + j2])));
      acc3 = acc3.sub(col.mul(DoubleVector.broadcast(S, a[c + j3])));
    }
    acc0.intoArray(a, j0 * stride + ib);
    acc1.intoArray(a, j1 * stride + ib);
    acc2.intoArray(a, j2 * stride + ib);
    acc3.intoArray(a, j3 * stride + ib);
  }
}
