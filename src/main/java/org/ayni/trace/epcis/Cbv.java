package org.ayni.trace.epcis;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The EPCIS 2.0 / CBV 2.0 constants Ayni relies on: the standard JSON-LD context and its prefixes,
 * and the spellings of CBV values. In JSON the CBV values are bare words ({@code receiving}); CBV
 * 1.2 wrote them as URNs ({@code urn:epcglobal:cbv:bizstep:receiving}) and the JSON-LD context
 * expands them to Web URIs ({@code https://ref.gs1.org/cbv/BizStep-receiving}). The log keeps the
 * bare word in its query columns whichever spelling was sent.
 */
final class Cbv {

  /** The normative EPCIS 2.0 context, which query results declare. */
  static final String CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

  /** Every URL under which the standard context is referenced (the 2.0.0 one and its mirrors). */
  static final Set<String> STANDARD_CONTEXTS =
      Set.of(
          CONTEXT,
          "https://ref.gs1.org/standards/epcis/epcis-context.jsonld",
          "https://gs1.github.io/EPCIS/epcis-context.jsonld");

  /** Ayni's own vocabulary: bizSteps, dispositions and extension fields (prefix {@code ayni}). */
  static final String AYNI = "https://ayni.org/voc/";

  /** The prefixes the standard context declares, plus Ayni's. */
  static final Map<String, String> STANDARD_PREFIXES;

  static {
    Map<String, String> prefixes = new LinkedHashMap<>();
    prefixes.put("epcis", "https://ref.gs1.org/epcis/");
    prefixes.put("cbv", "https://ref.gs1.org/cbv/");
    prefixes.put("cbvmda", "urn:epcglobal:cbv:mda:");
    prefixes.put("gs1", "https://gs1.org/voc/");
    prefixes.put("rdfs", "http://www.w3.org/2000/01/rdf-schema#");
    prefixes.put("owl", "http://www.w3.org/2002/07/owl#");
    prefixes.put("xsd", "http://www.w3.org/2001/XMLSchema#");
    prefixes.put("dcterms", "http://purl.org/dc/terms/");
    prefixes.put("ayni", AYNI);
    STANDARD_PREFIXES = Map.copyOf(prefixes);
  }

  /** URI schemes that make a "prefix:rest" value an absolute URI rather than a compact one. */
  static final Set<String> URI_SCHEMES = Set.of("http", "https", "urn", "ni", "geo", "tag", "did");

  /** A kind of CBV value, with its CBV 1.2 URN prefix and its Web URI prefix. */
  enum Kind {
    BIZ_STEP("urn:epcglobal:cbv:bizstep:", "BizStep-"),
    DISPOSITION("urn:epcglobal:cbv:disp:", "Disp-"),
    BIZ_TRANSACTION_TYPE("urn:epcglobal:cbv:btt:", "BTT-"),
    SOURCE_DESTINATION_TYPE("urn:epcglobal:cbv:sdt:", "SDT-"),
    ERROR_REASON("urn:epcglobal:cbv:er:", "ER-");

    final String urn;
    final String web;

    Kind(String urn, String web) {
      this.urn = urn;
      this.web = web;
    }
  }

  private Cbv() {}

  /**
   * The bare CBV 2.0 word for a value sent as a CBV 1.2 URN, a Web URI or a {@code cbv:} compact
   * URI; any other value unchanged.
   */
  static String bare(Kind kind, String value) {
    if (value == null) {
      return null;
    }
    if (value.startsWith(kind.urn)) {
      return value.substring(kind.urn.length());
    }
    for (String base : new String[] {"https://ref.gs1.org/cbv/", "http://ref.gs1.org/cbv/"}) {
      if (value.startsWith(base + kind.web)) {
        return value.substring(base.length() + kind.web.length());
      }
    }
    if (value.startsWith("cbv:" + kind.web)) {
      return value.substring(4 + kind.web.length());
    }
    return value;
  }

  /** Whether a value is spelled the CBV 1.2 way (it needs {@link #bare} before validation). */
  static boolean isUrn(String value) {
    return value != null && value.startsWith("urn:epcglobal:cbv:");
  }
}
