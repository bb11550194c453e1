package org.ayni.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PageResultTests {

  @Test
  void aPageAfterTheLastSaysSoAndLeadsBackToTheLast() {
    PageResult<String> beyond = new PageResult<>(List.of(), 5, 25, 30);
    assertThat(beyond.totalPages()).isEqualTo(2);
    assertThat(beyond.beyondLast()).isTrue();
    assertThat(beyond.hasNext()).isFalse();
    assertThat(beyond.previousPage()).isEqualTo(1);

    PageResult<String> second = new PageResult<>(List.of("x"), 1, 25, 30);
    assertThat(second.beyondLast()).isFalse();
    assertThat(second.previousPage()).isZero();
  }
}
