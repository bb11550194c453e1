package org.ayni.trace.benchmark;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A deterministic (seeded) cacao data set as EPCIS 2.0 capture documents: co-operatives receive wet
 * cacao from their members (each delivery an ObjectEvent with the member and the production unit as
 * sources), ferment batches of deliveries, dry them, merge dried batches into export lots and ship
 * those to a chocolate factory, which receives them and mixes export lots into chocolate batches
 * (each export lot goes half into one batch and half into the next, so lineage is a DAG).
 *
 * <p>The size is a parameter: {@link Config#full()} is the data set (10 co-operatives,
 * 10,000 members, 1,000,000 events over 5 harvest years, batches of 50 deliveries, export lots of
 * 20 batches); the smoke test uses the same code with a small shape. Every document holds the
 * events of one organisation in time order ({@code docSize} each, the last one of an organisation
 * fewer); events carry no eventID, so capture computes the CBV 2.0 event hash of every one.
 *
 * <p>Documents come in an order that can be captured one after the other; {@link Document#after}
 * names the documents that must be captured before one (the previous document of its organisation
 * and, for the factory, the documents that shipped what it receives), so that several clients can
 * capture in parallel.
 */
public final class CacaoChain {

  /** The wet → fermented yield used (fermentation has no factor: at most 1). */
  static final BigDecimal FERMENTED_YIELD = new BigDecimal("0.88");

  /** The fermented → dry yield used; the platform's cacao factor allows at most 0.40. */
  static final BigDecimal DRY_YIELD = new BigDecimal("0.39");

  /** Chocolate batch out of its inputs (the factory's product has no factor: at most 1). */
  static final BigDecimal CHOCOLATE_YIELD = new BigDecimal("0.97");

  static final String FERMENTING = "https://ayni.org/voc/bizstep/fermenting";
  static final String DRYING = "https://ayni.org/voc/bizstep/drying";
  static final String MERGING = "https://ayni.org/voc/bizstep/merging";

  private static final String OFFSET = "-05:00";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.ofHours(-5));

  /**
   * The shape and size of a data set.
   *
   * @param prefix starts every organisation code (and so every identifier), to keep data sets apart
   * @param events how many events in all (deliveries fill up what whole export lots leave)
   * @param cooperatives producer organisations; a chocolate factory comes on top
   * @param members members in all, spread evenly over the co-operatives, one plot each
   * @param years harvest years, from {@code firstYear}
   * @param deliveriesPerBatch deliveries fermented together
   * @param batchesPerExportLot dried batches merged into one export lot
   * @param docSize events per capture document
   */
  public record Config(
      String prefix,
      long seed,
      int events,
      int cooperatives,
      int members,
      int years,
      int firstYear,
      int deliveriesPerBatch,
      int batchesPerExportLot,
      int docSize) {

    public Config {
      if (cooperatives < 1 || members < cooperatives || years < 1 || docSize < 1) {
        throw new IllegalArgumentException("bad data set shape");
      }
      if (deliveriesPerBatch < 1 || batchesPerExportLot < 1 || events < 1) {
        throw new IllegalArgumentException("bad data set shape");
      }
    }

    /** The data set: 1,000,000 events, 10 co-operatives, 10,000 members, 5 years. */
    public static Config full() {
      return scaled("bench-", 42, 1_000_000);
    }

    /**
     * The shape at another size: members scale with the events (one per 100 events, at
     * least 2 per co-operative), the rest stays.
     */
    public static Config scaled(String prefix, long seed, int events) {
      return new Config(prefix, seed, events, 10, Math.max(20, events / 100), 5, 2021, 50, 20, 100);
    }

    /** Events one export lot brings: deliveries, fermentations, dryings, merge, ship, receipt. */
    int eventsPerExportLot() {
      return deliveriesPerBatch * batchesPerExportLot + 2 * batchesPerExportLot + 3;
    }
  }

  /** One capture document: for one organisation, its events in time order. */
  public record Document(
      int index, String organisation, int events, int[] after, byte[] json, long lastTime) {}

  /** What was generated, with the identifiers a check or a measurement needs. */
  public record DataSet(
      Config config,
      List<String> cooperatives,
      String factory,
      List<Document> documents,
      int events,
      List<String> exportLots,
      List<String> chocolateLots,
      int deliveries) {

    /** The same without its documents (which hold most of its memory), once they are captured. */
    public DataSet withoutDocuments() {
      return new DataSet(
          config, cooperatives, factory, List.of(), events, exportLots, chocolateLots, deliveries);
    }
  }

  /** An event on its way into a document. */
  private record Event(int organisation, long time, int order, String json, int needs) {}

  private final Config config;
  private final SplittableRandom random;
  private final List<List<Event>> byOrganisation = new ArrayList<>();
  private final List<String> cooperatives = new ArrayList<>();
  private final String factory;
  private final List<String> exportLots = new ArrayList<>();
  private final List<String> chocolateLots = new ArrayList<>();
  private int order;
  private int deliveries;

  private CacaoChain(Config config) {
    this.config = config;
    this.random = new SplittableRandom(config.seed());
    for (int c = 0; c < config.cooperatives(); c++) {
      cooperatives.add(cooperative(config, c));
      byOrganisation.add(new ArrayList<>());
    }
    this.factory = factory(config);
    byOrganisation.add(new ArrayList<>());
  }

  /** The code of a co-operative (0-based). */
  public static String cooperative(Config config, int index) {
    return config.prefix() + "coop-" + String.format("%02d", index + 1);
  }

  /** The code of the chocolate factory. */
  public static String factory(Config config) {
    return config.prefix() + "choco";
  }

  /** Members of a co-operative (0-based), the first ones getting the remainder. */
  public static int membersOf(Config config, int cooperative) {
    int base = config.members() / config.cooperatives();
    return base + (cooperative < config.members() % config.cooperatives() ? 1 : 0);
  }

  /** A member's code within its co-operative (0-based index). */
  public static String memberCode(int member) {
    return "M" + String.format("%05d", member + 1);
  }

  /** The code of a member's plot. */
  public static String plotCode(int member) {
    return "P" + String.format("%05d", member + 1);
  }

  /** Product codes: per co-operative WET, FER, DRY; the factory's CHOC. */
  public static final String WET = "WET";

  public static final String FER = "FER";
  public static final String DRY = "DRY";
  public static final String CHOC = "CHOC";

  /** Generates the data set. */
  public static DataSet generate(Config config) {
    return new CacaoChain(config).build();
  }

  private DataSet build() {
    int perLot = config.eventsPerExportLot();
    int lots = 0;
    while (total(lots + 1, perLot) <= config.events()) {
      lots++;
    }
    int extra = config.events() - total(lots, perLot);
    long start = Instant.parse(config.firstYear() + "-01-01T05:00:00Z").getEpochSecond();
    long end =
        Instant.parse((config.firstYear() + config.years()) + "-01-01T05:00:00Z").getEpochSecond();
    // Export lots go round the co-operatives; each co-operative's lots share its time evenly.
    int[] lotsOf = new int[config.cooperatives()];
    for (int l = 0; l < lots; l++) {
      lotsOf[l % config.cooperatives()]++;
    }
    List<long[]> shipments = new ArrayList<>(); // [time, quantity in grams, cooperative, order]
    List<String> shippedLots = new ArrayList<>();
    long span = end - start - 40L * 86_400; // leave time for the last lots to reach the factory
    for (int c = 0; c < config.cooperatives(); c++) {
      for (int j = 0; j < lotsOf[c]; j++) {
        long from = start + span * j / lotsOf[c];
        long until = start + span * (j + 1) / lotsOf[c];
        exportLot(c, j, from, until, shipments, shippedLots);
      }
    }
    // What whole export lots leave: deliveries not yet fermented, spread over the co-operatives.
    for (int i = 0; i < extra; i++) {
      int c = i % config.cooperatives();
      long time = end - 30L * 86_400 + random.nextLong(20L * 86_400);
      delivery(c, time, "X" + String.format("%07d", i + 1));
    }
    factory(shipments, shippedLots);
    return new DataSet(
        config,
        List.copyOf(cooperatives),
        factory,
        documents(),
        config.events(),
        List.copyOf(exportLots),
        List.copyOf(chocolateLots),
        deliveries);
  }

  /** Events of {@code lots} whole export lots, the factory's receipts and mixes included. */
  private static int total(int lots, int perLot) {
    return lots * perLot + lots / 2;
  }

  // ---- co-operatives --------------------------------------------------------------------------

  private void exportLot(
      int c, int j, long from, long until, List<long[]> shipments, List<String> shippedLots) {
    String org = cooperatives.get(c);
    int perBatch = config.deliveriesPerBatch();
    int count = perBatch * config.batchesPerExportLot();
    long[] times = new long[count];
    for (int i = 0; i < count; i++) {
      times[i] = from + random.nextLong(Math.max(1, until - from));
    }
    Arrays.sort(times);
    List<String> dried = new ArrayList<>();
    List<BigDecimal> driedQuantities = new ArrayList<>();
    long lastDrying = 0;
    for (int b = 0; b < config.batchesPerExportLot(); b++) {
      List<String> inputs = new ArrayList<>();
      List<BigDecimal> quantities = new ArrayList<>();
      BigDecimal wet = BigDecimal.ZERO;
      for (int i = 0; i < perBatch; i++) {
        int d = b * perBatch + i;
        String code = "D" + String.format("%03d", j) + "-" + String.format("%04d", d + 1);
        BigDecimal kg = delivery(c, times[d], code);
        inputs.add(lot(org, code));
        quantities.add(kg);
        wet = wet.add(kg);
      }
      long fermentedAt = times[(b + 1) * perBatch - 1] + 3 * 3600 + random.nextLong(3600);
      String fermented = "F" + String.format("%03d", j) + "-" + String.format("%02d", b + 1);
      BigDecimal fermentedKg = wet.multiply(FERMENTED_YIELD).setScale(1, RoundingMode.DOWN);
      add(
          c,
          fermentedAt,
          transformation(
              fermentedAt,
              FERMENTING,
              "urn:ayni:loc:" + org + ":fermentacion",
              inputs,
              quantities,
              lot(org, fermented),
              fermentedKg,
              product(org, FER)),
          -1);
      long driedAt = fermentedAt + 6 * 86_400 + random.nextLong(3600);
      String dry = "S" + String.format("%03d", j) + "-" + String.format("%02d", b + 1);
      BigDecimal dryKg = fermentedKg.multiply(DRY_YIELD).setScale(1, RoundingMode.DOWN);
      add(
          c,
          driedAt,
          transformation(
              driedAt,
              DRYING,
              "urn:ayni:loc:" + org + ":secadero",
              List.of(lot(org, fermented)),
              List.of(fermentedKg),
              lot(org, dry),
              dryKg,
              product(org, DRY)),
          -1);
      dried.add(lot(org, dry));
      driedQuantities.add(dryKg);
      lastDrying = Math.max(lastDrying, driedAt);
    }
    long mergedAt = lastDrying + 2 * 86_400;
    String export = lot(org, "E" + String.format("%03d", j + 1));
    BigDecimal exportKg = driedQuantities.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    add(
        c,
        mergedAt,
        transformation(
            mergedAt,
            MERGING,
            "urn:ayni:loc:" + org + ":almacen",
            dried,
            driedQuantities,
            export,
            exportKg,
            product(org, DRY)),
        -1);
    long shippedAt = mergedAt + 86_400;
    int shipOrder = add(c, shippedAt, shipment(shippedAt, org, export, exportKg, j), -1);
    exportLots.add(export);
    shipments.add(
        new long[] {
          shippedAt, exportKg.movePointRight(1).longValueExact(), c, shipOrder,
        });
    shippedLots.add(export);
  }

  /** A member's delivery of wet cacao; returns its quantity. */
  private BigDecimal delivery(int c, long time, String code) {
    String org = cooperatives.get(c);
    int member = random.nextInt(membersOf(config, c));
    BigDecimal kg = BigDecimal.valueOf(150 + random.nextInt(1100), 1); // 15.0 to 124.9 kg
    String json =
        "{\"type\":\"ObjectEvent\",\"eventTime\":\""
            + time(time)
            + "\",\"eventTimeZoneOffset\":\""
            + OFFSET
            + "\",\"action\":\"ADD\",\"bizStep\":\"receiving\",\"disposition\":\"active\","
            + "\"readPoint\":{\"id\":\"urn:ayni:loc:"
            + org
            + ":acopio-"
            + (1 + member % 4)
            + "\"},\"quantityList\":[{\"epcClass\":\""
            + lot(org, code)
            + "\",\"quantity\":"
            + kg.toPlainString()
            + ",\"uom\":\"KGM\"}],\"sourceList\":[{\"type\":\"owning_party\",\"source\":"
            + "\"urn:ayni:member:"
            + org
            + ":"
            + memberCode(member)
            + "\"},{\"type\":\"location\",\"source\":\"urn:ayni:unit:"
            + org
            + ":"
            + plotCode(member)
            + "\"}],\"destinationList\":[{\"type\":\"owning_party\",\"destination\":"
            + "\"urn:ayni:org:"
            + org
            + "\"}],\"ayni:product\":\""
            + product(org, WET)
            + "\"}";
    add(c, time, json, -1);
    deliveries++;
    return kg;
  }

  private static String transformation(
      long time,
      String step,
      String readPoint,
      List<String> inputs,
      List<BigDecimal> quantities,
      String output,
      BigDecimal outputKg,
      String product) {
    StringBuilder json = new StringBuilder(200 + inputs.size() * 90);
    json.append("{\"type\":\"TransformationEvent\",\"eventTime\":\"")
        .append(time(time))
        .append("\",\"eventTimeZoneOffset\":\"")
        .append(OFFSET)
        .append("\",\"bizStep\":\"")
        .append(step)
        .append("\",\"disposition\":\"active\",\"readPoint\":{\"id\":\"")
        .append(readPoint)
        .append("\"},\"inputQuantityList\":[");
    for (int i = 0; i < inputs.size(); i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"epcClass\":\"")
          .append(inputs.get(i))
          .append("\",\"quantity\":")
          .append(quantities.get(i).toPlainString())
          .append(",\"uom\":\"KGM\"}");
    }
    json.append("],\"outputQuantityList\":[{\"epcClass\":\"")
        .append(output)
        .append("\",\"quantity\":")
        .append(outputKg.toPlainString())
        .append(",\"uom\":\"KGM\"}],\"ayni:product\":\"")
        .append(product)
        .append("\"}");
    return json.toString();
  }

  private String shipment(long time, String org, String lot, BigDecimal kg, int j) {
    return "{\"type\":\"ObjectEvent\",\"eventTime\":\""
        + time(time)
        + "\",\"eventTimeZoneOffset\":\""
        + OFFSET
        + "\",\"action\":\"OBSERVE\",\"bizStep\":\"shipping\",\"disposition\":\"in_transit\","
        + "\"readPoint\":{\"id\":\"urn:ayni:loc:"
        + org
        + ":almacen\"},\"quantityList\":[{\"epcClass\":\""
        + lot
        + "\",\"quantity\":"
        + kg.toPlainString()
        + ",\"uom\":\"KGM\"}],\"bizTransactionList\":[{\"type\":\"inv\",\"bizTransaction\":"
        + "\"urn:ayni:ref:"
        + org
        + "-INV-"
        + String.format("%04d", j + 1)
        + "\"}],\"sourceList\":[{\"type\":\"owning_party\",\"source\":\"urn:ayni:org:"
        + org
        + "\"}],\"destinationList\":[{\"type\":\"owning_party\",\"destination\":"
        + "\"urn:ayni:org:"
        + factory
        + "\"}]}";
  }

  // ---- the chocolate factory ------------------------------------------------------------------

  private void factory(List<long[]> shipments, List<String> lots) {
    int f = config.cooperatives();
    Integer[] byTime = new Integer[shipments.size()];
    for (int i = 0; i < byTime.length; i++) {
      byTime[i] = i;
    }
    Arrays.sort(byTime, Comparator.comparingLong(i -> shipments.get(i)[0]));
    List<String> received = new ArrayList<>();
    List<BigDecimal> receivedKg = new ArrayList<>();
    long lastReceipt = 0;
    for (int k = 0; k < byTime.length; k++) {
      long[] s = shipments.get(byTime[k]);
      String lot = lots.get(byTime[k]);
      String from = cooperatives.get((int) s[2]);
      BigDecimal kg = BigDecimal.valueOf(s[1], 1);
      long at = Math.max(s[0] + 15 * 86_400 + random.nextLong(86_400), lastReceipt + 60);
      lastReceipt = at;
      String json =
          "{\"type\":\"ObjectEvent\",\"eventTime\":\""
              + time(at)
              + "\",\"eventTimeZoneOffset\":\""
              + OFFSET
              + "\",\"action\":\"OBSERVE\",\"bizStep\":\"receiving\",\"disposition\":\"active\","
              + "\"readPoint\":{\"id\":\"urn:ayni:loc:"
              + factory
              + ":recepcion\"},\"quantityList\":[{\"epcClass\":\""
              + lot
              + "\",\"quantity\":"
              + kg.toPlainString()
              + ",\"uom\":\"KGM\"}],\"sourceList\":[{\"type\":\"owning_party\",\"source\":"
              + "\"urn:ayni:org:"
              + from
              + "\"}],\"destinationList\":[{\"type\":\"owning_party\",\"destination\":"
              + "\"urn:ayni:org:"
              + factory
              + "\"}]}";
      add(f, at, json, (int) s[3]);
      received.add(lot);
      receivedKg.add(kg);
      if (k % 2 == 1) {
        // A batch: the second halves of the two lots before, the first halves of these two.
        List<String> inputs = new ArrayList<>();
        List<BigDecimal> quantities = new ArrayList<>();
        for (int i = Math.max(0, k - 3); i <= k; i++) {
          BigDecimal whole = receivedKg.get(i);
          BigDecimal first = whole.divide(BigDecimal.TWO, 2, RoundingMode.DOWN);
          inputs.add(received.get(i));
          quantities.add(i >= k - 1 ? first : whole.subtract(first));
        }
        BigDecimal in = quantities.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        String batch = lot(factory, "C" + String.format("%05d", k / 2 + 1));
        long mixedAt = at + 86_400;
        lastReceipt = mixedAt;
        add(
            f,
            mixedAt,
            transformation(
                mixedAt,
                "commissioning",
                "urn:ayni:loc:" + factory + ":planta",
                inputs,
                quantities,
                batch,
                in.multiply(CHOCOLATE_YIELD).setScale(1, RoundingMode.DOWN),
                product(factory, CHOC)),
            -1);
        chocolateLots.add(batch);
      }
    }
  }

  // ---- documents ------------------------------------------------------------------------------

  private int add(int organisation, long time, String json, int needs) {
    int o = order++;
    byOrganisation.get(organisation).add(new Event(organisation, time, o, json, needs));
    return o;
  }

  private List<Document> documents() {
    record Draft(int organisation, List<Event> events, int previous) {}
    List<Draft> drafts = new ArrayList<>();
    int[] docOfOrder = new int[order];
    for (int o = 0; o < byOrganisation.size(); o++) {
      List<Event> events = byOrganisation.get(o);
      events.sort(Comparator.comparingLong(Event::time).thenComparingInt(Event::order));
      int previous = -1;
      for (int from = 0; from < events.size(); from += config.docSize()) {
        List<Event> part = events.subList(from, Math.min(events.size(), from + config.docSize()));
        for (Event e : part) {
          docOfOrder[e.order()] = drafts.size();
        }
        drafts.add(new Draft(o, part, previous));
        previous = drafts.size() - 1;
      }
    }
    // Dependencies, then an order that respects them (earliest first event first).
    List<int[]> after = new ArrayList<>();
    List<List<Integer>> next = new ArrayList<>();
    int[] pending = new int[drafts.size()];
    for (int d = 0; d < drafts.size(); d++) {
      next.add(new ArrayList<>());
    }
    for (int d = 0; d < drafts.size(); d++) {
      Draft draft = drafts.get(d);
      java.util.TreeSet<Integer> needs = new java.util.TreeSet<>();
      if (draft.previous() >= 0) {
        needs.add(draft.previous());
      }
      for (Event e : draft.events()) {
        if (e.needs() >= 0 && docOfOrder[e.needs()] != d) {
          needs.add(docOfOrder[e.needs()]);
        }
      }
      after.add(needs.stream().mapToInt(Integer::intValue).toArray());
      for (int n : needs) {
        next.get(n).add(d);
      }
      pending[d] = needs.size();
    }
    PriorityQueue<Integer> ready =
        new PriorityQueue<>(
            Comparator.comparingLong((Integer d) -> drafts.get(d).events().getFirst().time())
                .thenComparingInt(d -> d));
    for (int d = 0; d < drafts.size(); d++) {
      if (pending[d] == 0) {
        ready.add(d);
      }
    }
    int[] position = new int[drafts.size()];
    List<Integer> sequence = new ArrayList<>();
    while (!ready.isEmpty()) {
      int d = ready.poll();
      position[d] = sequence.size();
      sequence.add(d);
      for (int n : next.get(d)) {
        if (--pending[n] == 0) {
          ready.add(n);
        }
      }
    }
    if (sequence.size() != drafts.size()) {
      throw new IllegalStateException("circular document dependencies");
    }
    List<Document> documents = new ArrayList<>(drafts.size());
    for (int i = 0; i < sequence.size(); i++) {
      int d = sequence.get(i);
      Draft draft = drafts.get(d);
      int[] needs = Arrays.stream(after.get(d)).map(n -> position[n]).sorted().toArray();
      String organisation =
          draft.organisation() < cooperatives.size()
              ? cooperatives.get(draft.organisation())
              : factory;
      long last = draft.events().getLast().time();
      documents.add(
          new Document(
              i, organisation, draft.events().size(), needs, json(draft.events(), last), last));
    }
    byOrganisation.clear();
    return documents;
  }

  private static byte[] json(List<Event> events, long last) {
    int size = 300;
    for (Event e : events) {
      size += e.json().length() + 1;
    }
    StringBuilder json = new StringBuilder(size);
    json.append(
            "{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\","
                + "{\"ayni\":\"https://ayni.org/voc/\"}],\"type\":\"EPCISDocument\","
                + "\"schemaVersion\":\"2.0\",\"creationDate\":\"")
        .append(time(last + 600))
        .append("\",\"epcisBody\":{\"eventList\":[");
    for (int i = 0; i < events.size(); i++) {
      json.append(i == 0 ? "" : ",").append(events.get(i).json());
    }
    json.append("]}}");
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  // ---- identifiers ----------------------------------------------------------------------------

  static String lot(String organisation, String code) {
    return "urn:ayni:lot:" + organisation + ":" + code;
  }

  static String product(String organisation, String code) {
    return "urn:ayni:product:" + organisation + ":" + code;
  }

  private static String time(long epochSecond) {
    return TIME.format(Instant.ofEpochSecond(epochSecond));
  }
}
