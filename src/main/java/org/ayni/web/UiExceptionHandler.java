package org.ayni.web;

import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.ayni.shared.ConflictException;
import org.ayni.shared.ForbiddenException;
import org.ayni.shared.NotFoundException;
import org.springframework.beans.InvalidPropertyException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Error pages for the HTML interface, in the user's language. Ordered before Spring's problem
 * details handler (which would answer a page's bad path variable with JSON), after the API's
 * handler (REST controllers are controllers too).
 */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class UiExceptionHandler {

  @ExceptionHandler(NotFoundException.class)
  String notFound(NotFoundException e, Model model, HttpServletResponse response) {
    return page(HttpStatus.NOT_FOUND, e.messageKey(), model, response);
  }

  /**
   * A value of the address that is not of its type: an id in the path ({@code /trace/lots/xyz})
   * names nothing there is; a parameter ({@code /trace?page=abc}) is a mistake of the address, said
   * so on every page (a page that is not found would tell the list is not there).
   */
  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  String badValue(
      MethodArgumentTypeMismatchException e, Model model, HttpServletResponse response) {
    if (e.getParameter().hasParameterAnnotation(PathVariable.class)) {
      return page(HttpStatus.NOT_FOUND, "error.not-found", model, response);
    }
    return page(HttpStatus.BAD_REQUEST, "error.parameter-type", model, response);
  }

  @ExceptionHandler(ForbiddenException.class)
  String forbidden(ForbiddenException e, Model model, HttpServletResponse response) {
    return page(HttpStatus.FORBIDDEN, e.messageKey(), model, response);
  }

  @ExceptionHandler(ConflictException.class)
  String conflict(ConflictException e, Model model, HttpServletResponse response) {
    return page(HttpStatus.CONFLICT, e.messageKey(), model, response);
  }

  /** A parameter of the address that does not decode ({@code ?q=%zz}). */
  @ExceptionHandler(InvalidParameterException.class)
  String undecodable(Model model, HttpServletResponse response) {
    return page(HttpStatus.BAD_REQUEST, "error.parameter-encoding", model, response);
  }

  /**
   * A form's row beyond those a binder grows a list to (256): no page offers that many, so the
   * request was not sent from one.
   */
  @ExceptionHandler(InvalidPropertyException.class)
  String unboundField(Model model, HttpServletResponse response) {
    return page(HttpStatus.BAD_REQUEST, "error.form-fields", model, response);
  }

  /** The database gave up on a lock (another change to the same lots): nothing was saved. */
  @ExceptionHandler(TransientDataAccessException.class)
  String busy(Model model, HttpServletResponse response) {
    response.setHeader(HttpHeaders.RETRY_AFTER, "1");
    return page(HttpStatus.SERVICE_UNAVAILABLE, "error.busy", model, response);
  }

  private static String page(
      HttpStatus status, String key, Model model, HttpServletResponse response) {
    response.setStatus(status.value());
    model.addAttribute("status", status.value());
    model.addAttribute("messageKey", key);
    return "error";
  }
}
