package org.ayni.shared;

import java.util.List;
import java.util.Locale;

/** The languages of the user interface; Spanish is the default. */
public final class Languages {

  public static final Locale DEFAULT = Locale.forLanguageTag("es");
  public static final List<Locale> SUPPORTED =
      List.of(DEFAULT, Locale.forLanguageTag("en"), Locale.forLanguageTag("fr"));

  private Languages() {}

  public static boolean supported(Locale locale) {
    return locale != null
        && SUPPORTED.stream().anyMatch(l -> l.getLanguage().equals(locale.getLanguage()));
  }
}
