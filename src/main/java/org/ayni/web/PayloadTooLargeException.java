package org.ayni.web;

/** A request body above {@code ayni.http.max-request-bytes}. */
class PayloadTooLargeException extends RuntimeException {

  private final long limit;

  PayloadTooLargeException(long limit) {
    super("request body above " + limit + " bytes");
    this.limit = limit;
  }

  long limit() {
    return limit;
  }
}
