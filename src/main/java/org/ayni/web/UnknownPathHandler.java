package org.ayni.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * A path nothing answers to: problem JSON in the caller's language under {@code /api} and {@code
 * /epcis}, the error page elsewhere. (No controller handled the request, so the controller-scoped
 * handlers do not apply.)
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
    String path = request.getRequestURI();
    if (path.startsWith("/api/") || path.startsWith("/epcis")) {
      return api.problem(HttpStatus.NOT_FOUND, "error.not-found", request);
    }
    response.setStatus(HttpStatus.NOT_FOUND.value());
    ModelAndView page = new ModelAndView("error", HttpStatus.NOT_FOUND);
    page.addObject("status", 404);
    page.addObject("messageKey", "error.not-found");
    return page;
  }
}
