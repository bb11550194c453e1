package org.ayni.shared;

import java.text.Normalizer;
import java.util.Locale;

/**
 * What a list's free-text search looks for, as a SQL {@code LIKE} pattern, and the text it is
 * matched against: both in lower case without accents, so that a field officer typing "sanchez" on
 * a tablet finds Sánchez.
 */
public final class SearchText {

  /** Accented letters of the names we keep (Spanish, Quechua, Portuguese, French) … */
  private static final String ACCENTED = "ÁÀÂÄÃÅÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÑÇÝáàâäãåéèêëíìîïóòôöõúùûüñçýÿ";

  /** … and their letters without accents, in the same order. */
  private static final String PLAIN = plain(ACCENTED);

  private SearchText() {}

  /**
   * A pattern matching any text that contains what the user typed (trimmed, lower case, without
   * accents), with {@code %}, {@code _} and {@code \} taken literally: "E%1" finds a code with
   * "e%1" in it, not every code with an e before a 1. (Backslash is the default escape character of
   * {@code LIKE} in PostgreSQL and H2 alike.)
   */
  public static String containing(String typed) {
    StringBuilder pattern = new StringBuilder("%");
    for (char c : plain(typed.trim()).toCharArray()) {
      if (c == '%' || c == '_' || c == '\\') {
        pattern.append('\\');
      }
      pattern.append(c);
    }
    return pattern.append('%').toString();
  }

  /**
   * A SQL expression of a text column as {@link #containing} patterns match it: without accents
   * (SQL {@code translate}, in PostgreSQL and H2 alike, whatever the database's locale) and in
   * lower case.
   */
  public static String folded(String expression) {
    return "lower(translate(" + expression + ", '" + ACCENTED + "', '" + PLAIN + "'))";
  }

  private static String plain(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFD)
        .replaceAll("\\p{M}", "")
        .toLowerCase(Locale.ROOT);
  }
}
