package phasesweep.kernels.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Columns} on the Vector API: one vector a column of four of a block's rows. Each lane is
 * one row's scalar loop: a rounded product then a rounded sum, in increasing column, so the
 * results are the scalar twins' to the bit. Called only when {@link Vectors#VECTORISED}.
 *
 * <p>Two things C2 (JDK 17) needs, found by measurement: the scalars are broadcast explicitly
 * ({@code mul(double)} is not intrinsified, five times slower), and the species is
 * {@link VectorDot}'s, 256 bits: where a run used two species, the shared templates' type profiles
 * saw both, C2 could not prove a vector's class, and the Gram matrix's sums boxed every vector
 * (13 times slower, in some runs only).
 */
final class VectorColumns {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
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
      for (int m = 0; m < width; m++) {
        int i = m * stride + jb;
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
      for (int m = 0; m < width; m++) {
        int i = m * stride + jb;
        DoubleVector zm = DoubleVector.broadcast(S, z[m]);
        acc0 = acc0.add(DoubleVector.fromArray(S, cols, i).mul(zm));
        acc1 = acc1.add(DoubleVector.fromArray(S, cols, i + W).mul(zm));
      }
      acc0.intoArray(out, offset + jb);
      acc1.intoArray(out, offset + jb + W);
    }
    for (; jb < stride; jb += W) {
      DoubleVector acc = DoubleVector.zero(S);
      for (int m = 0; m < width; m++) {
        acc = acc.add(DoubleVector.fromArray(S, cols, m * stride + jb).mul(DoubleVector.broadcast(S, z[m])));
      }
      acc.intoArray(out, offset + jb);
    }
  }

  static void update(double[] cols, int stride, double[] a, double[] z, int width, double outside) {
    for (int jb = 0; jb < stride; jb += W) {
      DoubleVector av = DoubleVector.fromArray(S, a, jb);
      for (int m = 0; m < width; m++) {
        int i = m * stride + jb;
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
      for (int m = 0; m < width; m++) {
        int i = m * stride + jb;
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
      for (int m = 0; m < width; m++) {
        int i = m * stride + jb;
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
      for (int m = 0; m < width; m++) {
        int i = m * stride + jb;
        DoubleVector v = DoubleVector.fromArray(S, cols, i).add(av.mul(DoubleVector.broadcast(S, z[m])));
        v.intoArray(cols, i);
        field = field.add(v.mul(DoubleVector.broadcast(S, next[m])));
      }
      DoubleVector last = av.mul(DoubleVector.broadcast(S, outside));
      last.intoArray(cols, width * stride + jb);
      field.add(last.mul(DoubleVector.broadcast(S, next[width]))).intoArray(out, offset + jb);
    }
  }

  static void updateAndScale(double[] cols, int stride, double[] a, double[] s, double[] z, int width,
      double outside) {
    for (int jb = 0; jb < stride; jb += W) {
      DoubleVector av = DoubleVector.fromArray(S, a, jb);
      DoubleVector sv = DoubleVector.fromArray(S, s, jb);
      for (int m = 0; m < width; m++) {
        int i = m * stride + jb;
        sv.mul(DoubleVector.fromArray(S, cols, i).add(av.mul(DoubleVector.broadcast(S, z[m])))).intoArray(cols, i);
      }
      sv.mul(av).mul(DoubleVector.broadcast(S, outside)).intoArray(cols, width * stride + jb);
    }
  }

  /** {@code row} holds {@code 4 stride} doubles: four rows' sums at once, four independent chains. */
  static void gramLower(double[] cols, int stride, int rows, int from, int to, double[][] out, double[] row) {
    for (int i0 = 0; i0 < rows; i0 += 4) {
      int i3 = Math.min(i0 + 3, rows - 1);
      // lanes l <= i of rows i0..i3: the blocks up to the one holding the last diagonal
      for (int jb = 0; jb <= i3; jb += W) {
        gramBlock(cols, stride, i0, Math.min(i0 + 1, i3), Math.min(i0 + 2, i3), i3, jb, from, to, row);
      }
      for (int t = 0; t < 4 && i0 + t < rows; t++) {
        System.arraycopy(row, t * stride, out[i0 + t], 0, i0 + t + 1);
      }
    }
  }

  /** Lanes {@code jb..jb+W-1} of rows {@code i0..i3}'s Gram sums into {@code row} (row {@code t} at {@code t stride}). */
  private static void gramBlock(double[] cols, int stride, int i0, int i1, int i2, int i3, int jb, int from, int to,
      double[] row) {
    DoubleVector acc0 = DoubleVector.zero(S);
    DoubleVector acc1 = DoubleVector.zero(S);
    DoubleVector acc2 = DoubleVector.zero(S);
    DoubleVector acc3 = DoubleVector.zero(S);
    for (int m = from; m < to; m++) {
      int c = m * stride;
      DoubleVector col = DoubleVector.fromArray(S, cols, c + jb);
      acc0 = acc0.add(DoubleVector.broadcast(S, cols[c + i0]).mul(col));
      acc1 = acc1.add(DoubleVector.broadcast(S, cols[c + i1]).mul(col));
      acc2 = acc2.add(DoubleVector.broadcast(S, cols[c + i2]).mul(col));
      acc3 = acc3.add(DoubleVector.broadcast(S, cols[c + i3]).mul(col));
    }
    acc0.intoArray(row, jb);
    acc1.intoArray(row, stride + jb);
    acc2.intoArray(row, 2 * stride + jb);
    acc3.intoArray(row, 3 * stride + jb);
  }
}
