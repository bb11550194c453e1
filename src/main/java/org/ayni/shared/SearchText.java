package org.ayni.shared;

import java.util.Locale;

/** What a list's free-text search looks for, as a SQL {@code LIKE} pattern. */
public final class SearchText {

  private SearchText() {}

  /**
   * A pattern matching any text that contains what the user typed (trimmed, lower case), with
   * {@code %}, {@code _} and {@code \} taken literally: "E%1" finds a code with "e%1" in it, not
   * every code with an e before a 1. (Backslash is the default escape character of {@code LIKE} in
   * PostgreSQL and H2 alike.)
   */
  public static String containing(String typed) {
    StringBuilder pattern = new StringBuilder("%");
    for (char c : typed.trim().toLowerCase(Locale.ROOT).toCharArray()) {
      if (c == '%' || c == '_' || c == '\\') {
        pattern.append('\\');
      }
      pattern.append(c);
    }
    return pattern.append('%').toString();
  }
}
