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
