package org.ayni.trace.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The equivalent quantity of a share (share × quantity, 3 decimals, half up) computed in double
 * where that is safe gives exactly what the BigDecimal product gives, value and scale, for random
 * shares and quantities and for products on a rounding boundary.
 */
class TraceAssemblyEquivalentTests {

  private static BigDecimal exact(double share, BigDecimal quantity) {
    return BigDecimal.valueOf(share)
        .multiply(quantity)
        .setScale(3, RoundingMode.HALF_UP)
        .stripTrailingZeros();
  }

  @Test
  void givesExactlyWhatTheBigDecimalProductGives() {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 200_000; i++) {
      double share =
          switch (i % 4) {
            case 0 -> random.nextDouble();
            case 1 -> 1.0 / (1 + random.nextInt(5000));
            case 2 -> random.nextInt(1000) / 1000.0;
            default -> random.nextDouble() * random.nextDouble() * 1e-3;
          };
      BigDecimal quantity =
          BigDecimal.valueOf(random.nextLong(1, 100_000_000_000L), random.nextInt(7));
      assertThat(TraceAssembly.equivalent(share, quantity))
          .as("%s × %s", share, quantity)
          .isEqualTo(exact(share, quantity));
    }
  }

  @Test
  void productsOnARoundingBoundaryComeOutRight() {
    for (String[] c :
        new String[][] {
          {"0.5", "0.001"}, {"0.25", "0.002"}, {"0.5", "2.001"}, {"0.125", "0.004"},
          {"0.5", "12345.677"}, {"1", "0.0005"}, {"0.1", "0.005"}, {"0.3", "0.005"}
        }) {
      double share = Double.parseDouble(c[0]);
      BigDecimal quantity = new BigDecimal(c[1]);
      assertThat(TraceAssembly.equivalent(share, quantity))
          .as("%s × %s", share, quantity)
          .isEqualTo(exact(share, quantity));
    }
    assertThat(TraceAssembly.equivalent(0.5, null)).isNull();
    assertThat(TraceAssembly.equivalent(0, new BigDecimal("10")))
        .isEqualTo(exact(0, BigDecimal.TEN));
  }
}
