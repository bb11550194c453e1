package org.ayni.trace.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.ayni.shared.OrganisationId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What each transaction appended to the log, for those who follow it (EPCIS subscriptions): one row
 * per append, written in the appending transaction, so that a reader sees it exactly when the
 * events are committed. Positions alone would not do: they are allocated before commit, and a
 * transaction can commit after another that took later ones.
 */
@Component
public class EventFeed {

  /** The longest text of positions in one row (the column holds 100,000 characters). */
  static final int MAX_TEXT = 90_000;

  /** The events one transaction of an organisation appended, by log position. */
  public record Entry(long id, OrganisationId organisation, List<Long> seqs) {}

  private final JdbcClient jdbc;

  EventFeed(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Records positions just appended, in the caller's transaction. */
  @Transactional(propagation = Propagation.MANDATORY)
  void appended(OrganisationId organisation, List<Long> seqs) {
    for (String text : encode(seqs, MAX_TEXT)) {
      jdbc.sql("insert into epcis_event_feed (organisation_id, seqs) values (?, ?)")
          .params(organisation.value(), text)
          .update();
    }
  }

  /** The oldest entries, at most {@code limit}. */
  public List<Entry> oldest(int limit) {
    return jdbc.sql(
            "select id, organisation_id, seqs from epcis_event_feed order by id limit :limit")
        .param("limit", limit)
        .query(
            (rs, n) ->
                new Entry(
                    rs.getLong(1),
                    new OrganisationId(rs.getObject(2, UUID.class)),
                    decode(rs.getString(3))))
        .list();
  }

  /** Forgets entries that were followed. */
  public void remove(List<Entry> entries) {
    if (!entries.isEmpty()) {
      jdbc.sql("delete from epcis_event_feed where id in (:ids)")
          .param("ids", entries.stream().map(Entry::id).toList())
          .update();
    }
  }

  /**
   * Increasing positions as ranges ({@code 5-9,12,14-15}), in texts of at most {@code max}
   * characters.
   */
  static List<String> encode(List<Long> seqs, int max) {
    List<String> texts = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < seqs.size(); ) {
      long first = seqs.get(i);
      int j = i;
      while (j + 1 < seqs.size() && seqs.get(j + 1) == seqs.get(j) + 1) {
        j++;
      }
      String range = j == i ? Long.toString(first) : first + "-" + seqs.get(j);
      if (!text.isEmpty() && text.length() + 1 + range.length() > max) {
        texts.add(text.toString());
        text.setLength(0);
      }
      if (!text.isEmpty()) {
        text.append(',');
      }
      text.append(range);
      i = j + 1;
    }
    if (!text.isEmpty()) {
      texts.add(text.toString());
    }
    return texts;
  }

  static List<Long> decode(String text) {
    List<Long> seqs = new ArrayList<>();
    for (String range : text.split(",")) {
      int dash = range.indexOf('-');
      if (dash < 0) {
        seqs.add(Long.parseLong(range));
      } else {
        long last = Long.parseLong(range.substring(dash + 1));
        for (long seq = Long.parseLong(range.substring(0, dash)); seq <= last; seq++) {
          seqs.add(seq);
        }
      }
    }
    return seqs;
  }
}
