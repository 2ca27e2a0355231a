package phasesweep.kernels.theory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import phasesweep.kernels.EnumIds;
import phasesweep.kernels.Parameter;
import phasesweep.kernels.model.Activation;
import phasesweep.kernels.model.Constraint;
import phasesweep.kernels.model.Loss;
import phasesweep.kernels.model.Region;

/**
 * The theories a sweep's runs are judged against, an open set like the kernels: each says which
 * settings it speaks of, its plane (axes, regions, boundaries), its time unit, and the law it
 * states for each quantity, with its source (docs/physics.md §5.1). The analysis and the figures
 * iterate them and never name one; a new theory is a new constant here.
 */
public enum Theory {
  /**
   * The lecture's phase diagram of one-pass SGD in the {@code (kappa, delta)} plane: R. Veiga,
   * L. Stephan, B. Loureiro, F. Krzakala, L. Zdeborová, NeurIPS 2022 (arXiv:2202.00293), with
   * this project's extension to mini-batches (docs/physics.md §3.1).
   */
  VEIGA2022("Veiga, Stephan, Loureiro, Krzakala, Zdeborová, NeurIPS 2022 (arXiv:2202.00293)",
      new Plane(Parameter.DELTA, Parameter.KAPPA, List.of(
          new Boundary("κ + δ = −β", Region::blueLine),
          new Boundary("κ + δ = −(1 + min(β, 1))/2", Region::redBoundary)))) {

    @Override
    public String outOfScope(Settings s) {
      if (!s.is(Parameter.LOSS, Loss.SQUARE) || !s.is(Parameter.CONSTRAINT, Constraint.NONE)) {
        return "veiga2022 speaks of the square loss with free norms, not of loss " + Parameter.text(s.get(Parameter.LOSS))
            + " with constraint " + Parameter.text(s.get(Parameter.CONSTRAINT));
      }
      int teacher = s.activation(Parameter.TEACHER_ACTIVATION).informationExponent();
      if (teacher != 1) {
        return "veiga2022 speaks of teachers of information exponent 1, whose overlaps leave a random start "
            + "in a time of order one; " + s.activation(Parameter.TEACHER_ACTIVATION).id() + " has "
            + (teacher == Integer.MAX_VALUE ? "none" : String.valueOf(teacher));
      }
      return null;
    }

    @Override
    public Region region(Settings s) {
      return Region.of(s.number(Parameter.KAPPA), s.number(Parameter.DELTA), s.number(Parameter.BETA));
    }


    @Override
    public List<Law> laws(Settings s) {
      double kappa = s.number(Parameter.KAPPA);
      double delta = s.number(Parameter.DELTA);
      double beta = s.number(Parameter.BETA);
      double sum = kappa + delta;
      Region region = region(s);
      List<Law> laws = new ArrayList<>();
      switch (region) {
        case GREEN -> {
          laws.add(new Law(Quantity.RISK, Law.Kind.EQUALS, 0.0 - (sum + beta), 0.0, true, true,
              "perfect learning: the residual risk ~ gamma Delta/(p b) ~ d^-(κ+δ+β) vanishes",
              "Veiga et al. 2022, green region (R_inf ~ d^-delta); docs/physics.md §3, §3.1"));
          laws.addAll(drift(sum, beta, false));
        }
        case BLUE -> {
          laws.add(new Law(Quantity.RISK, Law.Kind.EQUALS, 0.0, Double.NaN, true, true,
              "the plateau line: the risk settles on a plateau ~ gamma Delta/p independent of d",
              "Veiga et al. 2022, blue line (Saad and Solla's regime); docs/physics.md §3"));
          laws.addAll(drift(sum, beta, false));
        }
        case ORANGE -> {
          laws.add(new Law(Quantity.WEAK_RECOVERY, Law.Kind.ABOVE, 1 + 2 * sum + beta, Double.NaN, true, false,
              "bad learning: M is frozen on the orange time scale dt = d^-(1+2(κ+δ)+β), so the samples to "
                  + "weak recovery grow faster than the d^(1+2(κ+δ)+β) of a unit of that time",
              "Veiga et al. 2022, orange region (the limit ODE keeps the noise term only); docs/physics.md §3, §5.1"));
          if (beta == 0) {
            laws.add(new Law(Quantity.LIMIT_DISTANCE, Law.Kind.EQUALS, -(0.5 + sum), Double.NaN, false, false,
                "strong finite-size effects: |Omega - Omega_bar| ~ log d / d^(1/2+κ+δ)",
                "Veiga et al. 2022, orange region; docs/physics.md §5"));
          }
        }
        case RED -> laws.add(new Law(Quantity.DIVERGENCE, Law.Kind.DIVERGES, Double.NaN, Double.NaN, true, false,
            "no ODE: a step's noise is not small, SGD does not concentrate and its norms blow up",
            "Veiga et al. 2022, red region (κ+δ <= -1/2); docs/physics.md §3, §3.1"));
        default -> throw new IllegalStateException(region.toString());
      }
      return laws;
    }

    /**
     * The drift's laws in green and blue: one unit of time is {@code d^(1 + κ + δ)} steps
     * (docs/physics.md §3), so reaching a risk, or a cosine of 1/2, takes that many steps.
     */
    private List<Law> drift(double sum, double beta, boolean signature) {
      String source = "Veiga et al. 2022, the fundamental trade-off n ~ d^(1+δ); docs/physics.md §3.1, §5";
      List<Law> laws = new ArrayList<>();
      laws.add(new Law(Quantity.SAMPLES, Law.Kind.EQUALS, 1 + sum + beta, Double.NaN, signature, false,
          "the samples to reach a risk grow as d^(1+κ+δ+β)", source));
      laws.add(new Law(Quantity.STEPS, Law.Kind.EQUALS, 1 + sum, Double.NaN, signature, false,
          "the steps to reach a risk grow as d^(1+κ+δ)", source));
      laws.add(new Law(Quantity.WEAK_RECOVERY, Law.Kind.EQUALS, 1 + sum + beta, Double.NaN, signature, false,
          "the samples to weak recovery grow as d^(1+κ+δ+β) (time of order one)", source));
      return laws;
    }
  },

  /**
   * The sample complexity of spherical online SGD on a single-index target: G. Ben Arous,
   * R. Gheissari, A. Jagannath, "Online stochastic gradient descent on non-convex losses from
   * high-dimensional inference", JMLR 22 (2021). With the information exponent {@code k*} of the
   * link and a learning rate {@code gamma ~ d^-max(0, (k* - 2)/2)}, SGD started at an overlap
   * {@code ~ d^-1/2} weakly recovers the direction after {@code n ~ d} samples for {@code k* = 1},
   * {@code d log d} for {@code k* = 2} and {@code d^(k* - 1)} for {@code k* >= 3} (docs/physics.md §5.3).
   */
  BENAROUS2021("Ben Arous, Gheissari, Jagannath, JMLR 22 (2021) (arXiv:2003.10409)",
      new Plane(Parameter.DELTA, Parameter.KAPPA, List.of())) {

    @Override
    public String outOfScope(Settings s) {
      Activation link = s.activation(Parameter.TEACHER_ACTIVATION);
      int kStar = link.informationExponent();
      String notSingleIndex = sphericalSingleIndex(s);
      if (notSingleIndex != null) {
        return notSingleIndex;
      }
      if (kStar == Integer.MAX_VALUE) {
        return "benarous2021 needs an information exponent; " + link.id() + " has none";
      }
      if (s.number(Parameter.BETA) != 0 || s.number(Parameter.B0) != 1) {
        return "benarous2021 speaks of online SGD, one sample a step (b0 = 1, beta = 0)";
      }
      double delta = learningRateExponent(kStar);
      if (Math.abs(s.number(Parameter.DELTA) - delta) > Region.BOUNDARY_TOLERANCE) {
        return String.format("benarous2021 speaks of gamma ~ d^-max(0, (k*-2)/2), delta = %s for %s (k* = %d), "
            + "not delta = %s", Parameter.display(delta), link.id(), kStar, Parameter.display(s.number(Parameter.DELTA)));
      }
      if (kStar % 2 == 1 && kStar >= 3 && !(s.number(Parameter.M0) > 0)) {
        return "benarous2021 at odd k* >= 3 needs a start on the teacher's side (m0 > 0): from a random start half "
            + "the runs go to the opposite pole";
      }
      return null;
    }

    /** {@code delta = max(0, (k* - 2)/2)}: the largest learning rate whose noise does not undo the drift near the equator. */
    private double learningRateExponent(int kStar) {
      return Math.max(0, (kStar - 2) / 2.0);
    }

    @Override
    public List<Law> laws(Settings s) {
      int kStar = s.activation(Parameter.TEACHER_ACTIVATION).informationExponent();
      String source = "Ben Arous, Gheissari, Jagannath 2021, the sample thresholds of online SGD (arXiv:2003.10409 §1; k* = " + kStar
          + "); docs/physics.md §5.3";
      Law law = switch (kStar) {
        case 1 -> new Law(Quantity.WEAK_RECOVERY, Law.Kind.EQUALS, 1, Double.NaN, true, false,
            "k* = 1: the samples to weak recovery grow as d", source);
        case 2 -> new Law(Quantity.WEAK_RECOVERY, Law.Kind.EQUALS, 1, Double.NaN, true, false,
            "k* = 2: the samples to weak recovery grow as d log d", source, 1);
        default -> new Law(Quantity.WEAK_RECOVERY, Law.Kind.EQUALS, kStar - 1, Double.NaN, true, false,
            "k* = " + kStar + ": the samples to weak recovery grow as d^(k*-1) = d^" + (kStar - 1), source);
      };
      return List.of(law);
    }
  },


  /**
   * The batch-size / time plane of online SGD on a single-index target: L. Arnaboldi, Y. Dandi,
   * F. Krzakala, B. Loureiro, L. Pesce, L. Stephan, "Online learning and information exponents: on
   * the importance of batch size, and time/complexity tradeoffs", ICML 2024 (arXiv:2406.02157).
   * With {@code b = d^mu} samples a step and the learning rate their scaling gives (for the square
   * loss capped at {@code mu = l/2}), SGD on a link
   * of information exponent {@code l} weakly recovers the direction after {@code T = d^theta}
   * steps, {@code theta = max(l - 1 - mu, l/2 - 1)} with the square loss and
   * {@code max(l - 1 - mu, 0)} with the correlation loss (docs/physics.md §5.4).
   */
  ARNABOLDI2024("Arnaboldi, Dandi, Krzakala, Loureiro, Pesce, Stephan, ICML 2024 (arXiv:2406.02157)",
      new Plane(Parameter.BETA, null, List.of())) {

    @Override
    public String outOfScope(Settings s) {
      Activation link = s.activation(Parameter.TEACHER_ACTIVATION);
      int l = link.informationExponent();
      String notSingleIndex = sphericalSingleIndex(s);
      if (notSingleIndex != null) {
        return notSingleIndex;
      }
      if (l == Integer.MAX_VALUE || l < 3) {
        return "arnaboldi2024's laws are pure powers of d for an information exponent l >= 3; " + link.id() + " has "
            + (l == Integer.MAX_VALUE ? "none" : String.valueOf(l));
      }
      if (s.number(Parameter.B0) != 1) {
        return "arnaboldi2024 speaks of a batch d^mu: b0 = 1, mu = beta";
      }
      double mu = s.number(Parameter.BETA);
      boolean correlation = s.is(Parameter.LOSS, Loss.CORRELATION);
      double delta = learningRateExponent(l, mu, correlation);
      if (Math.abs(s.number(Parameter.DELTA) - delta) > Region.BOUNDARY_TOLERANCE) {
        return String.format("arnaboldi2024 speaks of the learning rate gamma ~ d^(1 + mu - l/2), delta = l/2 - 1 - mu%s"
            + " = %s for %s (l = %d) at mu = %s with the %s loss, not delta = %s", correlation ? "" : " (mu capped at l/2)",
            Parameter.display(delta), link.id(), l, Parameter.display(mu), correlation ? "correlation" : "square",
            Parameter.display(s.number(Parameter.DELTA)));
      }
      if (l % 2 == 1 && !(s.number(Parameter.M0) > 0)) {
        return "arnaboldi2024 at odd l needs a start on the teacher's side (m0 > 0): from a random start half the "
            + "runs go to the opposite pole";
      }
      return null;
    }

    /**
     * {@code delta = l/2 - 1 - mu}: their step {@code eta ~ d^(mu - l/2)} on unit vectors is
     * {@code gamma / (p d)} here, whose weights have norm {@code sqrt d}. With the square loss
     * {@code mu} is capped at {@code l/2}, where {@code eta} is of order one: beyond it the loss'
     * own term {@code -f sigma' x}, radial, outweighs the weights and flips the student at every
     * step, so the drift of two steps cancels (measured: he3 at {@code mu = 2} never recovered at
     * {@code eta ~ d^(1/2)}); the paper's point is that larger batches no longer pay there
     * (docs/physics.md §5.4).
     */
    private double learningRateExponent(int l, double mu, boolean correlation) {
      return l / 2.0 - 1 - (correlation ? mu : Math.min(mu, l / 2.0));
    }

    @Override
    public List<Law> laws(Settings s) {
      int l = s.activation(Parameter.TEACHER_ACTIVATION).informationExponent();
      double mu = s.number(Parameter.BETA);
      boolean correlation = s.is(Parameter.LOSS, Loss.CORRELATION);
      double theta = timeExponent(l, mu, correlation);
      String source = "Arnaboldi et al. 2024, the time to weak recovery with a batch d^mu (arXiv:2406.02157; l = " + l
          + ", " + (correlation ? "correlation" : "square") + " loss); docs/physics.md §5.4";
      String statement = String.format("steps to weak recovery ~ d^theta, theta = max(l - 1 - mu, %s) = %s, so "
          + "samples ~ d^(theta + mu) = d^%s", correlation ? "0" : "l/2 - 1", Parameter.display(theta),
          Parameter.display(theta + mu));
      return List.of(new Law(Quantity.WEAK_RECOVERY, Law.Kind.EQUALS, theta + mu, Double.NaN, true, false, statement,
          source));
    }

    @Override
    public ExponentPlane exponentPlane() {
      return new ExponentPlane(Parameter.BETA, List.of(Parameter.DELTA), "μ   (batch b = d^μ)",
          "θ   (steps to weak recovery ~ d^θ)", Quantity.WEAK_RECOVERY, (s, b) -> b - s.number(Parameter.BETA),
          List.of(new Curve("square loss: θ = max(l − 1 − μ, l/2 − 1)", (s, mu) -> timeExponent(l(s), mu, false)),
              new Curve("correlation loss: θ = max(l − 1 − μ, 0)", (s, mu) -> timeExponent(l(s), mu, true))));
    }

    private int l(Settings s) {
      return s.activation(Parameter.TEACHER_ACTIVATION).informationExponent();
    }

    /** {@code max(l - 1 - mu, l/2 - 1)} (square loss) or {@code max(l - 1 - mu, 0)} (correlation loss). */
    private double timeExponent(int l, double mu, boolean correlation) {
      return Math.max(l - 1 - mu, correlation ? 0 : l / 2.0 - 1);
    }
  };

  /**
   * A plane whose vertical axis is a law's exponent rather than a parameter: the theory's
   * exponent as a function of one parameter ({@code across}, with the parameters its scope ties
   * to it), drawn as curves, and each group's fitted exponent as a point (docs/physics.md §5.1).
   *
   * @param across the parameter along the horizontal axis
   * @param tied parameters that move with {@code across} in the theory's scope (not panels of their own)
   * @param acrossLabel the horizontal axis' label
   * @param upLabel the vertical axis' label
   * @param quantity the quantity whose fitted exponent is drawn
   * @param up the vertical coordinate of a fitted exponent at these settings
   * @param curves the theory's lines, as functions of {@code across}
   */
  public record ExponentPlane(Parameter across, List<Parameter> tied, String acrossLabel, String upLabel,
      Quantity quantity, java.util.function.ToDoubleBiFunction<Settings, Double> up, List<Curve> curves) {}

  /** A line of an {@link ExponentPlane}: its label and its height at a value of the plane's {@code across}. */
  public record Curve(String label, java.util.function.ToDoubleBiFunction<Settings, Double> at) {}

  /** A theory's plane: the axes of its phase diagram (across, up) and the lines between its regions. */
  public record Plane(Parameter across, Parameter up, List<Boundary> boundaries) {}

  /** A boundary {@code kappa + delta = sum(beta)}, with its label. */
  public record Boundary(String label, java.util.function.DoubleUnaryOperator sum) {
    /** The line's {@code kappa + delta} at {@code beta}. */
    public double sumAt(double beta) {
      return sum.applyAsDouble(beta);
    }
  }

  private final String source;
  private final Plane plane;

  Theory(String source, Plane plane) {
    this.source = source;
    this.plane = plane;
  }

  /**
   * Null for spherical SGD of a single index whose student is the link (the information-exponent
   * theories' setting: {@code constraint: sphere}, {@code p = k = 1}, the student's activation the
   * teacher's), else why these settings are not, in this theory's name.
   */
  String sphericalSingleIndex(Settings s) {
    Activation link = s.activation(Parameter.TEACHER_ACTIVATION);
    if (!s.is(Parameter.CONSTRAINT, Constraint.SPHERE)) {
      return id() + " speaks of spherical SGD (constraint: sphere)";
    }
    if (s.number(Parameter.K) != 1 || s.number(Parameter.KAPPA) != 0 || Math.round(s.number(Parameter.P0)) != 1) {
      return id() + " speaks of a single index: p = k = 1 (kappa = 0, p0 = 1)";
    }
    if (s.activation(Parameter.ACTIVATION) != link) {
      return id() + " speaks of a student with the teacher's link, not " + s.activation(Parameter.ACTIVATION).id()
          + " learning " + link.id();
    }
    return null;
  }

  /** Null if the theory speaks of runs with these settings, else why it does not (one line). */
  public abstract String outOfScope(Settings s);

  /**
   * The region of the plane these settings lie in (for settings in scope); null (the default) for
   * a theory whose plane has none: it states one law for every point it speaks of.
   */
  public Region region(Settings s) {
    return null;
  }

  /**
   * The time of one step at {@code d}: the task's own time unit (docs/physics.md §3, §3.1), which
   * every theory here uses (a law about samples or steps is the same whatever unit t counts).
   */
  public double timeScale(int d, Settings s) {
    double kappa = s.number(Parameter.KAPPA);
    double delta = s.number(Parameter.DELTA);
    double beta = s.number(Parameter.BETA);
    return Region.of(kappa, delta, beta).timeScale(d, kappa, delta, beta);
  }

  /** The laws the theory states at these settings (in scope), one a quantity. */
  public abstract List<Law> laws(Settings s);

  /** The plane whose vertical axis is an exponent, for a theory that draws one; null for the others. */
  public ExponentPlane exponentPlane() {
    return null;
  }

  /** The law for {@code q} at these settings, or null if the theory states none. */
  public Law law(Quantity q, Settings s) {
    return laws(s).stream().filter(l -> l.quantity() == q).findFirst().orElse(null);
  }

  /** The paper. */
  public String source() {
    return source;
  }

  public Plane plane() {
    return plane;
  }

  public String id() {
    return EnumIds.id(this);
  }

  public static Theory of(String id) {
    return EnumIds.parse(Theory.class, id, "theory");
  }

  /** "veiga2022": every theory's id. */
  public static String ids() {
    return Arrays.stream(values()).map(Theory::id).collect(Collectors.joining(", "));
  }
}
