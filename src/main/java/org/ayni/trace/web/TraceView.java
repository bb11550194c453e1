package org.ayni.trace.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.ayni.access.CurrentUser;
import org.ayni.registry.Organisation;
import org.ayni.registry.Organisations;
import org.ayni.registry.ProductionUnitView;
import org.ayni.shared.OrganisationId;
import org.ayni.trace.LineageGraph;
import org.ayni.trace.Places;
import org.ayni.trace.Product;
import org.ayni.trace.TimelineEntry;
import org.ayni.trace.TraceEvent;
import org.ayni.trace.TraceIds;
import org.ayni.trace.TraceOperations;
import org.ayni.trace.Units;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;

/** What the trace templates need to show values: names of organisations, steps, quantities. */
public final class TraceView {

  private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final Map<UUID, String> organisations;
  private final Map<String, String> byCode;
  private final MessageSource messages;
  private final Locale locale;
  private final ZoneId zone;
  private final Map<String, String> symbols = new HashMap<>();
  private final Map<String, String> placeNames;

  TraceView(
      Map<UUID, String> organisations,
      Map<String, String> byCode,
      MessageSource messages,
      Locale locale,
      ZoneId zone,
      Map<String, String> placeNames) {
    this.organisations = organisations;
    this.byCode = byCode;
    this.messages = messages;
    this.locale = locale;
    this.zone = zone;
    this.placeNames = placeNames;
  }

  /**
   * With the names of the organisations a reader may read, units written in the request's language,
   * and times at the clock of those organisations (UTC when their clocks differ).
   */
  static TraceView of(List<Organisation> readable, MessageSource messages) {
    Map<UUID, String> names = new HashMap<>();
    Map<String, String> byCode = new HashMap<>();
    Set<ZoneId> zones = new HashSet<>();
    for (Organisation o : readable) {
      names.put(o.id().value(), o.displayName());
      byCode.put(o.code(), o.displayName());
      zones.add(o.zone());
    }
    ZoneId zone = zones.size() == 1 ? zones.iterator().next() : ZoneOffset.UTC;
    return new TraceView(names, byCode, messages, LocaleContextHolder.getLocale(), zone, Map.of());
  }

  /**
   * The same, naming also these organisations the reader may not read (by id): the owner of a lot
   * shipped to it, say.
   */
  TraceView naming(Map<UUID, String> others) {
    Map<UUID, String> all = new HashMap<>(others);
    all.putAll(organisations);
    return new TraceView(all, byCode, messages, locale, zone, placeNames);
  }

  /** The same, naming places as their organisations wrote them on forms (by place). */
  TraceView placing(Map<String, String> names) {
    return new TraceView(organisations, byCode, messages, locale, zone, Map.copyOf(names));
  }

  /** The same, with times at another clock (a lot's organisation's). */
  TraceView at(ZoneId other) {
    return new TraceView(organisations, byCode, messages, locale, other, placeNames);
  }

  /** The time zone of the view's clock, as the page names it ({@code America/Lima}). */
  public String zoneName() {
    return zone.getId();
  }

  /**
   * A time as the page shows it, {@code 2026-11-29 08:00}, at the view's clock: events recorded at
   * different offsets (a capture in UTC, a form at -05:00) read in the order they happened.
   */
  public String time(OffsetDateTime time) {
    return time == null ? "" : time.atZoneSameInstant(zone).format(MINUTES);
  }

  /** A time's date at the view's clock, {@code 2026-11-29}. */
  public String date(OffsetDateTime time) {
    return time == null ? "" : time.atZoneSameInstant(zone).toLocalDate().toString();
  }

  /**
   * A party of an event as the reader knows it: the name the event gave it, the name of an
   * organisation the reader may read, else its identifier.
   */
  /**
   * What tells an event apart from another of the same minute and step in a chooser: its first
   * quantity (of what it names, else its outputs, else its inputs) and, a shipment, where it went
   * ("40 kg → Chocolates del Norte").
   */
  public String eventSummary(TimelineEntry e) {
    List<String> parts = new ArrayList<>();
    // a split by the quantity split off (its one input), not by the first of its parts
    List<List<TraceEvent.QuantityElement>> lists =
        "splitting".equals(stepKey(e.bizStep()))
            ? List.of(e.inputs(), e.outputs())
            : List.of(e.quantities(), e.outputs(), e.inputs());
    for (List<TraceEvent.QuantityElement> list : lists) {
      if (!list.isEmpty() && list.getFirst().quantity() != null) {
        String uom = list.getFirst().uom();
        // without a unit, EPCIS counts instances: pieces
        parts.add(quantity(list.getFirst().quantity(), uom == null ? "H87" : uom));
        break;
      }
    }
    if (!e.destinations().isEmpty() && "shipping".equals(stepKey(e.bizStep()))) {
      parts.add("→ " + party(e.destinations().getFirst().id(), e.partyNames()));
    }
    return String.join(" ", parts);
  }

  public String party(String id, Map<String, String> named) {
    String name = named == null || id == null ? null : named.get(id);
    if (name == null && id != null && id.startsWith(TraceIds.ORGANISATION)) {
      name = byCode.get(id.substring(TraceIds.ORGANISATION.length()));
    }
    return name != null ? name : id;
  }

  /**
   * A place as the reader knows it: one of ours ({@code urn:ayni:loc:{organisation}:{name}}) by the
   * name its organisation wrote (else the one in its URN) and its organisation's (the
   * organisation's main place so called), any other (an SGLN) as it is written.
   */
  public String place(String location) {
    String[] parts = TraceIds.ownParts(TraceIds.LOCATION, location);
    if (parts == null) {
      return location == null ? "" : location;
    }
    String name =
        parts[1].equals(Places.MAIN)
            ? messages.getMessage("trace.place.main", null, parts[1], locale)
            : placeNames.getOrDefault(location, parts[1].replace('-', ' '));
    return name + " · " + byCode.getOrDefault(parts[0], parts[0]);
  }

  /**
   * The label of one of an event's {@code ayni:} values: the inspection's field where it is one of
   * its measurements (moisture, cut test) or its note, else the key as it is.
   */
  public String measurement(String key) {
    if (key.equals(TraceOperations.CORRECTS_EVENT)) {
      return messages.getMessage("trace.event.corrects-event", null, key, locale);
    }
    String word = key.startsWith("ayni:") ? key.substring("ayni:".length()) : key;
    String field =
        switch (word) {
          case "moisturePercent", "cutTestBeans", "finenessPerMille" -> word;
          case "note", "inspectionNote" -> "note";
          default ->
              word.startsWith("cutTest") && word.length() > "cutTest".length()
                  ? Character.toLowerCase(word.charAt(7)) + word.substring(8)
                  : null;
        };
    return field == null
        ? key
        : messages.getMessage("trace.lot.inspection." + field, null, key, locale);
  }

  /** The organisation's name when the viewer may read it or the view names it, else null. */
  public String organisation(Object id) {
    if (id == null) {
      return null;
    }
    UUID uuid = id instanceof OrganisationId o ? o.value() : (UUID) id;
    return organisations.get(uuid);
  }

  /** The step's word when the bundles have a label for it (receiving, drying…), else null. */
  public String stepKey(String bizStep) {
    if (bizStep == null) {
      return null;
    }
    String word =
        bizStep.startsWith(TraceIds.BIZSTEP)
            ? bizStep.substring(TraceIds.BIZSTEP.length())
            : TraceIds.cbvWord(bizStep);
    return word != null && messages.getMessage("trace.step." + word, null, null, locale) != null
        ? word
        : null;
  }

  /**
   * Products for a chooser, by id: name and code, and the organisation's name where the products
   * come from more than one.
   */
  /** The user's one organisation, when it reads only one (none chosen: it is the one meant). */
  static UUID only(Organisations organisations, CurrentUser user) {
    List<Organisation> readable = organisations.readable(user);
    return readable.size() == 1 ? readable.getFirst().id().value() : null;
  }

  public Map<UUID, String> productChoices(List<Product> products) {
    boolean several = products.stream().map(Product::organisationId).distinct().count() > 1;
    Map<UUID, String> choices = new LinkedHashMap<>();
    for (Product p : products) {
      String label = p.name() + " (" + p.code() + ")";
      String owner = organisation(p.organisationId());
      choices.put(p.id(), several && owner != null ? label + " · " + owner : label);
    }
    return choices;
  }

  /** Production units for a chooser, by id: code and name. */
  public Map<UUID, String> plotChoices(List<ProductionUnitView> units) {
    Map<UUID, String> choices = new LinkedHashMap<>();
    for (ProductionUnitView u : units) {
      choices.put(u.unit().id(), u.unit().code() + " · " + u.unit().name());
    }
    return choices;
  }

  /**
   * A shipment's papers as a reader says them: {@code inv FAC-0042, desadv GR 1} as "Factura
   * FAC-0042, Aviso de despacho GR 1"; a type the platform does not name stays as written.
   */
  public String papers(String papers) {
    if (papers == null || papers.isBlank()) {
      return papers;
    }
    List<String> said = new ArrayList<>();
    for (TraceIds.Paper paper : TraceIds.papers(papers)) {
      String type = paper.type() == null ? null : documentTypeOrNull(paper.type());
      said.add(type == null ? paper.written() : type + " " + paper.id());
    }
    return String.join(", ", said);
  }

  /** A business transaction's type (a CBV word or URI) as a reader says it, else as written. */
  public String documentType(String type) {
    String named = type == null ? null : documentTypeOrNull(TraceIds.cbvWord(type));
    return named != null ? named : type == null ? "" : TraceIds.cbvWord(type);
  }

  private String documentTypeOrNull(String word) {
    return messages.getMessage("trace.operation.reference-type." + word, null, null, locale);
  }

  /** A document's reference as it was written (ours travel as {@code urn:ayni:ref:…}). */
  public String reference(String id) {
    return TraceIds.readReference(id);
  }

  /**
   * An event ID to show: a CBV event hash ({@code ni:///sha-256;…?ver=CBV2.0}, 90 characters) as
   * its first twelve hexadecimal digits, which tell a lot's events apart; any other as it is.
   */
  public String eventId(String id) {
    String hash = "ni:///sha-256;";
    if (id != null && id.startsWith(hash) && id.length() > hash.length() + 12) {
      return "sha-256 " + id.substring(hash.length(), hash.length() + 12) + "…";
    }
    return id;
  }

  /** A quantity without trailing zeros, or empty. */
  public String quantity(BigDecimal value) {
    return value == null ? "" : value.stripTrailingZeros().toPlainString();
  }

  /**
   * A share as a percentage with two decimals and a decimal point, as every other number on the
   * pages is written (a locale's comma beside quantities written with a point would read 27.456 kg
   * as twenty-seven thousand).
   */
  public String percent(double share) {
    return percentOfHundredths(hundredths(share));
  }

  /** A percentage of so many hundredths, as {@link #percent(double)} writes a share. */
  public String percentOfHundredths(long hundredths) {
    return BigDecimal.valueOf(hundredths, 2).toPlainString() + " %";
  }

  /** A share in hundredths of a percent, rounded alone. */
  public long hundredths(double share) {
    return BigDecimal.valueOf(share * 100)
        .setScale(2, RoundingMode.HALF_EVEN)
        .movePointRight(2)
        .longValueExact();
  }

  /**
   * Shares that make up a whole (a lot's members, its plots) as percentages that add up to their
   * total as {@link #percent} writes it: each rounded down, and the hundredths left given to those
   * that lost the most (six knitters' 24.44 + 22.22 + 20.00 + 13.33 + 11.11 + 8.89 made 99.99 % of
   * a lot the page said they explained 100.00 % of).
   */
  public List<String> percents(List<Double> shares) {
    double sum = 0;
    for (double share : shares) {
      sum += share;
    }
    return apportioned(shares, hundredths(sum)).stream().map(this::percentOfHundredths).toList();
  }

  /**
   * The shares of a lineage tree's node's children, in hundredths of a percent, as {@link
   * #percents} writes those of a whole: adding up to the node's own as written where they make it
   * up (a lot's receipts, a receipt's member), so that a member below a lot of 24.45 % is not
   * written 24.44 % (rounded alone), and to their own total otherwise (a lot part of which went
   * on).
   */
  public List<Long> childHundredths(LineageGraph.Node node, long written) {
    List<Double> shares = node.children().stream().map(LineageGraph.Node::share).toList();
    double sum = 0;
    for (double share : shares) {
      sum += share;
    }
    boolean whole = Math.abs(sum - node.share()) <= 1e-9;
    return apportioned(shares, whole ? written : hundredths(sum));
  }

  /**
   * Shares in hundredths that add up to the total given: each rounded down, and the hundredths left
   * given to those that lost the most (largest remainder).
   */
  private static List<Long> apportioned(List<Double> shares, long total) {
    int n = shares.size();
    long[] hundredths = new long[n];
    double[] lost = new double[n];
    long given = 0;
    for (int i = 0; i < n; i++) {
      double x = shares.get(i) * 10_000;
      hundredths[i] = (long) Math.floor(x);
      lost[i] = x - hundredths[i];
      given += hundredths[i];
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    order.sort((a, b) -> Double.compare(lost[b], lost[a]));
    for (int k = 0; k < total - given && k < n; k++) {
      hundredths[order.get(k)]++;
    }
    List<Long> apportioned = new ArrayList<>(n);
    for (long h : hundredths) {
      apportioned.add(h);
    }
    return apportioned;
  }

  /**
   * A quantity with its unit's symbol (kg, m³, pieces in the reader's language…), or its UN/ECE
   * code where the bundles have no symbol for it (a unit of a captured event).
   */
  public String quantity(BigDecimal value, String unit) {
    if (value == null) {
      return "";
    }
    if (unit == null) {
      return quantity(value);
    }
    // "1 pza", not "1 pzas": a unit with a symbol of its own for one
    String symbol =
        value.compareTo(BigDecimal.ONE) == 0
            ? messages.getMessage("trace.unit.symbol-one." + unit, null, unit(unit), locale)
            : unit(unit);
    return quantity(value) + " " + symbol;
  }

  /**
   * A quantity in another unit of its dimension where it converts (what was received, in the unit
   * it was shipped in, to compare them), else in its own.
   */
  public String quantity(BigDecimal value, String unit, String in) {
    BigDecimal converted = Units.convert(value, unit, in);
    return converted == null ? quantity(value, unit) : quantity(converted, in);
  }

  /**
   * A part of a lot that a trace attributes to another, in pieces: "≈ 2.7 pzas" where the share
   * makes no whole piece (30 sweaters shipped of a collection 4 of 45 came from one knitter: which
   * ones went is not known, 2.667 of them is a share, not a count); any other unit as {@link
   * #quantity(BigDecimal, String)} writes it. A part below the millionth quantities are kept to
   * (rounded to 0: a millionth of a gram among tonnes of ore) is "< 0.000001 g", not "0 g": it did
   * contribute.
   */
  public String equivalent(BigDecimal value, String unit) {
    if (value != null && value.signum() == 0 && unit != null) {
      boolean pieces = "H87".equals(Units.base(unit));
      return "< " + quantity(new BigDecimal(pieces ? "0.1" : "0.000001"), unit);
    }
    if (value == null
        || unit == null
        || !"H87".equals(Units.base(unit))
        || value.stripTrailingZeros().scale() <= 0) {
      return quantity(value, unit);
    }
    if (value.compareTo(new BigDecimal("0.05")) < 0) {
      return "< " + quantity(new BigDecimal("0.1"), unit); // not "≈ 0": it did contribute
    }
    return "≈ " + quantity(value.setScale(1, RoundingMode.HALF_EVEN), unit);
  }

  /**
   * A factor's maximum yield; for a product counted in pieces, pieces per unit of what goes in (a
   * kilogram of yarn, a cubic metre of timber: the inputs' one dimension), said so: "2.5 pzas por
   * unidad de entrada", not a bare 2.5 that reads as a ratio.
   */
  public String maxYield(BigDecimal value, String productUnit) {
    String plain = value.stripTrailingZeros().toPlainString();
    if (productUnit == null || !"H87".equals(Units.base(productUnit))) {
      return plain;
    }
    return messages.getMessage("trace.factor.per-input", new Object[] {plain, unit("H87")}, locale);
  }

  /**
   * What a member delivered, in the larger of its own unit and the traced lot's where they convert:
   * 260 kg behind a lot in kilograms, not 260000 g; 1.8 t of ore behind grams of gold, not 1800000
   * g of what reads as gold.
   */
  public String delivered(BigDecimal value, String unit, String lotUnit) {
    BigDecimal oneOfTheLots = Units.convert(BigDecimal.ONE, lotUnit, unit);
    boolean lotsLarger = oneOfTheLots != null && oneOfTheLots.compareTo(BigDecimal.ONE) > 0;
    return quantity(value, unit, lotsLarger ? lotUnit : unit);
  }

  /**
   * An error declaration's reason in the reader's language where it is one of the CBV's ({@code
   * did_not_occur}, {@code incorrect_data}, as word or URI), else as it was sent.
   */
  public String errorReason(String reason) {
    if (reason == null) {
      return "";
    }
    String word = org.ayni.trace.TraceIds.cbvWord(reason);
    return messages.getMessage(
        "trace.correction.reason." + word.toUpperCase(java.util.Locale.ROOT), null, reason, locale);
  }

  /** The unit's symbol, or its code where the bundles have none (looked up once per page). */
  public String unit(String code) {
    return symbols.computeIfAbsent(
        code, c -> messages.getMessage("trace.unit.symbol." + c, null, c, locale));
  }
}
