package org.ayni.access.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The content security policy lets the map load tiles from the configured server only. */
class TileSourceTests {

  @Test
  void derivesTheOriginFromTheTileTemplate() {
    assertThat(SecurityConfiguration.tileSource(SecurityConfiguration.OSM_TILES))
        .isEqualTo(" https://*.tile.openstreetmap.org");
    assertThat(SecurityConfiguration.tileSource("http://tiles.coop.pe:8081/{z}/{x}/{y}.png"))
        .isEqualTo(" http://tiles.coop.pe:8081");
    assertThat(SecurityConfiguration.tileSource("")).isEmpty();
  }
}
