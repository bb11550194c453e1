package org.ayni.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.LocaleResolver;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses request bodies above {@code ayni.http.max-request-bytes} with 413, before anything reads
 * them: at once when {@code Content-Length} says so, or as soon as a chunked body goes past it. An
 * address (path and query) longer than {@code ayni.http.max-uri-length} characters is refused with
 * 414, EPCIS's URITooLongException under {@code /epcis}. That limit must be below the container's
 * for the whole request head ({@code server.max-http-request-header-size}), which answers a longer
 * request line with a 400 without a body before any application code can tell what was asked: the
 * filter refuses to start otherwise.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestSizeLimitFilter extends OncePerRequestFilter {

  private final long limit;
  private final int uriLimit;
  private final MessageSource messages;
  private final LocaleResolver locales;
  // With Spring's mix-in, as the API's converters write it: extra properties at the top level.
  private final JsonMapper json =
      JsonMapper.builder().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class).build();

  RequestSizeLimitFilter(
      @Value("${ayni.http.max-request-bytes}") long limit,
      @Value("${ayni.http.max-uri-length}") int uriLimit,
      @Value("${server.max-http-request-header-size:8KB}") DataSize headLimit,
      MessageSource messages,
      LocaleResolver locales) {
    if (uriLimit >= headLimit.toBytes()) {
      throw new IllegalStateException(
          "ayni.http.max-uri-length ("
              + uriLimit
              + ") must be below server.max-http-request-header-size ("
              + headLimit
              + "), or no address would ever be refused with 414");
    }
    this.limit = limit;
    this.uriLimit = uriLimit;
    this.messages = messages;
    this.locales = locales;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (uriLength(request) > uriLimit) {
      // under /epcis, with the way round it: a named query
      String code =
          EpcisErrors.isEpcis(ApiExceptionHandler.path(request))
              ? "error.uri-too-long.epcis"
              : "error.uri-too-long";
      refuse(request, response, HttpStatus.URI_TOO_LONG, code, uriLimit);
      return;
    }
    if (request.getContentLengthLong() > limit) {
      refuse(request, response);
      return;
    }
    try {
      chain.doFilter(new Limited(request, limit), response);
    } catch (ServletException | RuntimeException e) {
      if (causedByLimit(e) && !response.isCommitted()) {
        response.reset();
        refuse(request, response);
        return;
      }
      throw e;
    }
  }

  static boolean causedByLimit(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PayloadTooLargeException) {
        return true;
      }
    }
    return false;
  }

  /** The address as sent: its path and query, still percent-encoded. */
  private static int uriLength(HttpServletRequest request) {
    String query = request.getQueryString();
    return request.getRequestURI().length() + (query == null ? 0 : 1 + query.length());
  }

  private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
    refuse(request, response, HttpStatus.CONTENT_TOO_LARGE, "error.too-large", limit);
  }

  private void refuse(
      HttpServletRequest request,
      HttpServletResponse response,
      HttpStatus status,
      String code,
      long max)
      throws IOException {
    // a number, written without grouping by the message ({0,number,#})
    ProblemDetail problem =
        ApiExceptionHandler.problemDetail(
            messages, locales.resolveLocale(request), status, code, request, max);
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Connection", "close");
    EpcisErrors.versions(ApiExceptionHandler.path(request), response::setHeader);
    json.writeValue(response.getOutputStream(), problem);
  }

  /** Counts the bytes read from the body and stops past the limit. */
  private static final class Limited extends HttpServletRequestWrapper {

    private final long limit;
    private ServletInputStream stream;

    Limited(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        ServletInputStream in = super.getInputStream();
        stream =
            new ServletInputStream() {
              private long count;

              @Override
              public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                  count(1);
                }
                return b;
              }

              @Override
              public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = in.read(buffer, offset, length);
                if (n > 0) {
                  count(n);
                }
                return n;
              }

              private void count(int n) {
                count += n;
                if (count > limit) {
                  throw new PayloadTooLargeException(limit);
                }
              }

              @Override
              public boolean isFinished() {
                return in.isFinished();
              }

              @Override
              public boolean isReady() {
                return in.isReady();
              }

              @Override
              public void setReadListener(ReadListener listener) {
                in.setReadListener(listener);
              }
            };
      }
      return stream;
    }
  }
}
