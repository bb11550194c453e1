package org.ayni.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.ayni.registry.OrganisationKind;
import org.ayni.support.AyniIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The demo data holds the seed article's organisations, with members and plots where they work. */
@AyniIntegrationTest
class DemoDataTests {

  @Autowired JdbcClient jdbc;

  @Test
  void theFiveOrganisationsAndTdcWithTheirBaseOrganisationsExist() {
    assertThat(codes("select code from organisation where parent_id is null"))
        .contains("cepicafe", "agroandino", "citeindigena", "royal-knit", "red-social", "tdc");
    assertThat(DemoOrganisations.ALL.stream().filter(o -> o.code().equals("cepicafe")).findFirst())
        .hasValueSatisfying(cepicafe -> assertThat(cepicafe.children()).hasSize(9));
    for (DemoOrganisations.Org org : DemoOrganisations.ALL) {
      for (DemoOrganisations.Org child : org.children()) {
        assertThat(parentOf(child.code())).as("parent of %s", child.code()).isEqualTo(org.code());
        // an association is not typed a co-operative, whatever its central is
        if (child.name().startsWith("Asociación")) {
          assertThat(child.kind()).as(child.name()).isNotEqualTo(OrganisationKind.COOPERATIVE);
        }
      }
    }
  }

  @Test
  void everyProducerOrganisationHasMembersAndTheirUnitsLieInTheirRegion() {
    // Rough latitude/longitude boxes of the regions named in the seed.
    Map<String, double[]> regions =
        Map.of(
            "cepicafe", new double[] {-5.6, -4.4, -80.4, -79.4},
            "agroandino", new double[] {-7.8, -6.7, -78.95, -77.9},
            "citeindigena", new double[] {-8.4, -7.8, -74.9, -74.2},
            "royal-knit", new double[] {-15.5, -13.5, -71.6, -70.2},
            "red-social", new double[] {-16.4, -14.2, -74.4, -72.5});
    regions.forEach(
        (code, box) -> {
          long members =
              jdbc.sql(
                      """
                      select count(*) from member m join organisation o on o.id = m.organisation_id
                      left join organisation p on p.id = o.parent_id
                      where (o.code = ? or p.code = ?)""")
                  .params(code, code)
                  .query(Long.class)
                  .single();
          assertThat(members).as("members of %s", code).isGreaterThanOrEqualTo(20);
          List<double[]> centroids =
              jdbc.sql(
                      """
                      select u.centroid_lat, u.centroid_lon from production_unit u
                      join production_unit_version v on v.production_unit_id = u.id and v.version = 1
                      join organisation o on o.id = u.organisation_id
                      left join organisation p on p.id = o.parent_id
                      where (o.code = ? or p.code = ?) and v.recorded_by = 'system'
                      """)
                  .params(code, code)
                  .query((rs, n) -> new double[] {rs.getDouble(1), rs.getDouble(2)})
                  .list();
          assertThat(centroids).as("units of %s", code).isNotEmpty();
          assertThat(centroids)
              .allSatisfy(
                  c -> {
                    assertThat(c[0]).as("latitude in %s", code).isBetween(box[0], box[1]);
                    assertThat(c[1]).as("longitude in %s", code).isBetween(box[2], box[3]);
                  });
        });
  }

  @Test
  void plotsHavePolygonsWithComputedAreasAndTheRegistryKeepsSomeHistory() {
    long polygons =
        jdbc.sql(
                "select count(*) from production_unit where geometry_kind = 'POLYGON' and computed_area_ha > 0")
            .query(Long.class)
            .single();
    assertThat(polygons).isGreaterThan(100);
    assertThat(jdbc.sql("select count(distinct status) from member").query(Long.class).single())
        .isEqualTo(3);
    assertThat(jdbc.sql("select count(*) from certificate").query(Long.class).single())
        .isGreaterThanOrEqualTo(8);
  }

  private List<String> codes(String sql) {
    return jdbc.sql(sql).query(String.class).list();
  }

  private String parentOf(String code) {
    return jdbc.sql(
            "select p.code from organisation c join organisation p on p.id = c.parent_id "
                + "where c.code = ?")
        .param(code)
        .query(String.class)
        .single();
  }
}
