package org.ayni.shared;

import java.util.List;
import java.util.function.Function;

/** One page of a list, with what a client needs to page on. */
public record PageResult<T>(List<T> items, int page, int size, long totalItems) {

  public PageResult {
    items = List.copyOf(items);
  }

  public int totalPages() {
    return totalItems == 0 ? 0 : (int) ((totalItems + size - 1) / size);
  }

  public boolean hasNext() {
    return (long) (page + 1) * size < totalItems;
  }

  public boolean hasPrevious() {
    return page > 0;
  }

  /** Whether the page asked for lies after the last one (a stale link, a page typed in). */
  public boolean beyondLast() {
    return page >= totalPages();
  }

  /** The page a "previous" link leads to: the one before, or the last one from beyond it. */
  public int previousPage() {
    return Math.max(0, Math.min(page - 1, totalPages() - 1));
  }

  public <R> PageResult<R> map(Function<T, R> mapper) {
    return new PageResult<>(items.stream().map(mapper).toList(), page, size, totalItems);
  }
}
