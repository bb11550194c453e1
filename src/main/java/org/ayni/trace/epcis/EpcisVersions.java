package org.ayni.trace.epcis;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The versions a request asks for, checked before any EPCIS resource answers it: this repository
 * serves EPCIS 2.0.0 and CBV 2.0.0 only (as {@code OPTIONS} says, {@code GS1-EPCIS-Min} and {@code
 * -Max} 2.0.0), so a request whose {@code GS1-EPCIS-Version} or {@code GS1-CBV-Version} names
 * another version, whose {@code GS1-EPCIS-Min} / {@code GS1-CBV-Min} is above 2.0.0 or whose {@code
 * -Max} is below it, is a {@code 406 NotAcceptableException} (the OpenAPI's 406NotAcceptable,
 * "conflicting request and response headers") rather than a 2.0 answer the client did not ask for.
 * Versions compare by their numbers ({@code 2}, {@code 2.0} and {@code 2.0.0} are one version); a
 * value that is no version ({@code ^\d+(\.\d+)*$}) serves no request either. {@code OPTIONS} is not
 * checked: it is how a client learns what is served.
 */
final class EpcisVersions implements HandlerInterceptor {

  /** The version served, of EPCIS and of CBV alike. */
  static final List<Integer> SERVED = List.of(2, 0, 0);

  private static final Pattern VERSION = Pattern.compile("\\d{1,9}(\\.\\d{1,9})*");

  private enum Bound {
    EXACT,
    MIN,
    MAX
  }

  private record Header(String name, Bound bound) {}

  private static final List<Header> HEADERS =
      List.of(
          new Header("GS1-EPCIS-Version", Bound.EXACT),
          new Header("GS1-EPCIS-Min", Bound.MIN),
          new Header("GS1-EPCIS-Max", Bound.MAX),
          new Header("GS1-CBV-Version", Bound.EXACT),
          new Header("GS1-CBV-Min", Bound.MIN),
          new Header("GS1-CBV-Max", Bound.MAX));

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (!"OPTIONS".equals(request.getMethod())
        && handler instanceof HandlerMethod method
        && EpcisEndpoint.class.isAssignableFrom(method.getBeanType())) {
      require(request);
    }
    return true;
  }

  /** Refuses a request that asks for a version not served (NotAcceptableException). */
  static void require(HttpServletRequest request) {
    for (Header header : HEADERS) {
      var values = request.getHeaders(header.name());
      while (values != null && values.hasMoreElements()) {
        String value = values.nextElement();
        if (!served(value, header.bound())) {
          throw new EpcisException(
              EpcisException.Type.NotAcceptableException,
              "epcis.version.not-served",
              header.name(),
              value.strip(),
              EpcisEndpoint.VERSION);
        }
      }
    }
  }

  private static boolean served(String value, Bound bound) {
    String version = value.strip();
    if (!VERSION.matcher(version).matches()) {
      return false;
    }
    int comparison = compare(version.split("\\."));
    return switch (bound) {
      case EXACT -> comparison == 0;
      case MIN -> comparison <= 0;
      case MAX -> comparison >= 0;
    };
  }

  /** The version against the one served, the missing numbers of either taken as 0. */
  private static int compare(String[] numbers) {
    for (int i = 0; i < Math.max(numbers.length, SERVED.size()); i++) {
      int asked = i < numbers.length ? Integer.parseInt(numbers[i]) : 0;
      int served = i < SERVED.size() ? SERVED.get(i) : 0;
      if (asked != served) {
        return Integer.compare(asked, served);
      }
    }
    return 0;
  }
}
