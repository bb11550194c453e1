package org.ayni.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.LocalDate;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.ayni.shared.ConflictException;
import org.ayni.shared.FieldProblem;
import org.ayni.shared.ForbiddenException;
import org.ayni.shared.InvalidInputException;
import org.ayni.shared.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error of the API as RFC 9457 {@code application/problem+json} in the caller's language,
 * with one entry per bad field under {@code errors}. Only for REST controllers: the pages' errors
 * are pages ({@link UiExceptionHandler}). Under {@code /epcis}, where the interface's controllers
 * answer most errors themselves, those that come here carry the EPCIS exception type and title too
 * ({@link EpcisErrors}). (Selectors of an advice are alternatives: with a base package as well,
 * this advice took the pages' errors too.)
 */
@RestControllerAdvice(annotations = org.springframework.web.bind.annotation.RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  private final MessageSource messages;

  ApiExceptionHandler(MessageSource messages) {
    this.messages = messages;
  }

  @ExceptionHandler(InvalidInputException.class)
  ResponseEntity<ProblemDetail> invalid(InvalidInputException e, HttpServletRequest request) {
    return fieldProblems(e.problems(), request);
  }

  @ExceptionHandler(NotFoundException.class)
  ResponseEntity<ProblemDetail> notFound(NotFoundException e, HttpServletRequest request) {
    return problem(HttpStatus.NOT_FOUND, e.messageKey(), request);
  }

  @ExceptionHandler(ForbiddenException.class)
  ResponseEntity<ProblemDetail> forbidden(ForbiddenException e, HttpServletRequest request) {
    return problem(HttpStatus.FORBIDDEN, e.messageKey(), request);
  }

  @ExceptionHandler(ConflictException.class)
  ResponseEntity<ProblemDetail> conflict(ConflictException e, HttpServletRequest request) {
    return problem(HttpStatus.CONFLICT, e.messageKey(), request);
  }

  @ExceptionHandler(DataIntegrityViolationException.class)
  ResponseEntity<ProblemDetail> integrity(
      DataIntegrityViolationException e, HttpServletRequest request) {
    log.info(
        "integrity violation on {}: {}",
        request.getRequestURI(),
        e.getMostSpecificCause().getMessage());
    return problem(HttpStatus.CONFLICT, "error.integrity", request);
  }

  /**
   * A lock the database gave up waiting for, a deadlock or a serialisation failure (a change to the
   * same lots by another request, ADR 0007's lineage lock): nothing was saved, and trying again in
   * a moment will do.
   */
  @ExceptionHandler(TransientDataAccessException.class)
  ResponseEntity<ProblemDetail> busy(TransientDataAccessException e, HttpServletRequest request) {
    log.info(
        "transient database failure on {}: {}",
        request.getRequestURI(),
        e.getMostSpecificCause().getMessage());
    ResponseEntity<ProblemDetail> problem =
        problem(HttpStatus.SERVICE_UNAVAILABLE, "error.busy", request);
    return ResponseEntity.status(problem.getStatusCode())
        .headers(problem.getHeaders())
        .header(HttpHeaders.RETRY_AFTER, "1")
        .body(problem.getBody());
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ProblemDetail> unreadable(
      HttpMessageNotReadableException e, HttpServletRequest request) {
    if (RequestSizeLimitFilter.causedByLimit(e)) {
      throw new PayloadTooLargeException(0);
    }
    if (e.getCause() instanceof DatabindException databind && !databind.getPath().isEmpty()) {
      StringBuilder field = new StringBuilder();
      for (var reference : databind.getPath()) {
        if (reference.getPropertyName() != null) {
          if (!field.isEmpty()) {
            field.append('.');
          }
          field.append(reference.getPropertyName());
        } else if (reference.getIndex() >= 0) {
          field.append('[').append(reference.getIndex()).append(']');
        }
      }
      if (databind instanceof UnrecognizedPropertyException unknown) {
        // a field the body does not have: say which it has
        String fields =
            unknown.getKnownPropertyIds().stream()
                .map(String::valueOf)
                .sorted()
                .collect(Collectors.joining(", "));
        return fieldProblems(
            List.of(FieldProblem.of(field.toString(), "validation.unknown-field", fields)),
            request);
      }
      if (databind instanceof InvalidFormatException invalid
          && invalid.getTargetType() != null
          && invalid.getTargetType().isEnum()) {
        // a value of a list: say which ones there are (DID_NOT_OCCUR, INCORRECT_DATA)
        String choices =
            java.util.Arrays.stream(invalid.getTargetType().getEnumConstants())
                .map(String::valueOf)
                .collect(Collectors.joining(", "));
        return fieldProblems(
            List.of(FieldProblem.of(field.toString(), "validation.one-of", choices)), request);
      }
      if (databind instanceof MismatchedInputException mismatch
          && mismatch.getTargetType() != null
          && Temporal.class.isAssignableFrom(mismatch.getTargetType())
          && !LocalDate.class.equals(mismatch.getTargetType())) {
        // a time the API is sent must say where on Earth's clocks it is: say how to write one
        return fieldProblems(
            List.of(FieldProblem.of(field.toString(), "validation.date-time")), request);
      }
      return fieldProblems(List.of(FieldProblem.of(field.toString(), "validation.type")), request);
    }
    return problem(HttpStatus.BAD_REQUEST, "error.body.malformed", request);
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> mismatch(
      MethodArgumentTypeMismatchException e, HttpServletRequest request) {
    return fieldProblems(List.of(FieldProblem.of(e.getName(), "validation.type")), request);
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<ProblemDetail> missing(
      MissingServletRequestParameterException e, HttpServletRequest request) {
    return fieldProblems(
        List.of(FieldProblem.of(e.getParameterName(), "validation.required")), request);
  }

  /** A parameter of the query string that does not decode ({@code ?q=%zz}): the client's error. */
  @ExceptionHandler(InvalidParameterException.class)
  ResponseEntity<ProblemDetail> undecodable(HttpServletRequest request) {
    return problem(HttpStatus.BAD_REQUEST, "error.parameter-encoding", request);
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ProblemDetail> mediaType(HttpServletRequest request) {
    return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "error.media-type", request);
  }

  @ExceptionHandler(PayloadTooLargeException.class)
  ResponseEntity<ProblemDetail> tooLarge(PayloadTooLargeException e, HttpServletRequest request) {
    return problem(HttpStatus.CONTENT_TOO_LARGE, "error.too-large", request, e.limit());
  }

  private ResponseEntity<ProblemDetail> fieldProblems(
      List<FieldProblem> problems, HttpServletRequest request) {
    Locale locale = LocaleContextHolder.getLocale();
    // a read saves nothing, and says so not
    String detail = "GET".equals(request.getMethod()) ? "error.invalid-read" : "error.invalid";
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST, messages.getMessage(detail, null, locale));
    body.setTitle(messages.getMessage("error.status.400", null, locale));
    body.setType(URI.create("https://ayni.org/problems/invalid-input"));
    body.setInstance(URI.create(request.getRequestURI()));
    List<Map<String, String>> errors = new ArrayList<>();
    for (FieldProblem p : problems) {
      errors.add(
          Map.of(
              "field",
              p.field(),
              "code",
              p.messageKey(),
              "message",
              messages.getMessage(p.messageKey(), p.arguments().toArray(), locale)));
    }
    body.setProperty("errors", errors);
    EpcisErrors.named(body, path(request));
    return ResponseEntity.badRequest()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .headers(h -> EpcisErrors.versions(path(request), h::set))
        .body(body);
  }

  ResponseEntity<ProblemDetail> problem(
      HttpStatus status, String key, HttpServletRequest request, Object... arguments) {
    ProblemDetail body =
        problemDetail(messages, LocaleContextHolder.getLocale(), status, key, request, arguments);
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .headers(h -> EpcisErrors.versions(path(request), h::set))
        .body(body);
  }

  /**
   * A refusal in the reader's language: the status's title, the message of the key as its detail
   * and the key as {@code code}, the path (without its query) as its instance; under {@code /epcis}
   * named as EPCIS names the status ({@link EpcisErrors}). Also what {@link RequestSizeLimitFilter}
   * answers before any controller.
   */
  static ProblemDetail problemDetail(
      MessageSource messages,
      Locale locale,
      HttpStatus status,
      String key,
      HttpServletRequest request,
      Object... arguments) {
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(status, messages.getMessage(key, arguments, locale));
    body.setTitle(messages.getMessage("error.status." + status.value(), null, locale));
    body.setInstance(URI.create(request.getRequestURI()));
    body.setProperty("code", key);
    return EpcisErrors.named(body, path(request));
  }

  /** The request's path without the context path. */
  static String path(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    return context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri;
  }
}
