package org.ayni.trace.epcis;

import io.openepcis.epc.translator.util.ConverterUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.ayni.trace.TraceIds;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Writes the EPCs of a stored event as GS1 Digital Links or as EPC URNs, as a query's {@code
 * GS1-EPC-Format} asks ({@link EpcFormat}). The conversions are OpenEPCIS's translator's; what it
 * needs to write a URN, the length of the GS1 Company Prefix a key starts with, is looked up here
 * in GS1's table that the translator bundles (its own look-up walks the 100,000 prefixes, about a
 * millisecond per EPC; ours is a binary search).
 *
 * <p>Translated: instance EPCs ({@code epcList}, {@code childEPCs}, {@code inputEPCList}, {@code
 * outputEPCList}, {@code parentID}), the EPC classes of quantity lists, the read point and business
 * location and the sources and destinations. An identifier of no GS1 key (Ayni's own URNs), or one
 * the translator cannot place (an unknown company prefix, a wrong check digit, a CPI whose part
 * holds a {@code /} or {@code #}, which its patterns refuse), is kept as captured.
 */
@Component
class EpcTranslator {

  private static final List<String> INSTANCE_LISTS =
      List.of("epcList", "childEPCs", "inputEPCList", "outputEPCList");
  private static final List<String> QUANTITY_LISTS =
      List.of("quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList");

  /**
   * The GS1 application identifiers of the primary keys a Digital Link may carry. A GRAI (8003) is
   * not translated: the translator reads and writes its key without the filler digit 0 that GS1's
   * General Specifications put before it (GS1's own examples have it), and would make a URN of
   * another asset.
   */
  private static final Set<String> PRIMARY_KEYS =
      Set.of(
          "00", "01", "253", "255", "401", "402", "414", "417", "8004", "8006", "8010", "8017",
          "8018");

  private static final String GRAI = "8003";

  /**
   * The keys whose value starts with the company prefix; the others (GTIN, SSCC, GRAI, ITIP) lead
   * with an indicator or extension digit when longer than 13 digits, as the translator reads them.
   */
  private static final Set<String> STARTING_WITH_PREFIX =
      Set.of("253", "255", "401", "402", "414", "417", "8004", "8010", "8017", "8018");

  /**
   * The keys that end (or, for GDTI, GCN and ITIP, whose serial or components follow, begin) with a
   * check digit: how many digits it closes. A key whose check digit is wrong is kept as captured,
   * as the URN, which has no check digit, would name another key.
   */
  private static final Map<String, Integer> CHECKED =
      Map.ofEntries(
          Map.entry("00", 18),
          Map.entry("01", 14),
          Map.entry("253", 13),
          Map.entry("255", 13),
          Map.entry("402", 17),
          Map.entry("414", 13),
          Map.entry("417", 13),
          Map.entry("8006", 14),
          Map.entry("8017", 18),
          Map.entry("8018", 18));

  /**
   * An EPC URN as the Tag Data Standard writes one: its parts of GS1's character set 82, the
   * characters a URN may not hold escaped ({@code %22 %25 %26 %2F %3C %3E %3F}), and no other
   * escape.
   */
  private static final Pattern EPC_URN =
      Pattern.compile(
          "urn:epc:(?:id|class|idpat):[a-z]+:(?:[A-Za-z0-9._!'()*+,:;=-]|%(?:2[256Ff]|3[CcEeFf]))+");

  /** What GS1's Digital Link grammar percent-encodes in values that a URN may hold as it is. */
  private static final String ESCAPED_IN_VALUES = "!'()*+,:;=";

  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  private final JsonMapper json;
  private volatile CompanyPrefixes prefixes;

  EpcTranslator(EpcisJson json) {
    this.json = json.mapper();
  }

  /**
   * A stored event's body, its EPCs written in the format (the body itself when none translates).
   */
  String translate(String body, EpcFormat format) {
    if (!format.translates()) {
      return body;
    }
    ObjectNode event = (ObjectNode) json.readTree(body);
    boolean urn = format == EpcFormat.ALWAYS_EPC_URN;
    for (String list : INSTANCE_LISTS) {
      strings(event.get(list), false, urn);
    }
    identifier(event, "parentID", false, urn);
    for (String list : QUANTITY_LISTS) {
      if (event.get(list) instanceof ArrayNode quantities) {
        quantities.forEach(q -> identifier(q, "epcClass", true, urn));
      }
    }
    identifier(event.get("readPoint"), "id", false, urn);
    identifier(event.get("bizLocation"), "id", false, urn);
    parties(event.get("sourceList"), "source", urn);
    parties(event.get("destinationList"), "destination", urn);
    return json.writeValueAsString(event);
  }

  private void strings(JsonNode list, boolean classLevel, boolean urn) {
    if (list instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        if (array.get(i).isString()) {
          array.set(i, StringNode.valueOf(translate(array.get(i).asString(), classLevel, urn)));
        }
      }
    }
  }

  private void parties(JsonNode list, String field, boolean urn) {
    if (list instanceof ArrayNode array) {
      array.forEach(party -> identifier(party, field, false, urn));
    }
  }

  private void identifier(JsonNode node, String field, boolean classLevel, boolean urn) {
    if (node instanceof ObjectNode object && object.get(field) instanceof JsonNode value) {
      if (value.isString()) {
        object.put(field, translate(value.asString(), classLevel, urn));
      }
    }
  }

  /** One identifier as a URN or a Digital Link; kept as it is where neither applies. */
  String translate(String identifier, boolean classLevel, boolean urn) {
    return urn ? urn(identifier, classLevel) : digitalLink(identifier, classLevel);
  }

  /** An EPC URN (or EPC class URN, or pattern of a GTIN) as a GS1 Digital Link. */
  String digitalLink(String identifier, boolean classLevel) {
    if (!identifier.regionMatches(true, 0, "urn:epc:", 0, 8)
        || identifier.regionMatches(true, 0, "urn:epc:id:grai:", 0, 16)) {
      return identifier;
    }
    boolean pattern =
        identifier.regionMatches(true, 0, "urn:epc:class:", 0, 14)
            || identifier.regionMatches(true, 0, "urn:epc:idpat:", 0, 14);
    try {
      return escapeValues(
          classLevel && pattern
              ? ConverterUtil.toURIForClassLevelIdentifier(identifier)
              : ConverterUtil.toURI(identifier));
    } catch (Exception notTranslatable) {
      // the translator's own ValidationException, or a runtime exception of its parsing
      return identifier;
    }
  }

  /**
   * A Digital Link with the characters of GS1's set that its grammar has percent-encoded in a key
   * or qualifier ({@code ! ' ( ) * + , : ; =}; RFC 3986 would let them stand in a path, and the
   * translator leaves them so) percent-encoded. A Digital Link of an EPC has no query.
   */
  static String escapeValues(String link) {
    int path = link.indexOf('/', link.indexOf("//") + 2);
    if (path < 0) {
      return link;
    }
    StringBuilder out = null;
    for (int i = path; i < link.length(); i++) {
      char c = link.charAt(i);
      if (ESCAPED_IN_VALUES.indexOf(c) >= 0) {
        if (out == null) {
          out = new StringBuilder(link.length() + 16).append(link, 0, i);
        }
        out.append('%').append(HEX.toHexDigits((byte) c));
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? link : out.toString();
  }

  /**
   * A GS1 Digital Link as an EPC URN (an LGTIN or a GTIN's pattern for a class). A trade item is
   * read as {@link TraceIds#canonical} reads it (any host, GTIN length or short names); the scheme
   * and host of any other key in any case. A URN the EPC Tag Data Standard would not take (a
   * character outside GS1's set, a raw {@code /}) keeps the identifier as captured.
   */
  String urn(String identifier, boolean classLevel) {
    if (!identifier.regionMatches(true, 0, "https://", 0, 8)
        && !identifier.regionMatches(true, 0, "http://", 0, 7)) {
      return identifier;
    }
    String link = unescapeValues(lowerCaseHost(TraceIds.canonical(identifier)));
    try {
      // (a malformed escape in the key is an IllegalArgumentException here)
      int length = companyPrefixLength(link);
      if (length <= 0) {
        return identifier;
      }
      Map<String, String> converted =
          classLevel
              ? ConverterUtil.toURNForClassLevelIdentifier(link, length)
              : ConverterUtil.toURN(link, length);
      String urn = converted.get("asURN");
      return urn == null || !EPC_URN.matcher(urn).matches() ? identifier : urn;
    } catch (Exception notTranslatable) {
      return identifier;
    }
  }

  /**
   * A Digital Link with what {@link #escapeValues} escapes unescaped, as a URN holds it (the
   * translator would keep the escapes, which no EPC URN may hold).
   */
  static String unescapeValues(String link) {
    int at = link.indexOf('%');
    if (at < 0) {
      return link;
    }
    StringBuilder out = new StringBuilder(link.length()).append(link, 0, at);
    for (int i = at; i < link.length(); i++) {
      char c = link.charAt(i);
      if (c == '%' && i + 2 < link.length() && HEX.isHexDigit(link.charAt(i + 1))) {
        char escaped = (char) HEX.fromHexDigits(link, i + 1, i + 3);
        if (ESCAPED_IN_VALUES.indexOf(escaped) >= 0) {
          out.append(escaped);
          i += 2;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  /** The URI with its scheme and host in lower case (both are case-insensitive). */
  private static String lowerCaseHost(String uri) {
    int host = uri.indexOf("//") + 2;
    int path = uri.indexOf('/', host);
    return path < 0 ? uri : uri.substring(0, path).toLowerCase(Locale.ROOT) + uri.substring(path);
  }

  /**
   * The length of the company prefix the Digital Link's primary key starts with, as GS1's table
   * gives it; 0 where the table has none (or says none is allocated there).
   */
  int companyPrefixLength(String digitalLink) {
    int path = digitalLink.indexOf('/', digitalLink.indexOf("//") + 2);
    if (path < 0) {
      return 0;
    }
    String[] segments = digitalLink.substring(path + 1).split("[/?#]");
    for (int i = 0; i + 1 < segments.length; i++) {
      if (GRAI.equals(segments[i])) {
        return 0;
      }
      if (PRIMARY_KEYS.contains(segments[i])) {
        String key = URLDecoder.decode(segments[i + 1], StandardCharsets.UTF_8);
        Integer checked = CHECKED.get(segments[i]);
        if (checked != null && !checkDigitRight(key, checked)) {
          return 0;
        }
        if (!STARTING_WITH_PREFIX.contains(segments[i]) && key.length() > 13) {
          key = key.substring(1);
        }
        return companyPrefixes().length(key);
      }
    }
    return 0;
  }

  /** Whether the key's first {@code digits} characters are digits closed by a right check digit. */
  private static boolean checkDigitRight(String key, int digits) {
    if (key.length() < digits) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < digits; i++) {
      char c = key.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      if (i < digits - 1) {
        // weights 3 and 1 from the digit before the check digit leftwards
        sum += (c - '0') * ((digits - 1 - i) % 2 == 1 ? 3 : 1);
      }
    }
    return (10 - sum % 10) % 10 == key.charAt(digits - 1) - '0';
  }

  private CompanyPrefixes companyPrefixes() {
    CompanyPrefixes table = prefixes;
    if (table == null) {
      synchronized (this) {
        table = prefixes;
        if (table == null) {
          table = CompanyPrefixes.read(json);
          prefixes = table;
        }
      }
    }
    return table;
  }

  /**
   * GS1's company prefix length table ({@code gcpprefixformatlist.json} of the translator's jar):
   * each prefix of 3 to 12 digits with the length of the company prefixes under it; the longest
   * prefix a key starts with decides. Kept as sorted codes (the prefix's length times 10^12 plus
   * its value) beside their lengths: about a megabyte for 100,000 prefixes.
   */
  static final class CompanyPrefixes {

    private static final long SHIFT = 1_000_000_000_000L;
    private static final String TABLE = "/gcpprefixformatlist.json";

    private final long[] codes;
    private final byte[] lengths;

    private CompanyPrefixes(long[] codes, byte[] lengths) {
      this.codes = codes;
      this.lengths = lengths;
    }

    static CompanyPrefixes read(JsonMapper json) {
      long[] codes = new long[128 * 1024];
      int count = 0;
      try (InputStream in = ConverterUtil.class.getResourceAsStream(TABLE);
          JsonParser parser = json.createParser(in)) {
        String prefix = null;
        int length = -1;
        for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
          if (token == JsonToken.START_OBJECT) {
            prefix = null;
            length = -1;
          } else if (token == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            if ("prefix".equals(name)) {
              prefix = parser.getString();
            } else if ("gcpLength".equals(name)) {
              length = parser.getValueAsInt();
            }
          } else if (token == JsonToken.END_OBJECT && prefix != null && length >= 0) {
            if (count == codes.length) {
              codes = Arrays.copyOf(codes, count * 2);
            }
            // the length in the low bits while sorting, taken off afterwards
            codes[count++] = (code(prefix) << 5) | length;
            prefix = null;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (count == 0) {
        throw new IllegalStateException("no company prefixes in " + TABLE);
      }
      long[] sorted = Arrays.copyOf(codes, count);
      Arrays.sort(sorted);
      byte[] lengths = new byte[count];
      for (int i = 0; i < count; i++) {
        lengths[i] = (byte) (sorted[i] & 31);
        sorted[i] >>>= 5;
      }
      return new CompanyPrefixes(sorted, lengths);
    }

    private static long code(String digits) {
      return digits.length() * SHIFT + Long.parseLong(digits);
    }

    /** The company prefix length of a key (digits first), 0 where none is known. */
    int length(String key) {
      int digits = 0;
      while (digits < key.length() && digits < 12 && isDigit(key.charAt(digits))) {
        digits++;
      }
      for (int n = digits; n >= 3; n--) {
        int at = Arrays.binarySearch(codes, code(key.substring(0, n)));
        if (at >= 0) {
          return lengths[at];
        }
      }
      return 0;
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }
  }
}
