package org.ayni.trace.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The feed's positions as ranges: every position back, in texts no longer than allowed. */
class EventFeedTests {

  @Test
  void positionsTravelAsRangesAndComeBackAllOfThem() {
    assertThat(EventFeed.encode(List.of(5L, 6L, 7L, 9L, 11L, 12L), 100))
        .containsExactly("5-7,9,11-12");
    assertThat(EventFeed.encode(List.of(), 100)).isEmpty();
    assertThat(EventFeed.decode("5-7,9,11-12")).containsExactly(5L, 6L, 7L, 9L, 11L, 12L);
    assertThat(EventFeed.decode("42")).containsExactly(42L);
  }

  @Test
  void interleavedPositionsAreSplitIntoTextsThatFitTheColumn() {
    // every other position, as two transactions taking positions at once would leave them
    List<Long> seqs = LongStream.range(0, 5000).map(i -> 1_000_000_000L + 2 * i).boxed().toList();
    List<String> texts = EventFeed.encode(seqs, 1000);
    assertThat(texts)
        .hasSizeGreaterThan(1)
        .allSatisfy(t -> assertThat(t).hasSizeLessThanOrEqualTo(1000));
    List<Long> back = new ArrayList<>();
    texts.forEach(t -> back.addAll(EventFeed.decode(t)));
    assertThat(back).isEqualTo(seqs);
  }
}
