package org.ayni.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.ayni.demo.DemoUsers;
import org.ayni.support.AyniIntegrationTest;
import org.ayni.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A cacao chain recorded through the operations API — deliveries of two members from three plots,
 * fermentation, drying, a split, a merge into an export lot and its shipment — traced backward to
 * the members and plots with the share each contributes, and forward from a delivery and a member
 * to the shipment. The closure and the recursive-SQL baseline give the same shares.
 */
@AyniIntegrationTest
class TraceChainTests {

  static final double EPS = 1e-9;

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired JdbcClient jdbc;
  @Autowired Lineage lineage;

  TraceFixtures f;
  Http campo;

  @BeforeEach
  void setUp() {
    f = TraceFixtures.create(context);
    campo = Http.basic(port, "cepicafe.campo", DemoUsers.PASSWORD);
  }

  /** Builds the chain; returns the lot ids by short name. */
  Map<String, String> chain() {
    return f.chain(campo);
  }

  @Test
  void theExportLotIsTracedBackToMembersAndPlotsWithTheirShares() {
    Map<String, String> ids = chain();
    JsonNode back = campo.get("/api/v1/lots/" + ids.get("E") + "/backward").json();

    assertThat(back.path("quantity").asDouble()).isEqualTo(105.0);
    Map<String, Double> members = shares(back.path("members"), "memberCode");
    assertThat(members).containsOnlyKeys(f.memberA.memberCode(), f.memberB.memberCode());
    assertThat(members.get(f.memberA.memberCode())).isCloseTo(0.5, within(EPS));
    assertThat(members.get(f.memberB.memberCode())).isCloseTo(0.5, within(EPS));
    Map<String, Double> plots = shares(back.path("plots"), "code");
    assertThat(plots.get(f.plotA1.code())).isCloseTo(1.0 / 6, within(EPS));
    assertThat(plots.get(f.plotA2.code())).isCloseTo(1.0 / 3, within(EPS));
    assertThat(plots.get(f.plotB1.code())).isCloseTo(0.5, within(EPS));
    double receipts = 0;
    for (JsonNode r : back.path("receipts")) {
      receipts += r.path("share").asDouble();
    }
    assertThat(receipts).as("the receipts' shares sum to 1").isCloseTo(1.0, within(EPS));
    assertThat(back.path("receiptShare").asDouble()).isCloseTo(1.0, within(EPS));
    assertThat(back.path("hiddenShare").asDouble()).isZero();

    Map<String, Double> lots = shares(back.path("lots"), "code");
    String t = f.tag;
    assertThat(lots.get("S1A-" + t)).isCloseTo(2.0 / 3, within(EPS));
    assertThat(lots.get("S1-" + t)).isCloseTo(2.0 / 3, within(EPS));
    assertThat(lots.get("F1-" + t)).isCloseTo(2.0 / 3, within(EPS));
    assertThat(lots.get("S2-" + t)).isCloseTo(1.0 / 3, within(EPS));
    assertThat(lots.get("D1-" + t)).isCloseTo(1.0 / 6, within(EPS));
    assertThat(lots.get("D2-" + t)).isCloseTo(0.5, within(EPS));
    assertThat(lots.get("D3-" + t)).isCloseTo(1.0 / 3, within(EPS));
    assertThat(lots).doesNotContainKey("S1B-" + t);
    JsonNode previous = null;
    for (JsonNode lot : back.path("lots")) {
      if (previous != null) {
        int depth = Integer.compare(previous.path("depth").asInt(), lot.path("depth").asInt());
        assertThat(
                depth < 0
                    || depth == 0
                        && previous.path("code").asString().compareTo(lot.path("code").asString())
                            < 0)
            .as("lots listed nearest first, then by code: %s before %s", previous, lot)
            .isTrue();
      }
      previous = lot;
    }
    JsonNode memberB = find(back.path("members"), "memberCode", f.memberB.memberCode());
    assertThat(memberB.path("equivalentQuantity").asDouble()).isEqualTo(52.5);
    assertThat(memberB.path("deliveredQuantity").asDouble()).isEqualTo(300.0);

    UUID export = UUID.fromString(ids.get("E"));
    Map<UUID, LineageShare> closure = lineage.backwardShares(export);
    Map<UUID, LineageShare> recursive = lineage.backwardByRecursiveSql(export);
    assertThat(recursive.keySet()).isEqualTo(closure.keySet()).hasSize(8);
    closure.forEach(
        (lot, share) -> {
          assertThat(recursive.get(lot).share()).isCloseTo(share.share(), within(EPS));
          assertThat(recursive.get(lot).depth()).isEqualTo(share.depth());
        });
  }

  @Test
  void aDeliveryAndAMemberAreTracedForwardToTheShipment() {
    Map<String, String> ids = chain();
    String t = f.tag;
    JsonNode forward = campo.get("/api/v1/lots/" + ids.get("D2") + "/forward").json();
    Map<String, Double> lots = shares(forward.path("lots"), "code");
    assertThat(lots).containsOnlyKeys("F1-" + t, "S1-" + t, "S1A-" + t, "S1B-" + t, "E-" + t);
    assertThat(lots.get("S1B-" + t)).isCloseTo(0.75, within(EPS));
    assertThat(lots.get("E-" + t)).isCloseTo(0.5, within(EPS));
    assertThat(forward.path("shipments")).hasSize(1);
    JsonNode shipment = forward.path("shipments").get(0);
    assertThat(shipment.path("destinationName").asString()).isEqualTo("Chocolatier " + t);
    assertThat(shipment.path("reference").asString()).isEqualTo("inv INV-" + t);
    assertThat(shipment.path("share").asDouble()).isCloseTo(0.5, within(EPS));
    assertThat(shipment.path("equivalentQuantity").asDouble()).isEqualTo(52.5);

    JsonNode member = campo.get("/api/v1/trace/members/" + f.memberA.id() + "/forward").json();
    Map<String, Double> fromA = shares(member.path("lots"), "code");
    assertThat(fromA.get("D1-" + t)).isCloseTo(1.0, within(EPS));
    assertThat(fromA.get("F1-" + t)).isCloseTo(0.25, within(EPS));
    assertThat(fromA.get("E-" + t)).isCloseTo(0.5, within(EPS));
    assertThat(member.path("shipments").get(0).path("share").asDouble())
        .isCloseTo(0.5, within(EPS));

    assertThat(stock(ids.get("D2"))).isZero();
    assertThat(stock(ids.get("S1"))).isZero();
    assertThat(stock(ids.get("S1B"))).isEqualTo(70.0);
    assertThat(stock(ids.get("E"))).isZero();
    JsonNode detail = campo.get("/api/v1/lots/" + ids.get("E")).json();
    assertThat(detail.path("lot").path("identifier").asString())
        .isEqualTo("https://id.gs1.org/01/" + f.dry.gtin() + "/10/E-" + t);
    assertThat(detail.path("shipments")).hasSize(1);
    JsonNode delivery = campo.get("/api/v1/lots/" + ids.get("D1")).json();
    assertThat(delivery.path("lot").path("identifier").asString())
        .isEqualTo("urn:ayni:lot:cepicafe:D1-" + t);
    assertThat(delivery.path("receipts").get(0).path("memberCode").asString())
        .isEqualTo(f.memberA.memberCode());
    assertThat(delivery.path("receipts").get(0).path("productionUnitCode").asString())
        .isEqualTo(f.plotA1.code());
  }

  double stock(String lotId) {
    return campo.get("/api/v1/lots/" + lotId).json().path("lot").path("stock").asDouble();
  }

  static String created(Http.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return response.json().path("lots").get(0).path("id").asString();
  }

  static Map<String, Double> shares(JsonNode list, String key) {
    Map<String, Double> shares = new HashMap<>();
    list.forEach(n -> shares.put(n.path(key).asString(), n.path("share").asDouble()));
    return shares;
  }

  static JsonNode find(JsonNode list, String key, String value) {
    for (JsonNode n : list) {
      if (value.equals(n.path(key).asString())) {
        return n;
      }
    }
    throw new AssertionError("no " + key + " " + value + " in " + list);
  }
}
