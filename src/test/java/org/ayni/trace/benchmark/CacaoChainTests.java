package org.ayni.trace.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The benchmark's data set has the issue's shape: 10 co-operatives and 10,000 members for 1,000,000
 * events over 5 harvest years, deliveries fermented 50 at a time, 20 dried batches to an export lot
 * (so 1,000 deliveries behind each), export lots shipped to a factory that mixes each into two
 * chocolate batches. The full size is checked by its numbers (generating it would hold a million
 * events' documents in memory); a generated data set of the same shape, read back event by event,
 * by its content.
 */
class CacaoChainTests {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void theIssuesDataSetHasItsSizeAndAThousandDeliveriesBehindEachExportLot() {
    CacaoChain.Config full = CacaoChain.Config.full();
    assertThat(full.events()).isEqualTo(1_000_000);
    assertThat(full.cooperatives()).isEqualTo(10);
    assertThat(full.members()).isEqualTo(10_000);
    assertThat(full.years()).isEqualTo(5);
    assertThat(full.docSize()).isEqualTo(100);
    assertThat(full.deliveriesPerBatch() * full.batchesPerExportLot())
        .isGreaterThanOrEqualTo(1_000);
  }

  @Test
  void aGeneratedDataSetIsTheCacaoChainEventByEvent() {
    CacaoChain.Config config = CacaoChain.Config.scaled("shape-", 7, 30_000);
    CacaoChain.DataSet data = CacaoChain.generate(config);

    int events = 0;
    int deliveries = 0;
    Set<String> members = new HashSet<>();
    Map<String, List<String>> madeOf = new HashMap<>();
    Map<String, Integer> usedBy = new HashMap<>();
    Set<String> delivered = new HashSet<>();
    OffsetDateTime first = OffsetDateTime.parse(config.firstYear() + "-01-01T00:00:00-05:00");
    OffsetDateTime last = first.plusYears(config.years());
    for (CacaoChain.Document d : data.documents()) {
      JsonNode list =
          JSON.readTree(new String(d.json(), StandardCharsets.UTF_8)).at("/epcisBody/eventList");
      assertThat(list.size()).isEqualTo(d.events()).isBetween(1, config.docSize());
      OffsetDateTime previous = null;
      for (JsonNode e : list) {
        events++;
        OffsetDateTime at = OffsetDateTime.parse(e.path("eventTime").asString());
        assertThat(at).isAfterOrEqualTo(first).isBefore(last);
        if (previous != null) {
          assertThat(at).as("a document's events in time order").isAfterOrEqualTo(previous);
        }
        previous = at;
        if ("receiving".equals(e.path("bizStep").asString())
            && "ADD".equals(e.path("action").asString())) {
          deliveries++;
          delivered.add(e.at("/quantityList/0/epcClass").asString());
          members.add(e.at("/sourceList/0/source").asString());
        }
        if ("TransformationEvent".equals(e.path("type").asString())) {
          String out = e.at("/outputQuantityList/0/epcClass").asString();
          for (JsonNode in : e.path("inputQuantityList")) {
            String input = in.path("epcClass").asString();
            madeOf.computeIfAbsent(out, k -> new java.util.ArrayList<>()).add(input);
            usedBy.merge(input, 1, Integer::sum);
          }
        }
      }
    }
    assertThat(events).isEqualTo(config.events()).isEqualTo(data.events());
    assertThat(deliveries).isEqualTo(data.deliveries());
    assertThat(members)
        .hasSizeLessThanOrEqualTo(config.members())
        .hasSizeGreaterThan(config.members() / 2);
    assertThat(data.cooperatives()).hasSize(config.cooperatives());
    assertThat(data.exportLots()).isNotEmpty();

    for (String export : data.exportLots()) {
      assertThat(madeOf.get(export)).as(export).hasSize(config.batchesPerExportLot());
      assertThat(upstreamDeliveries(export, madeOf, delivered))
          .as("deliveries behind %s", export)
          .isEqualTo(config.deliveriesPerBatch() * config.batchesPerExportLot());
    }
    // the factory mixes: export lots go into two chocolate batches each, so lineage is a DAG
    assertThat(data.chocolateLots()).isNotEmpty();
    long mixedIntoTwo =
        data.exportLots().stream().filter(l -> usedBy.getOrDefault(l, 0) == 2).count();
    assertThat(mixedIntoTwo).isGreaterThan(data.exportLots().size() / 2);
    assertThat(data.chocolateLots())
        .anySatisfy(c -> assertThat(madeOf.get(c)).hasSizeGreaterThanOrEqualTo(2));
  }

  /** The deliveries upstream of a lot, through the transformations that made it. */
  private static int upstreamDeliveries(
      String lot, Map<String, List<String>> madeOf, Set<String> delivered) {
    Set<String> seen = new HashSet<>();
    Deque<String> open = new ArrayDeque<>(List.of(lot));
    int found = 0;
    while (!open.isEmpty()) {
      String next = open.pop();
      if (!seen.add(next)) {
        continue;
      }
      if (delivered.contains(next)) {
        found++;
      }
      open.addAll(madeOf.getOrDefault(next, List.of()));
    }
    return found;
  }
}
