package org.ayni.trace;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One event of the log in the terms lineage and stock need, independent of any wire format. {@code
 * trace.epcis} reads it from and writes it to EPCIS 2.0 JSON-LD; {@code body} keeps the event's
 * JSON-LD exactly as it will be returned by queries.
 *
 * @param eventId the EPCIS eventID (a URI; the CBV 2.0 event hash when the sender gave none)
 * @param action ADD, OBSERVE or DELETE; null for a TransformationEvent
 * @param eventTimeZoneOffset as sent, e.g. "-05:00"
 * @param parentId parentID of Aggregation/Transaction/Association events
 * @param epcs epcList (Object/Transaction) or childEPCs (Aggregation/Association)
 * @param quantities quantityList or childQuantityList
 * @param extensions top-level extension fields and ILMD entries with string values, by full key as
 *     sent (e.g. "ayni:product", "cbvmda:lotNumber"), for the projections that need them
 * @param persistentDisposition the dispositions the event sets and unsets; none when null
 */
public record TraceEvent(
    String eventId,
    EventType type,
    Action action,
    OffsetDateTime eventTime,
    String eventTimeZoneOffset,
    String bizStep,
    String disposition,
    String readPoint,
    String bizLocation,
    String transformationId,
    String parentId,
    List<String> epcs,
    List<QuantityElement> quantities,
    List<String> inputEpcs,
    List<QuantityElement> inputQuantities,
    List<String> outputEpcs,
    List<QuantityElement> outputQuantities,
    List<Party> sources,
    List<Party> destinations,
    List<BizTransaction> bizTransactions,
    ErrorDeclaration errorDeclaration,
    Map<String, String> extensions,
    String body,
    PersistentDisposition persistentDisposition) {

  public TraceEvent {
    epcs = List.copyOf(epcs);
    quantities = List.copyOf(quantities);
    inputEpcs = List.copyOf(inputEpcs);
    inputQuantities = List.copyOf(inputQuantities);
    outputEpcs = List.copyOf(outputEpcs);
    outputQuantities = List.copyOf(outputQuantities);
    sources = List.copyOf(sources);
    destinations = List.copyOf(destinations);
    bizTransactions = List.copyOf(bizTransactions);
    extensions = Map.copyOf(extensions);
    persistentDisposition =
        persistentDisposition == null ? PersistentDisposition.NONE : persistentDisposition;
  }

  /**
   * The same event with one more extension field (or that field's value replaced), without an
   * eventID or body, which the log gives it anew.
   */
  public TraceEvent withExtension(String key, String value) {
    Map<String, String> more = new HashMap<>(extensions);
    more.put(key, value);
    return with(null, eventTime, bizTransactions, errorDeclaration, more, null);
  }

  /** The same event at another time (as a device that was offline sends it), without a body. */
  public TraceEvent at(OffsetDateTime time) {
    return with(eventId, time, bizTransactions, errorDeclaration, extensions, null);
  }

  /** The same event with other business transactions. */
  public TraceEvent withBizTransactions(List<BizTransaction> transactions) {
    return with(eventId, eventTime, transactions, errorDeclaration, extensions, body);
  }

  /**
   * The declaration that this event (its eventID and what it says) was erroneous, without a body,
   * which the log gives it.
   */
  public TraceEvent declaredErroneous(ErrorDeclaration declaration) {
    return with(eventId, eventTime, bizTransactions, declaration, extensions, null);
  }

  private TraceEvent with(
      String eventId,
      OffsetDateTime eventTime,
      List<BizTransaction> bizTransactions,
      ErrorDeclaration errorDeclaration,
      Map<String, String> extensions,
      String body) {
    return new TraceEvent(
        eventId,
        type,
        action,
        eventTime,
        eventTimeZoneOffset,
        bizStep,
        disposition,
        readPoint,
        bizLocation,
        transformationId,
        parentId,
        epcs,
        quantities,
        inputEpcs,
        inputQuantities,
        outputEpcs,
        outputQuantities,
        sources,
        destinations,
        bizTransactions,
        errorDeclaration,
        extensions,
        body,
        persistentDisposition);
  }

  /** The five EPCIS 2.0 event types. */
  public enum EventType {
    ObjectEvent,
    AggregationEvent,
    TransactionEvent,
    TransformationEvent,
    AssociationEvent
  }

  /** The EPCIS action. */
  public enum Action {
    ADD,
    OBSERVE,
    DELETE
  }

  /**
   * A quantity of a class of objects (a lot): {@code epcClass} is a GS1 Digital Link, an LGTIN URN,
   * an EPC pattern or our {@code urn:ayni:lot:…}; {@code uom} a UN/ECE Rec 20 code, null for a
   * count.
   */
  public record QuantityElement(String epcClass, java.math.BigDecimal quantity, String uom) {}

  /**
   * A source or destination: type (owning_party, possessing_party, location) and the party's id.
   */
  public record Party(String type, String id) {}

  /** A business transaction (po, inv, bol, desadv, …; type may be null) and its id. */
  public record BizTransaction(String type, String id) {}

  /**
   * The dispositions that hold from this event on until unset ({@code set}) and those it ends
   * ({@code unset}), as CBV words or URIs.
   */
  public record PersistentDisposition(List<String> set, List<String> unset) {

    public static final PersistentDisposition NONE =
        new PersistentDisposition(List.of(), List.of());

    public PersistentDisposition {
      set = List.copyOf(set);
      unset = List.copyOf(unset);
    }
  }

  /** Declares an earlier event erroneous; corrective events follow as new events. */
  public record ErrorDeclaration(
      OffsetDateTime declarationTime, String reason, List<String> correctiveEventIds) {

    public ErrorDeclaration {
      correctiveEventIds = List.copyOf(correctiveEventIds);
    }
  }
}
