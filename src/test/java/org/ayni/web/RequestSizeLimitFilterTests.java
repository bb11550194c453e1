package org.ayni.web;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The address's limit must be below the request head's, or no 414 could ever be answered. */
class RequestSizeLimitFilterTests {

  @Test
  void anAddressLimitAtOrAboveTheHeadsDoesNotStart() {
    assertThatThrownBy(
            () -> new RequestSizeLimitFilter(1_000, 131_072, DataSize.ofKilobytes(128), null, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ayni.http.max-uri-length");
    assertThatCode(
            () -> new RequestSizeLimitFilter(1_000, 65_536, DataSize.ofKilobytes(128), null, null))
        .doesNotThrowAnyException();
  }
}
