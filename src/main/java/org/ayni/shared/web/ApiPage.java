package org.ayni.shared.web;

import java.util.List;
import org.ayni.shared.PageResult;

/** One page of a list as the API returns it. */
public record ApiPage<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

  public static <T> ApiPage<T> of(PageResult<T> result) {
    return new ApiPage<>(
        result.items(), result.page(), result.size(), result.totalItems(), result.totalPages());
  }
}
