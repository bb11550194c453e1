package org.ayni.shared.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.ayni.shared.PageQuery;
import org.ayni.shared.PageResult;

/**
 * Writes a list as RFC 4180 CSV in UTF-8 with a byte-order mark (so spreadsheet programs read the
 * accents right), fetching it page by page so an export of any size stays in constant memory.
 */
public final class Csv {

  private static final int BATCH = PageQuery.MAX_SIZE;

  private Csv() {}

  /** Neutralises text a spreadsheet would run as a formula (CSV injection). */
  static Object safe(Object value) {
    if (value instanceof String s && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
      return "'" + s;
    }
    return value == null ? "" : value;
  }

  public static <T> void write(
      HttpServletResponse response,
      String filename,
      List<String> header,
      Function<PageQuery, PageResult<T>> pages,
      Function<T, List<?>> row)
      throws IOException {
    response.setContentType("text/csv;charset=UTF-8");
    response.setHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"");
    Writer writer = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
    writer.write('\uFEFF');
    try (CSVPrinter printer =
        CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get().print(writer)) {
      PageQuery page = new PageQuery(0, BATCH);
      while (true) {
        PageResult<T> result = pages.apply(page);
        for (T item : result.items()) {
          printer.printRecord(row.apply(item).stream().map(Csv::safe).toList());
        }
        if (!result.hasNext()) {
          break;
        }
        page = page.next();
      }
    }
  }
}
