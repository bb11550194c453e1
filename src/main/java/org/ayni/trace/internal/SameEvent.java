package org.ayni.trace.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.ayni.trace.TraceEvent;
import org.ayni.trace.TraceEvent.QuantityElement;
import org.ayni.trace.TraceIds;
import org.ayni.trace.Units;

/**
 * Whether an error declaration is the event it declares: GS1 has an event carrying an
 * errorDeclaration "otherwise identical" to the prior event (EPCIS.ttl, ErrorDeclaration). A
 * declaration that names other lots, quantities, time or step would undo one event while queries
 * find it under another's. Compared as the log reads them: times as instants, vocabulary as CBV
 * words, lists in any order, quantities by value and unit.
 */
final class SameEvent {

  private SameEvent() {}

  /** The first field in which the declaration differs from the stored event, or null. */
  static String difference(TraceEvent declaration, TraceEvent stored) {
    List<Field> fields =
        List.of(
            new Field("type", TraceEvent::type),
            new Field("action", TraceEvent::action),
            new Field("eventTime", e -> e.eventTime() == null ? null : e.eventTime().toInstant()),
            new Field("bizStep", e -> TraceIds.cbvWord(e.bizStep())),
            new Field("disposition", e -> TraceIds.cbvWord(e.disposition())),
            new Field("readPoint", TraceEvent::readPoint),
            new Field("bizLocation", TraceEvent::bizLocation),
            new Field("transformationID", TraceEvent::transformationId),
            new Field("parentID", TraceEvent::parentId),
            new Field("epcList", e -> sorted(e.epcs())),
            new Field("inputEPCList", e -> sorted(e.inputEpcs())),
            new Field("outputEPCList", e -> sorted(e.outputEpcs())),
            new Field("quantityList", e -> quantities(e.quantities())),
            new Field("inputQuantityList", e -> quantities(e.inputQuantities())),
            new Field("outputQuantityList", e -> quantities(e.outputQuantities())),
            new Field("sourceList", e -> sorted(parties(e.sources()))),
            new Field("destinationList", e -> sorted(parties(e.destinations()))));
    for (Field f : fields) {
      if (!Objects.equals(f.value().apply(declaration), f.value().apply(stored))) {
        return f.name();
      }
    }
    return null;
  }

  private record Field(String name, Function<TraceEvent, Object> value) {}

  private static List<String> sorted(List<String> values) {
    List<String> copy = new ArrayList<>(values);
    copy.sort(null);
    return copy;
  }

  private static List<String> parties(List<TraceEvent.Party> parties) {
    return parties.stream().map(p -> TraceIds.cbvWord(p.type()) + " " + p.id()).toList();
  }

  private static List<String> quantities(List<QuantityElement> quantities) {
    return sorted(
        quantities.stream()
            .map(
                q ->
                    q.epcClass()
                        + " "
                        + (q.quantity() == null ? "" : plain(q.quantity()))
                        + " "
                        + (q.quantity() == null ? "" : Units.normalise(q.uom())))
            .toList());
  }

  private static String plain(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }
}
