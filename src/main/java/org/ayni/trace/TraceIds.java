package org.ayni.trace;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The identifiers Ayni writes into events (ADR 0005): lots as GS1 Digital Link URIs where the
 * product has a GTIN, otherwise {@code urn:ayni:lot:{organisation}:{lot}}; parties, members,
 * production units, locations and products as {@code urn:ayni:…} URNs; our business steps under
 * {@code https://ayni.org/voc/bizstep/}. Also reads what lots other systems name (LGTIN, SGTIN,
 * Digital Link) back into lot code and GTIN, and gives a trade item one spelling however they wrote
 * it ({@link #canonical}).
 */
public final class TraceIds {

  public static final String BIZSTEP = "https://ayni.org/voc/bizstep/";
  public static final String DIGITAL_LINK = "https://id.gs1.org/01/";
  public static final String LOT = "urn:ayni:lot:";
  public static final String ORGANISATION = "urn:ayni:org:";
  public static final String MEMBER = "urn:ayni:member:";
  public static final String UNIT = "urn:ayni:unit:";
  public static final String LOCATION = "urn:ayni:loc:";
  public static final String PRODUCT = "urn:ayni:product:";
  public static final String PARTY = "urn:ayni:party:";
  public static final String REFERENCE = "urn:ayni:ref:";
  private static final String LGTIN = "urn:epc:class:lgtin:";
  private static final String SGTIN = "urn:epc:id:sgtin:";

  /** Extension key naming the product of the lots an event creates. */
  public static final String EXT_PRODUCT = "ayni:product";

  /**
   * Extension key naming the product of each lot an event creates, as space-separated {@code
   * lot=product} pairs (for transformations with outputs of several products).
   */
  public static final String EXT_PRODUCTS = "ayni:products";

  /** Extension key with the display name of a destination outside the platform. */
  public static final String EXT_DESTINATION_NAME = "ayni:destinationName";

  /** Extension key with the display name of a source (a supplier) outside the platform. */
  public static final String EXT_SOURCE_NAME = "ayni:sourceName";

  private TraceIds() {}

  public static String lot(String organisationCode, String gtin, String lotCode) {
    if (gtin != null && !gtin.isBlank()) {
      return DIGITAL_LINK + gtin + "/10/" + encode(lotCode);
    }
    return LOT + organisationCode + ":" + lotCode;
  }

  /**
   * The one spelling Ayni keys a GS1 trade item by (ADR 0010), however an event wrote it: an LGTIN
   * or SGTIN URN, or a GS1 Digital Link of any host, with a GTIN of 8, 12, 13 or 14 digits, the
   * short names of its first version ({@code /gtin/}, {@code /lot/}, {@code /ser/}) or data
   * attributes after {@code ?}, becomes the Digital Link on {@code id.gs1.org} with a GTIN-14 and
   * the lot or serial percent-encoded as {@link #lot} writes it. Anything else (our URNs, other GS1
   * keys, EPC patterns, a Digital Link with other key qualifiers or a wrong check digit) is
   * returned as it is.
   */
  public static String canonical(String identifier) {
    if (identifier == null) {
      return null;
    }
    try {
      // schemes, a URN's namespace and a Web URI's host are case-insensitive; so are taken here
      // the URNs' schemes of the EPC standard and the Digital Link's short names
      boolean lot = startsWithIgnoringCase(identifier, LGTIN);
      if (lot || startsWithIgnoringCase(identifier, SGTIN)) {
        String[] p = identifier.substring((lot ? LGTIN : SGTIN).length()).split("\\.", 3);
        String gtin = p.length == 3 && !p[2].isEmpty() ? gtin(p[0], p[1]) : null;
        return gtin == null
            ? identifier
            : DIGITAL_LINK + gtin + (lot ? "/10/" : "/21/") + encode(decode(p[2]));
      }
      if (startsWithIgnoringCase(identifier, "https://")
          || startsWithIgnoringCase(identifier, "http://")) {
        String link = digitalLink(identifier);
        return link.equals(identifier) ? identifier : link;
      }
    } catch (IllegalArgumentException badEscape) {
      // a malformed percent-escape: kept as written
    }
    return identifier;
  }

  /** A Digital Link of a GTIN, with a lot, a serial or neither, canonical; else as it is. */
  private static String digitalLink(String uri) {
    int path = uri.indexOf('/', uri.indexOf("//") + 2);
    if (path < 0) {
      return uri;
    }
    int key = uri.indexOf("/01/", path);
    int skip = 4;
    if (key < 0) {
      key = indexOfIgnoringCase(uri, "/gtin/", path);
      skip = 6;
    }
    if (key < 0) {
      return uri;
    }
    int end = uri.length();
    for (char c : new char[] {'?', '#'}) {
      int at = uri.indexOf(c, key);
      if (at >= 0 && at < end) {
        end = at;
      }
    }
    String[] segments = uri.substring(key + skip, end).split("/");
    String digits = decode(segments[0]);
    if (!validGtin(digits)) {
      return uri;
    }
    String gtin = DIGITAL_LINK + gtin14(digits);
    if (segments.length == 1) {
      return gtin;
    }
    if (segments.length != 3 || segments[2].isEmpty()) {
      return uri;
    }
    String qualifier =
        switch (segments[1].toLowerCase(Locale.ROOT)) {
          case "10", "lot" -> "/10/";
          case "21", "ser" -> "/21/";
          default -> null;
        };
    return qualifier == null ? uri : gtin + qualifier + encode(decode(segments[2]));
  }

  private static boolean startsWithIgnoringCase(String text, String prefix) {
    return text.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  private static int indexOfIgnoringCase(String text, String part, int from) {
    for (int i = from; i + part.length() <= text.length(); i++) {
      if (text.regionMatches(true, i, part, 0, part.length())) {
        return i;
      }
    }
    return -1;
  }

  /** A lot or serial as a Digital Link path segment: percent-encoded UTF-8, a space as %20. */
  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String decodeOrKeep(String segment) {
    try {
      return decode(segment);
    } catch (IllegalArgumentException badEscape) {
      return segment;
    }
  }

  /** A percent-encoded URI segment decoded; a {@code +} stays a plus (it is no space in a URI). */
  private static String decode(String segment) {
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  public static String organisation(String code) {
    return ORGANISATION + code;
  }

  public static String member(String organisationCode, String memberCode) {
    return MEMBER + organisationCode + ":" + memberCode;
  }

  public static String unit(String organisationCode, String unitCode) {
    return UNIT + organisationCode + ":" + unitCode;
  }

  public static String product(String organisationCode, String productCode) {
    return PRODUCT + organisationCode + ":" + productCode;
  }

  public static String location(String organisationCode, String name) {
    return LOCATION + organisationCode + ":" + slug(name);
  }

  /** A party outside the platform (a buyer, a supplier) named by one of our organisations. */
  public static String party(String organisationCode, String name) {
    return PARTY + organisationCode + ":" + slug(name);
  }

  /** A business document reference (an invoice number…) as the URI a bizTransaction needs. */
  public static String reference(String reference) {
    return REFERENCE + URLEncoder.encode(reference, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The reference a bizTransaction URI of ours carries; other URIs as they are. */
  public static String readReference(String uri) {
    if (uri != null && uri.startsWith(REFERENCE)) {
      return URLDecoder.decode(uri.substring(REFERENCE.length()), StandardCharsets.UTF_8);
    }
    return uri;
  }

  /** A shipment's paper as the shipment keeps it: its type (a bare CBV word), null for none. */
  public record Paper(String type, String id) {

    /** As kept: "desadv GR 001", or the id alone. */
    public String written() {
      return type == null ? id : type + " " + id;
    }
  }

  /**
   * A shipment's papers as it keeps them ("desadv GR 001, inv F-12": the lot projection writes each
   * business transaction's type, when it has one, before its id), each read at its first space; a
   * paper of one word has no type.
   */
  public static List<Paper> papers(String kept) {
    if (kept == null || kept.isBlank()) {
      return List.of();
    }
    List<Paper> papers = new ArrayList<>();
    for (String paper : kept.split(", ")) {
      int space = paper.indexOf(' ');
      papers.add(
          space > 0
              ? new Paper(paper.substring(0, space), paper.substring(space + 1))
              : new Paper(null, paper));
    }
    return papers;
  }

  public static String bizStep(String step) {
    return BIZSTEP + step;
  }

  /**
   * The bare CBV word of a business step, disposition or source type, however it was sent ({@code
   * shipping}, {@code https://ref.gs1.org/cbv/BizStep-shipping}, {@code
   * urn:epcglobal:cbv:bizstep:shipping}); our own URIs and others are returned as they are.
   */
  public static String cbvWord(String value) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    int dash = v.lastIndexOf('-');
    if (v.startsWith("https://ref.gs1.org/cbv/") || v.startsWith("http://ref.gs1.org/cbv/")) {
      return dash < 0 ? v : v.substring(dash + 1);
    }
    if (v.startsWith("urn:epcglobal:cbv:")) {
      return v.substring(v.lastIndexOf(':') + 1);
    }
    return v;
  }

  /**
   * A URN-safe, lower-case slug of a name: Latin letters without their accents, ASCII digits, the
   * rest between them one hyphen ("Almacén Ñaña – Sector 2" is {@code almacen-nana-sector-2};
   * full-width Latin letters and digits, as Chinese and Japanese keyboards type them, count as
   * theirs). A name with letters or digits of other scripts ("上海仓库", "Склад 2") ends in ten
   * hexadecimal digits of a hash of them (in lower case, Greek without its accents), so that names
   * in those scripts are told apart and the slug stays short; a name of neither (symbols only) is
   * such a hash of all of it, and "x" names no name.
   *
   * <p>Places keep the slug of their name as its key ({@code trace_place.name_key}, unique per
   * organisation; V42): a change of this rule needs a migration that keys the places again.
   */
  public static String slug(String name) {
    String text = Normalizer.normalize(name == null ? "" : name.trim(), Normalizer.Form.NFC);
    StringBuilder ascii = new StringBuilder();
    StringBuilder other = new StringBuilder();
    boolean latin = false;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (c >= 0xFF01 && c <= 0xFF5E) {
        c -= 0xFEE0; // full-width ASCII (Ａ, １) is ASCII
      }
      int type = Character.getType(c);
      boolean mark =
          type == Character.NON_SPACING_MARK
              || type == Character.COMBINING_SPACING_MARK
              || type == Character.ENCLOSING_MARK;
      Character.UnicodeScript script = Character.UnicodeScript.of(c);
      if (c < 128 || script == Character.UnicodeScript.LATIN) {
        String base = withoutMarks(Character.toString(c)).toLowerCase(Locale.ROOT);
        ascii.append(base.matches("[a-z0-9]+") ? base : "-");
        latin = true;
        other.append(' ');
      } else if (mark && latin) {
        continue; // an accent of a Latin letter with no letter of its own
      } else if (mark || Character.isLetterOrDigit(c)) {
        String letter = Character.toString(c);
        if (script == Character.UnicodeScript.GREEK) {
          letter = withoutMarks(letter);
        }
        // upper then lower: one letter for every case of it (Σ, σ and final ς are σ)
        other.append(letter.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT));
        ascii.append('-');
        latin = false;
      } else {
        ascii.append('-');
        latin = false;
        other.append(' ');
      }
    }
    String slug = ascii.toString().replaceAll("-+", "-").replaceAll("(^-)|(-$)", "");
    String words = other.toString().strip().replaceAll(" +", " ");
    if (words.isEmpty() && slug.isEmpty()) {
      return text.isBlank() ? "x" : hash(text.replaceAll("\\s+", " "));
    }
    if (words.isEmpty()) {
      return slug;
    }
    return slug.isEmpty() ? hash(words) : slug + "-" + hash(words);
  }

  private static String withoutMarks(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
  }

  /** Ten hexadecimal digits of the SHA-256 of a text. */
  private static String hash(String text) {
    return HexFormat.of().formatHex(sha256(text)).substring(0, 10);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** Parts of a {@code urn:ayni:…:{organisation}:{code}} URN; null when it is not one. */
  public static String[] ownParts(String prefix, String urn) {
    if (urn == null || !urn.startsWith(prefix)) {
      return null;
    }
    String rest = urn.substring(prefix.length());
    int colon = rest.indexOf(':');
    if (colon <= 0 || colon == rest.length() - 1) {
      return null;
    }
    return new String[] {rest.substring(0, colon), rest.substring(colon + 1)};
  }

  /**
   * The organisation code a lot identifier in our URN names ({@code urn:ayni:lot:{code}:…}, the
   * scheme and namespace in any case as URNs allow; codes are lower case), else null.
   */
  public static String lotOrganisationCode(String identifier) {
    if (identifier == null || !identifier.regionMatches(true, 0, LOT, 0, LOT.length())) {
      return null;
    }
    String[] parts = ownParts(LOT, LOT + identifier.substring(LOT.length()));
    return parts == null ? null : parts[0].toLowerCase(java.util.Locale.ROOT);
  }

  /** What a lot identifier tells: its kind, its lot code and GTIN where it has them. */
  public record Parsed(String kind, String code, String gtin) {}

  /**
   * Reads a lot or item identifier, in any spelling {@link #canonical} reads: LOT (a class with a
   * lot), ITEM (a serial) or PATTERN.
   */
  public static Parsed parse(String written) {
    String identifier = canonical(written);
    if (identifier.startsWith("urn:epc:idpat:")) {
      return new Parsed("PATTERN", null, null);
    }
    if (identifier.startsWith(LOT)) {
      String[] parts = ownParts(LOT, identifier);
      return new Parsed("LOT", parts == null ? null : parts[1], null);
    }
    if (identifier.startsWith(LGTIN)) {
      String[] p = identifier.substring(LGTIN.length()).split("\\.", 3);
      return new Parsed(
          "LOT", p.length == 3 ? p[2] : null, p.length >= 2 ? gtin(p[0], p[1]) : null);
    }
    if (identifier.startsWith(SGTIN)) {
      String[] p = identifier.substring(SGTIN.length()).split("\\.", 3);
      return new Parsed("ITEM", null, p.length >= 2 ? gtin(p[0], p[1]) : null);
    }
    if (identifier.startsWith("urn:epc:id:")) {
      return new Parsed("ITEM", null, null);
    }
    // a Digital Link: /01/{gtin} or, in its first version's short names, /gtin/{gtin}
    int gs1 = identifier.indexOf("/01/");
    int key = 4;
    if (gs1 < 0) {
      gs1 = identifier.indexOf("/gtin/");
      key = 6;
    }
    if (identifier.startsWith("http") && gs1 > 0) {
      String[] segments = identifier.substring(gs1 + key).split("[/?#]");
      String gtin = segments[0].replaceAll("[^0-9]", "");
      // leading zeros beyond fourteen digits change nothing of the number
      while (gtin.length() > 14 && gtin.charAt(0) == '0') {
        gtin = gtin.substring(1);
      }
      String lot = null;
      boolean serial = false;
      for (int i = 1; i + 1 < segments.length; i += 2) {
        if (segments[i].equals("10") || segments[i].equals("lot")) {
          lot = decodeOrKeep(segments[i + 1]);
        } else if (segments[i].equals("21") || segments[i].equals("ser")) {
          serial = true;
        }
      }
      return new Parsed(serial ? "ITEM" : "LOT", lot, validGtin(gtin) ? gtin14(gtin) : null);
    }
    return new Parsed("LOT", null, null);
  }

  /**
   * Whether an EPC pattern of trade items ({@code urn:epc:idpat:sgtin:} or {@code lgtin:}) takes in
   * items or lots of the GTIN (fourteen digits): its company prefix is the GTIN's and its item
   * reference, unless {@code *}, too. A pattern of every company ({@code *.*.*}) names no one's.
   */
  public static boolean patternOf(String pattern, String gtin14) {
    String[] p = patternParts(pattern);
    if (p == null || gtin14 == null || gtin14.length() != 14) {
      return false;
    }
    if (!p[1].equals("*")) {
      return gtin14.equals(gtin(p[0], p[1]));
    }
    return gtin14.startsWith(p[0], 1);
  }

  /**
   * The company prefix a pattern of trade items names (digits), with its item reference or {@code
   * *}; null for any other identifier or a pattern of every company.
   */
  public static String[] patternParts(String identifier) {
    String body = null;
    for (String scheme : List.of("urn:epc:idpat:sgtin:", "urn:epc:idpat:lgtin:")) {
      // a URN's scheme in any case (URN:EPC:IDPAT:SGTIN: is the same pattern)
      if (identifier != null && identifier.regionMatches(true, 0, scheme, 0, scheme.length())) {
        body = identifier.substring(scheme.length());
      }
    }
    String[] p = body == null ? null : body.split("\\.", 3);
    if (p == null || p.length < 2 || !p[0].matches("[0-9]{1,12}")) {
      return null;
    }
    return new String[] {p[0], p[1]};
  }

  /**
   * GTIN-14 from an EPC company prefix and item reference (indicator digit first); null when they
   * are not digits of thirteen in all.
   */
  public static String gtin(String companyPrefix, String itemReference) {
    if (!companyPrefix.matches("[0-9]+")
        || !itemReference.matches("[0-9]+")
        || companyPrefix.length() + itemReference.length() != 13) {
      return null;
    }
    String body = itemReference.charAt(0) + companyPrefix + itemReference.substring(1);
    return body + checkDigit(body);
  }

  /** The GS1 check digit of the digits before it. */
  public static int checkDigit(String digits) {
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      int d = digits.charAt(digits.length() - 1 - i) - '0';
      sum += i % 2 == 0 ? d * 3 : d;
    }
    return (10 - sum % 10) % 10;
  }

  /** Whether a text is a GTIN-8/12/13/14 with a correct check digit. */
  public static boolean validGtin(String gtin) {
    if (gtin == null || !gtin.matches("[0-9]{8}|[0-9]{12,14}")) {
      return false;
    }
    return checkDigit(gtin.substring(0, gtin.length() - 1)) == gtin.charAt(gtin.length() - 1) - '0';
  }

  /** A GTIN as the 14 digits of a Digital Link. */
  public static String gtin14(String gtin) {
    return gtin == null ? null : "0".repeat(Math.max(0, 14 - gtin.length())) + gtin;
  }
}
