package org.ayni.trace.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.ayni.access.CurrentUser;
import org.ayni.shared.OrganisationId;
import org.ayni.trace.Place;
import org.ayni.trace.PlaceForm;
import org.ayni.trace.Places;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** An organisation's places over REST: the same as its places page. */
@RestController
@RequestMapping("/api/v1/places")
@Tag(
    name = "Places",
    description =
        "The places an organisation's forms named (urn:ayni:loc:…), with the lots it holds at"
            + " each; a new name for one (its events keep its URN), or whether the forms offer it")
class PlaceApi {

  private final Places places;

  PlaceApi(Places places) {
    this.places = places;
  }

  @GetMapping
  @Operation(summary = "An organisation's places, by name, with the lots it holds at each")
  List<Place> list(CurrentUser user, @RequestParam UUID organisationId) {
    return places.list(user, new OrganisationId(organisationId));
  }

  @PostMapping("/name")
  @Operation(
      summary =
          "Rename a place (organisationId, location, name): pages show the new name, and a form"
              + " that writes it names the place")
  Place rename(CurrentUser user, @RequestBody PlaceForm form) {
    return places.rename(user, form);
  }

  @PostMapping("/offered")
  @Operation(
      summary = "Offer a place on the forms, or no longer (organisationId, location, offered)")
  Place offer(CurrentUser user, @RequestBody PlaceForm form) {
    return places.offer(user, form);
  }
}
