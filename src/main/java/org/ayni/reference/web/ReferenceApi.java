package org.ayni.reference.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.List;
import org.ayni.access.CurrentUser;
import org.ayni.reference.ReferenceData;
import org.ayni.reference.ReferenceValue;
import org.ayni.shared.NotFoundException;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Reference data over REST: the same for every organisation. */
@RestController
@RequestMapping("/api/v1/reference-values")
@Tag(
    name = "Reference data",
    description = "Versioned prices, premiums and thresholds with their sources")
class ReferenceApi {

  private final ReferenceData reference;

  ReferenceApi(ReferenceData reference) {
    this.reference = reference;
  }

  @GetMapping
  @Operation(summary = "Every value in force today (verification U = unverified, configurable)")
  List<ReferenceValue> current() {
    return reference.currentValues();
  }

  @GetMapping("/{key}")
  @Operation(
      summary =
          "Every version of one value, latest first; ?on=YYYY-MM-DD gives the one in force that day")
  List<ReferenceValue> history(
      @PathVariable String key,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate on) {
    if (on == null) {
      return reference.history(key);
    }
    return List.of(
        reference.on(key, on).orElseThrow(() -> new NotFoundException("reference.not-found")));
  }

  @PostMapping("/{key}")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Record a new version from a date on (platform administrators)")
  ReferenceValue supersede(
      CurrentUser user, @PathVariable String key, @RequestBody ReferenceData.NewVersion version) {
    return reference.supersede(user, key, version);
  }
}
