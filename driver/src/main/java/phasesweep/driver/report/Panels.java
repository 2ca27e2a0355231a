package phasesweep.driver.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

/**
 * Lays charts out as a grid of panels and renders the grid to PNG and to SVG: JFreeChart draws
 * into any {@link Graphics2D}, so both come from the same drawing code (headless).
 */
public final class Panels {
  /** One panel's size in pixels. */
  public static final int WIDTH = 520;
  public static final int HEIGHT = 400;
  /** At most this many panels a row. */
  public static final int COLUMNS = 3;

  /** The rendered grid. */
  public record Image(int width, int height, byte[] png, byte[] svg) {}

  private Panels() {}

  public static int columns(int panels) {
    return Math.max(1, Math.min(COLUMNS, panels));
  }

  public static int rows(int panels) {
    return Math.max(1, (panels + COLUMNS - 1) / COLUMNS);
  }

  public static Image render(List<JFreeChart> charts) throws IOException {
    int width = columns(charts.size()) * WIDTH;
    int height = rows(charts.size()) * HEIGHT;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    draw(charts, g, width, height);
    g.dispose();
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(image, "png", png);

    SVGGraphics2D svg = new SVGGraphics2D(width, height);
    draw(charts, svg, width, height);
    return new Image(width, height, png.toByteArray(), svg.getSVGDocument().getBytes(StandardCharsets.UTF_8));
  }

  private static void draw(List<JFreeChart> charts, Graphics2D g, int width, int height) {
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    int columns = columns(charts.size());
    for (int i = 0; i < charts.size(); i++) {
      Rectangle2D area = new Rectangle2D.Double((i % columns) * WIDTH, (i / columns) * HEIGHT, WIDTH, HEIGHT);
      charts.get(i).draw(g, area);
    }
  }
}
