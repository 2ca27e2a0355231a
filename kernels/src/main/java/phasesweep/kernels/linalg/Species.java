package phasesweep.kernels.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one vector shape of every vector loop of the kernels ({@link VectorDot},
 * {@link VectorColumns}, {@code model.VectorExponential}): the widest the hardware has, 512 bits
 * (AVX-512) or 256 (AVX2). Loaded only when {@link Vectors#VECTORISED}.
 *
 * <p>One shape for the whole JVM, because C2 (JDK 17) needs it: where a run used two (256 bits
 * for the dot products, 512 for the columns), the JDK's shared vector templates saw both classes
 * in their type profiles, C2 could not prove a vector's class, and the loops boxed every vector
 * (a pass of the chain's columns 13 times slower, docs/development.md, "Speed"). The results do
 * not depend on the shape: every loop keeps each lane's scalar order (the dot product's
 * {@link Vectors#LANES} lanes are a multiple of either width).
 */
public final class Species {
  /** The doubles' species: 512 bits where the hardware's vectors are that wide, else 256. */
  public static final VectorSpecies<Double> DOUBLES =
      DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 512 ? DoubleVector.SPECIES_512 : DoubleVector.SPECIES_256;
  /** The longs' species of the same width (the exponential's bit manipulations). */
  public static final VectorSpecies<Long> LONGS =
      DOUBLES.vectorBitSize() == 512 ? LongVector.SPECIES_512 : LongVector.SPECIES_256;
  /** Doubles a vector holds: 8 or 4. */
  public static final int WIDTH = DOUBLES.length();

  private Species() {}
}
