package org.ayni.shared;

/**
 * A page of a list: zero-based page number and size. Sizes are clamped to 1..{@value #MAX_SIZE}.
 */
public record PageQuery(int page, int size) {

  public static final int DEFAULT_SIZE = 25;
  public static final int MAX_SIZE = 500;

  public PageQuery {
    page = Math.max(0, page);
    size = Math.clamp(size, 1, MAX_SIZE);
  }

  public static PageQuery of(Integer page, Integer size) {
    return new PageQuery(page == null ? 0 : page, size == null ? DEFAULT_SIZE : size);
  }

  public PageQuery next() {
    return new PageQuery(page + 1, size);
  }

  public long offset() {
    return (long) page * size;
  }
}
