package org.ayni.trace.epcis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import org.ayni.trace.internal.EventFilter;
import org.junit.jupiter.api.Test;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** A page token serves the query that made it, and only that one. */
class PageTokenTests {

  private static MultiValueMap<String, String> parameters(String... pairs) {
    MultiValueMap<String, String> map = new LinkedMultiValueMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.add(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  private static EpcisQueryParameters.Query parse(
      MultiValueMap<String, String> parameters, List<EventFilter.Criterion> fixed) {
    return EpcisQueryParameters.parse(parameters, fixed, EpcisContext.STANDARD);
  }

  @Test
  void theFingerprintIsTheQuerysWhateverTheOrderOfItsParametersAndSets() {
    LinkedHashSet<String> roles = new LinkedHashSet<>(List.of("epc", "parent", "child"));
    LinkedHashSet<String> reversed = new LinkedHashSet<>(roles.reversed());
    List<EventFilter.Criterion> fixed = List.of(new EventFilter.Epcs(roles, List.of("urn:x:1")));
    List<EventFilter.Criterion> same = List.of(new EventFilter.Epcs(reversed, List.of("urn:x:1")));
    var a = parse(parameters("EQ_bizStep", "shipping", "EQ_action", "ADD", "perPage", "2"), fixed);
    var b = parse(parameters("EQ_action", "ADD", "EQ_bizStep", "shipping", "perPage", "9"), same);
    assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
    var other = parse(parameters("EQ_bizStep", "shipping", "EQ_action", "ADD"), List.of());
    assertThat(other.fingerprint()).isNotEqualTo(a.fingerprint());

    String token = EpcisQueryParameters.token(a, OffsetDateTime.now(), 42, 2);
    MultiValueMap<String, String> next =
        parameters("EQ_action", "ADD", "EQ_bizStep", "shipping", "nextPageToken", token);
    assertThat(parse(next, same).returned()).as("the same query, its next page").isEqualTo(2);
    assertThatThrownBy(() -> parse(next, List.of()))
        .as("another resource's query")
        .isInstanceOfSatisfying(
            EpcisException.class,
            e -> assertThat(e.type()).isEqualTo(EpcisException.Type.QueryParameterException));
  }
}
