package phasesweep.kernels.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import phasesweep.kernels.Parameter;
import phasesweep.kernels.model.Activation;
import phasesweep.kernels.model.Region;

/** The theories' scope, regions and laws (docs/physics.md §5.1), and the information exponents they read. */
class TheoryTest {
  static Settings at(double kappa, double delta, double beta, Activation teacher) {
    Map<Parameter, Object> s = Map.of(Parameter.KAPPA, kappa, Parameter.DELTA, delta, Parameter.BETA, beta,
        Parameter.TEACHER_ACTIVATION, teacher.id());
    return p -> s.getOrDefault(p, p.defaultValue());
  }

  /** Known: the first Hermite coefficient of erf, linear, ReLU is E[g(h) h] != 0; He_n's only one is of degree n. */
  @Test
  void informationExponentsOfTheActivations() {
    assertEquals(1, Activation.ERF.informationExponent());
    assertEquals(1, Activation.LINEAR.informationExponent());
    assertEquals(1, Activation.RELU.informationExponent());
    assertEquals(2, Activation.HE2.informationExponent());
    assertEquals(3, Activation.HE3.informationExponent());
    assertEquals(4, Activation.HE4.informationExponent());
  }

  /** he2 and he4 are even (a unit at -w is the unit at w); the others are not. */
  @Test
  void parityOfTheActivations() {
    for (Activation a : Activation.values()) {
      assertEquals(a == Activation.HE2 || a == Activation.HE4, a.isEven(), a.id());
    }
  }

  /** Spherical single-index SGD at the learning rate the law needs, the student the teacher's link. */
  static Settings spherical(Activation link, double delta, double m0) {
    Map<Parameter, Object> s = new java.util.HashMap<>(Map.of(Parameter.KAPPA, 0.0, Parameter.DELTA, delta,
        Parameter.ACTIVATION, link.id(), Parameter.TEACHER_ACTIVATION, link.id(), Parameter.K, 1, Parameter.P0, 1.0,
        Parameter.CONSTRAINT, "sphere", Parameter.LOSS, "correlation", Parameter.M0, m0));
    return p -> s.getOrDefault(p, p.defaultValue());
  }

  @Test
  void benArousStatesTheSampleThresholdsByInformationExponent() {
    Theory t = Theory.BENAROUS2021;
    Law erf = t.law(Quantity.WEAK_RECOVERY, spherical(Activation.ERF, 0, 1));
    assertEquals(1, erf.exponent());
    assertEquals(0, erf.logPower());
    Law he2 = t.law(Quantity.WEAK_RECOVERY, spherical(Activation.HE2, 0, 1));
    assertEquals(1, he2.exponent());
    assertEquals(1, he2.logPower(), "d log d: fitted as samples / log d");
    assertEquals(1000 / Math.log(1000), he2.fitted(1000, 1000), 1e-12);
    assertEquals(2, t.law(Quantity.WEAK_RECOVERY, spherical(Activation.HE3, 0.5, 1)).exponent());
    assertEquals(3, t.law(Quantity.WEAK_RECOVERY, spherical(Activation.HE4, 1, 1)).exponent());
    assertTrue(t.law(Quantity.WEAK_RECOVERY, spherical(Activation.HE4, 1, 1)).signature());
    assertNull(t.law(Quantity.RISK, spherical(Activation.ERF, 0, 1)), "no law for the risk");
  }

  @Test
  void benArousSpeaksOfSphericalSingleIndexSgdAtItsLearningRate() {
    Theory t = Theory.BENAROUS2021;
    assertNull(t.outOfScope(spherical(Activation.HE3, 0.5, 1)));
    assertNull(t.outOfScope(spherical(Activation.HE4, 1, 0)), "even k*: either pole is the teacher");
    assertNotNull(t.outOfScope(spherical(Activation.HE3, 0, 1)), "he3 needs delta = 1/2");
    assertNotNull(t.outOfScope(spherical(Activation.HE3, 0.5, 0)), "odd k* >= 3 needs m0 > 0");
    Settings free = p -> p == Parameter.CONSTRAINT ? "none" : spherical(Activation.ERF, 0, 1).get(p);
    assertNotNull(t.outOfScope(free), "free norms");
    assertNotNull(t.outOfScope(p -> p == Parameter.K ? 2 : spherical(Activation.ERF, 0, 1).get(p)), "k = 2");
    assertNotNull(t.outOfScope(p -> p == Parameter.ACTIVATION ? "erf" : spherical(Activation.HE2, 0, 1).get(p)),
        "a student other than the link");
    // and the lecture's theory does not speak of the sphere or of the correlation loss
    assertNotNull(Theory.VEIGA2022.outOfScope(spherical(Activation.ERF, 0, 1)));
    assertNull(Theory.VEIGA2022.outOfScope(at(0, 0, 0, Activation.ERF)));
  }

  /** A batch d^mu at the learning rate of arnaboldi2024's scaling, he3, the given loss. */
  static Settings batched(double mu, double delta, String loss) {
    Settings base = spherical(Activation.HE3, delta, 1.5);
    return p -> p == Parameter.BETA ? mu : p == Parameter.LOSS ? loss : base.get(p);
  }

  /**
   * The batch-size / time laws (docs/physics.md §5.4), written out here from the paper: steps to
   * weak recovery {@code d^theta}, {@code theta = max(l-1-mu, l/2-1)} (square) or
   * {@code max(l-1-mu, 0)} (correlation), so samples {@code d^(theta + mu)}.
   */
  @Test
  void arnaboldiStatesTheTimeToWeakRecoveryByBatchSizeAndLoss() {
    Theory t = Theory.ARNABOLDI2024;
    double[][] squareAndCorrelation = {
        // mu, delta (square, capped at l/2 = 1.5), theta square, delta (correlation), theta correlation
        {0, 0.5, 2, 0.5, 2}, {0.5, 0, 1.5, 0, 1.5}, {1, -0.5, 1, -0.5, 1}, {1.5, -1, 0.5, -1, 0.5},
        {2, -1, 0.5, -1.5, 0}};
    for (double[] c : squareAndCorrelation) {
      Settings square = batched(c[0], c[1], "square");
      Settings correlation = batched(c[0], c[3], "correlation");
      assertNull(t.outOfScope(square), "square at mu = " + c[0] + ": " + t.outOfScope(square));
      assertNull(t.outOfScope(correlation), "correlation at mu = " + c[0] + ": " + t.outOfScope(correlation));
      assertEquals(c[2] + c[0], t.law(Quantity.WEAK_RECOVERY, square).exponent(), 1e-12, "square, mu = " + c[0]);
      assertEquals(c[4] + c[0], t.law(Quantity.WEAK_RECOVERY, correlation).exponent(), 1e-12, "corr., mu = " + c[0]);
      Theory.ExponentPlane plane = t.exponentPlane();
      assertEquals(c[2], plane.up().applyAsDouble(square, c[2] + c[0]), 1e-12, "the plane's theta of the samples'");
      assertEquals(c[2], plane.curves().get(0).at().applyAsDouble(square, c[0]), 1e-12);
      assertEquals(c[4], plane.curves().get(1).at().applyAsDouble(correlation, c[0]), 1e-12);
    }
    assertNull(t.region(batched(1, -0.5, "square")), "one law, no regions");
    // out of scope: the uncapped square-loss rate, another learning rate, free norms, a batch prefactor, k* < 3
    assertNotNull(t.outOfScope(batched(2, -1.5, "square")), "the square loss' rate is capped at mu = l/2");
    assertNotNull(t.outOfScope(batched(1, 0, "correlation")));
    assertNotNull(t.outOfScope(p -> p == Parameter.CONSTRAINT ? "none" : batched(1, -0.5, "square").get(p)));
    assertNotNull(t.outOfScope(p -> p == Parameter.B0 ? 2.0 : batched(1, -0.5, "square").get(p)));
    assertNotNull(t.outOfScope(p -> p == Parameter.M0 ? 0.0 : batched(1, -0.5, "square").get(p)), "odd l needs m0 > 0");
    Settings erf = p -> p == Parameter.ACTIVATION || p == Parameter.TEACHER_ACTIVATION ? "erf"
        : batched(1, -0.5, "correlation").get(p);
    assertNotNull(t.outOfScope(erf), "l = 1");
    // at mu = 0 it speaks as benarous2021 does
    Settings online = batched(0, 0.5, "correlation");
    assertNull(Theory.BENAROUS2021.outOfScope(online));
    assertEquals(Theory.BENAROUS2021.law(Quantity.WEAK_RECOVERY, online).exponent(),
        t.law(Quantity.WEAK_RECOVERY, online).exponent());
  }

  @Test
  void veigaSpeaksOfTeachersOfInformationExponentOne() {
    for (Activation a : Activation.values()) {
      String why = Theory.VEIGA2022.outOfScope(at(0, 0, 0, a));
      assertEquals(a.informationExponent() == 1, why == null, a + ": " + why);
    }
  }

  @Test
  void veigaStatesEachRegionsLaw() {
    Theory t = Theory.VEIGA2022;
    // green: the residual vanishes as d^-(kappa + delta + beta), to be told from blue's 0
    Settings green = at(0.25, 0.25, 0.25, Activation.ERF);
    assertEquals(Region.GREEN, t.region(green));
    Law risk = t.law(Quantity.RISK, green);
    assertEquals(Law.Kind.EQUALS, risk.kind());
    assertEquals(-0.75, risk.exponent(), 1e-15);
    assertEquals(0.0, risk.alternative());
    assertTrue(risk.signature() && risk.needsLearning());
    assertEquals(1.75, t.law(Quantity.SAMPLES, green).exponent(), 1e-15);
    assertEquals(1.5, t.law(Quantity.STEPS, green).exponent(), 1e-15);
    // blue: the plateau does not depend on d
    Settings blue = at(0.25, -0.25, 0, Activation.ERF);
    assertEquals(Region.BLUE, t.region(blue));
    assertEquals(0.0, t.law(Quantity.RISK, blue).exponent());
    // orange: no risk exponent; M frozen on the orange time scale
    Settings orange = at(0, -0.25, 0, Activation.ERF);
    assertEquals(Region.ORANGE, t.region(orange));
    assertNull(t.law(Quantity.RISK, orange));
    Law frozen = t.law(Quantity.WEAK_RECOVERY, orange);
    assertEquals(Law.Kind.ABOVE, frozen.kind());
    assertEquals(0.5, frozen.exponent(), 1e-15);
    assertTrue(frozen.signature());
    assertEquals(-0.25, t.law(Quantity.LIMIT_DISTANCE, orange).exponent(), 1e-15);
    // red: divergence
    Settings red = at(0, -0.75, 0, Activation.ERF);
    assertEquals(List.of(Law.Kind.DIVERGES), t.laws(red).stream().map(Law::kind).toList());
    for (Law l : t.laws(green)) {
      assertNotNull(l.source());
      assertTrue(l.source().contains("docs/physics.md"), l.source());
    }
  }

  @Test
  void thePlanesLinesAreTheRegionsBoundaries() {
    List<Theory.Boundary> lines = Theory.VEIGA2022.plane().boundaries();
    for (double beta : new double[] {0, 0.25, 0.5}) {
      assertEquals(Region.blueLine(beta), lines.get(0).sumAt(beta));
      assertEquals(Region.redBoundary(beta), lines.get(1).sumAt(beta));
    }
  }
}
