package org.ayni.shared.web;

import java.util.function.BiConsumer;

/**
 * The versions of EPCIS and CBV Ayni speaks, named in the headers of every answer under {@code
 * /epcis}: those of the interface's controllers and those the web layer gives itself before any
 * controller (a path nothing answers to, a method a resource does not take, a body or an address
 * above the limits, a request the container refuses).
 */
public final class EpcisVersion {

  /** The one version of EPCIS 2.0 and CBV 2.0 served (and the least and most a client may ask). */
  public static final String VERSION = "2.0.0";

  private EpcisVersion() {}

  /** Sets {@code GS1-EPCIS-Version} and {@code GS1-CBV-Version} with the setter given. */
  public static void headers(BiConsumer<String, String> set) {
    set.accept("GS1-EPCIS-Version", VERSION);
    set.accept("GS1-CBV-Version", VERSION);
  }
}
