package org.ayni.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.ayni.demo.DemoUsers;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The start page sums up the user's organisations, and only theirs. */
@AyniIntegrationTest
class HomePageTests {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  @Test
  void showsTheFiguresOfTheUsersOrganisationsOnly() {
    String page = Http.session(port, "cepicafe.auditor", DemoUsers.PASSWORD).get("/").body();
    long active =
        jdbc.sql(
                """
                select count(*) from member m join organisation o on o.id = m.organisation_id
                where o.code = 'cepicafe-chulucanas' and m.status = 'ACTIVE'""")
            .query(Long.class)
            .single();
    String row =
        page.substring(
            page.indexOf("Asociación de Productores de Cacao Blanco de Chulucanas"),
            page.indexOf(
                "</tr>", page.indexOf("Asociación de Productores de Cacao Blanco de Chulucanas")));
    assertThat(row).contains(">" + active + "<");
    assertThat(page).doesNotContain("AgroAndino").doesNotContain("Citeindigena");
  }
}
