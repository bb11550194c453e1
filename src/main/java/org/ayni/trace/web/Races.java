package org.ayni.trace.web;

import java.util.function.Supplier;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;

/**
 * An operation of the API tried again when it lost a race: another request changed the same lot's
 * stock between this one's reading and writing it, or made a lot of the same code at the same
 * moment. Nothing of the lost attempt was saved (its transaction rolled back), and the next one
 * reads what the other committed: it is recorded, or refused for what that changed (too little
 * stock, a code taken). As EPCIS capture does; 20 parallel shipments of one lot with stock enough
 * for all were 6 recorded and 14 told to retry (QA of 2026-12-07m, F3). A failure that outlasts the
 * attempts is answered 503 with Retry-After, or with the busy page on the pages (which try again
 * the transaction of their form's sending, {@link Recording}).
 */
final class Races {

  private static final int ATTEMPTS = 8;

  private Races() {}

  static <T> T retried(Supplier<T> operation) {
    for (int attempt = 1; ; attempt++) {
      try {
        return operation.get();
      } catch (ConcurrencyFailureException | DuplicateKeyException e) {
        if (attempt >= ATTEMPTS) {
          throw e;
        }
        try {
          Thread.sleep(5L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }
}
