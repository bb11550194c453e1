package org.ayni.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.ayni.demo.DemoUsers;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One name, one place, when a rename and a form's first writing of the name cross: the database
 * keeps two of an organisation's places from having one name (as forms write it), and the one that
 * comes second names the first's place or is refused beside the name (review of 2026-12-07b, 4).
 */
@AyniIntegrationTest
class PlaceNameRaceTests {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired DataSource dataSource;
  @Autowired JdbcClient jdbc;

  TraceFixtures f;
  Http api;

  @BeforeEach
  void setUp() {
    f = TraceFixtures.create(context);
    api = Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD);
  }

  @Test
  void aNameWrittenWhileAnotherPlaceIsRenamedToItNamesThatPlace() throws Exception {
    String renamed = location(delivery("RA-" + f.tag, "Almacen Uno " + f.tag));
    String name = "Bodega Sur " + f.tag;

    try (Connection renaming = dataSource.getConnection()) {
      // a rename as Places.rename makes it, checked and written, not committed yet
      renaming.setAutoCommit(false);
      try (PreparedStatement update =
          renaming.prepareStatement(
              "update trace_place set name = ?, name_key = ?"
                  + " where organisation_id = ? and location = ?")) {
        update.setString(1, name);
        update.setString(2, TraceIds.slug(name));
        update.setObject(3, f.cepicafe);
        update.setString(4, renamed);
        assertThat(update.executeUpdate()).isOne();
      }
      CompletableFuture<String> delivery =
          CompletableFuture.supplyAsync(() -> delivery("RB-" + f.tag, "bodega sur " + f.tag));
      LockWaits.awaitBlocked(jdbc, delivery, "insert into trace_place");
      renaming.commit();
      delivery.get(30, TimeUnit.SECONDS);
    }

    assertThat(location("RB-" + f.tag))
        .as("the place that has the name now, not a second place of that name")
        .isEqualTo(renamed);
    assertThat(placesNamed(name)).isOne();
  }

  @Test
  void aRenameToANameFirstWrittenMeanwhileIsRefusedBesideTheName() throws Exception {
    String place = location(delivery("RC-" + f.tag, "Almacen Dos " + f.tag));
    String name = "Bodega Este " + f.tag;
    Map<String, Object> rename = new HashMap<>();
    rename.put("organisationId", f.cepicafe);
    rename.put("location", place);
    rename.put("name", name);

    Http.Response refused;
    try (Connection writing = dataSource.getConnection()) {
      // a form's first writing of the name as Places.location keeps it, not committed yet
      writing.setAutoCommit(false);
      try (PreparedStatement insert =
          writing.prepareStatement(
              "insert into trace_place (organisation_id, location, name, name_key)"
                  + " values (?, ?, ?, ?)")) {
        insert.setObject(1, f.cepicafe);
        insert.setString(2, TraceIds.location("cepicafe", name));
        insert.setString(3, name);
        insert.setString(4, TraceIds.slug(name));
        insert.executeUpdate();
      }
      CompletableFuture<Http.Response> renaming =
          CompletableFuture.supplyAsync(() -> api.post("/api/v1/places/name", rename));
      LockWaits.awaitBlocked(jdbc, renaming, "update trace_place");
      writing.commit();
      refused = renaming.get(30, TimeUnit.SECONDS);
    }

    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    assertThat(refused.json().path("errors").get(0).path("field").asString()).isEqualTo("name");
    assertThat(refused.json().path("errors").get(0).path("code").asString())
        .isEqualTo("trace.place.name-taken");
    assertThat(placesNamed(name)).isOne();
    assertThat(
            jdbc.sql("select name from trace_place where location = ?")
                .param(place)
                .query(String.class)
                .single())
        .isEqualTo("Almacen Dos " + f.tag);
  }

  private String delivery(String code, String location) {
    Map<String, Object> receipt = f.receipt(f.memberA, f.plotA1, code, 40);
    receipt.put("location", location);
    Http.Response created = api.post("/api/v1/trace/receipts", receipt);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return code;
  }

  private String location(String code) {
    return jdbc.sql("select location from lot where code = ?")
        .param(code)
        .query(String.class)
        .single();
  }

  private long placesNamed(String name) {
    return jdbc.sql("select count(*) from trace_place where organisation_id = ? and name = ?")
        .params(f.cepicafe, name)
        .query(Long.class)
        .single();
  }
}
