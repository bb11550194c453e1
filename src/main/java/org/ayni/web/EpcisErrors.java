package org.ayni.web;

import java.net.URI;
import java.util.function.BiConsumer;
import org.ayni.shared.web.EpcisVersion;
import org.springframework.http.ProblemDetail;

/**
 * The errors the web layer answers itself under {@code /epcis} (no controller took the request, a
 * body above the limit, a request the container refuses): as the EPCIS interface's own, their
 * {@code type} is {@code epcisException:<Name>} and their {@code title} the exception's name (the
 * text in the caller's language is the {@code detail}), the name the one EPCIS 2.0 gives the
 * status; and they name the versions served, as every answer of the interface does. Answers
 * elsewhere are left as they are.
 */
final class EpcisErrors {

  private static final String EPCIS = "/epcis";

  private EpcisErrors() {}

  /** Whether a path (without the context path) is of the EPCIS interface. */
  static boolean isEpcis(String path) {
    return path != null && (path.equals(EPCIS) || path.startsWith(EPCIS + "/"));
  }

  /**
   * The EPCIS exception of a status: the OpenAPI's for those it names; a method a resource does not
   * take is, as the OpenAPI's 501, functionality the server does not support.
   */
  static String exception(int status) {
    return switch (status) {
      case 401, 403 -> "SecurityException";
      case 404 -> "NoSuchResourceException";
      case 406 -> "NotAcceptableException";
      case 409 -> "ResourceAlreadyExistsException";
      case 413 -> "CaptureLimitExceededException";
      case 414 -> "URITooLongException";
      case 415 -> "UnsupportedMediaTypeException";
      default -> status == 405 || status >= 500 ? "ImplementationException" : "ValidationException";
    };
  }

  /** The problem with the EPCIS type and title of its status, if the path is EPCIS's. */
  static ProblemDetail named(ProblemDetail problem, String path) {
    if (isEpcis(path)) {
      String name = exception(problem.getStatus());
      problem.setType(URI.create("epcisException:" + name));
      problem.setTitle(name);
    }
    return problem;
  }

  /** The headers naming the versions served, if the path is EPCIS's. */
  static void versions(String path, BiConsumer<String, String> set) {
    if (isEpcis(path)) {
      EpcisVersion.headers(set);
    }
  }
}
