package org.ayni.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Requests no controller took: a path nothing answers to, a method the path does not take, an
 * answer in a type it cannot give. Problem JSON in the caller's language under {@code /api} and
 * {@code /epcis} (there with the EPCIS exception type and title of the status: {@link
 * EpcisErrors}), the error page elsewhere. (No controller handled the request, so the
 * controller-scoped handlers do not apply.)
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class UnknownPathHandler {

  private final ApiExceptionHandler api;

  UnknownPathHandler(ApiExceptionHandler api) {
    this.api = api;
  }

  @ExceptionHandler(NoResourceFoundException.class)
  Object unknown(HttpServletRequest request, HttpServletResponse response) {
    if (!isApi(request)) {
      return page(HttpStatus.NOT_FOUND, "error.not-found", response);
    }
    return api.problem(HttpStatus.NOT_FOUND, "error.not-found", request);
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  Object method(
      HttpRequestMethodNotSupportedException e,
      HttpServletRequest request,
      HttpServletResponse response) {
    if (e.getSupportedHttpMethods() != null) {
      response.setHeader("Allow", String.join(", ", e.getSupportedMethods()));
    }
    return isApi(request)
        ? api.problem(HttpStatus.METHOD_NOT_ALLOWED, "error.method", request)
        : page(HttpStatus.METHOD_NOT_ALLOWED, "error.method", response);
  }

  @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
  Object notAcceptable(HttpServletRequest request, HttpServletResponse response) {
    return isApi(request)
        ? api.problem(HttpStatus.NOT_ACCEPTABLE, "error.not-acceptable", request)
        : page(HttpStatus.NOT_ACCEPTABLE, "error.not-acceptable", response);
  }

  private static boolean isApi(HttpServletRequest request) {
    String path = request.getRequestURI();
    return path.startsWith("/api/") || path.startsWith("/epcis");
  }

  private static ModelAndView page(HttpStatus status, String key, HttpServletResponse response) {
    response.setStatus(status.value());
    ModelAndView page = new ModelAndView("error", status);
    page.addObject("status", status.value());
    page.addObject("messageKey", key);
    return page;
  }
}
