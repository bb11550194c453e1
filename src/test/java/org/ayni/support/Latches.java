package org.ayni.support;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Waiting on latches in tests that hold locks or transactions open in another thread. */
public final class Latches {

  private Latches() {}

  /** Waits for the latch; fails after 30 s, so that a test that lost its partner ends. */
  public static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("waited 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
