package org.ayni.trace.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The equivalent quantity of a share (share × quantity, 3 decimals, more for small ones, half up)
 * computed in double where that is safe gives exactly what the BigDecimal product gives, value and
 * scale, for random shares and quantities and for products on a rounding boundary; small ones keep
 * four significant digits, and a share of 1 is the whole quantity.
 */
class TraceAssemblyEquivalentTests {

  private static BigDecimal exact(double share, BigDecimal quantity) {
    if (share == 1.0) {
      return quantity.stripTrailingZeros();
    }
    return BigDecimal.valueOf(share)
        .multiply(quantity)
        .setScale(TraceAssembly.scaleOf(share * quantity.doubleValue()), RoundingMode.HALF_UP)
        .stripTrailingZeros();
  }

  @Test
  void smallQuantitiesKeepFourSignificantDigitsAndAWholeShareIsTheWholeQuantity() {
    // 0.4 g of gold in tonnes, and a share of a delivery of 12.5 g in kilograms
    assertThat(TraceAssembly.equivalent(1.0, new BigDecimal("0.0004")))
        .isEqualByComparingTo("0.0004");
    assertThat(TraceAssembly.equivalent(0.5, new BigDecimal("0.0008")))
        .isEqualByComparingTo("0.0004");
    assertThat(TraceAssembly.equivalent(1.0, new BigDecimal("0.0125")))
        .isEqualByComparingTo("0.0125");
    assertThat(TraceAssembly.equivalent(0.5, new BigDecimal("0.025")))
        .isEqualByComparingTo("0.0125");
    assertThat(TraceAssembly.equivalent(1.0, new BigDecimal("12.345678")))
        .isEqualByComparingTo("12.345678");
    assertThat(TraceAssembly.equivalent(1 / 3.0, new BigDecimal("100"))).isEqualTo("33.333");
    assertThat(TraceAssembly.equivalent(1 / 3.0, new BigDecimal("1"))).isEqualTo("0.3333");
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
