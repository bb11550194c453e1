package org.ayni.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SearchTextTests {

  @Test
  void whatTheUserTypedIsFoundLiterallyAnywhereInTheText() {
    assertThat(SearchText.containing("  Yovera ")).isEqualTo("%yovera%");
    assertThat(SearchText.containing("E%1")).isEqualTo("%e\\%1%");
    assertThat(SearchText.containing("ENT_01")).isEqualTo("%ent\\_01%");
    assertThat(SearchText.containing("a\\b")).isEqualTo("%a\\\\b%");
  }
}
