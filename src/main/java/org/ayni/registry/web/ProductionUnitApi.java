package org.ayni.registry.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.ayni.access.CurrentUser;
import org.ayni.registry.ProductionUnit;
import org.ayni.registry.ProductionUnitFilter;
import org.ayni.registry.ProductionUnitForm;
import org.ayni.registry.ProductionUnitKind;
import org.ayni.registry.ProductionUnitVersion;
import org.ayni.registry.ProductionUnitView;
import org.ayni.registry.ProductionUnits;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.PageQuery;
import org.ayni.shared.PageResult;
import org.ayni.shared.geo.GeoJson;
import org.ayni.shared.geo.GeometryKind;
import org.ayni.shared.web.ApiPage;
import org.ayni.shared.web.Csv;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Production units over REST, with their versions and a GeoJSON export. */
@RestController
@RequestMapping("/api/v1")
@Tag(
    name = "Production units",
    description =
        "Farm plots, forest units, workshops and mining claims with their geometry (GeoJSON,"
            + " RFC 7946) and every version they had")
class ProductionUnitApi {

  static final MediaType GEO_JSON = MediaType.parseMediaType("application/geo+json");

  static final List<String> CSV_HEADER =
      List.of(
          "id",
          "organisation_id",
          "organisation_code",
          "code",
          "name",
          "kind",
          "member_id",
          "member_code",
          "member_name",
          "geometry_kind",
          "declared_area_ha",
          "computed_area_ha",
          "centroid_lat",
          "centroid_lon",
          "main_products",
          "active",
          "version",
          "updated_at");

  /** Largest number of units in one GeoJSON export. */
  static final int MAX_FEATURES = 10_000;

  private final ProductionUnits units;

  ProductionUnitApi(ProductionUnits units) {
    this.units = units;
  }

  @GetMapping("/production-units")
  @Operation(
      summary =
          "List and search production units (of an organisation and those below it, of a member)")
  ApiPage<UnitJson> list(
      CurrentUser user,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) UUID organisationId,
      @RequestParam(required = false) UUID memberId,
      @RequestParam(required = false) ProductionUnitKind kind,
      @RequestParam(required = false) Boolean active,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return ApiPage.of(
        units
            .search(
                user, filter(q, organisationId, memberId, kind, active), PageQuery.of(page, size))
            .map(UnitJson::of));
  }

  @GetMapping(value = "/production-units.csv", produces = "text/csv")
  @Operation(summary = "Export the filtered list as CSV (without geometries; see .geojson)")
  void exportCsv(
      CurrentUser user,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) UUID organisationId,
      @RequestParam(required = false) UUID memberId,
      @RequestParam(required = false) ProductionUnitKind kind,
      @RequestParam(required = false) Boolean active,
      HttpServletResponse response)
      throws IOException {
    writeCsv(units, user, filter(q, organisationId, memberId, kind, active), response);
  }

  @GetMapping(value = "/production-units.geojson", produces = "application/geo+json")
  @Operation(
      summary =
          "Export the filtered list as a GeoJSON FeatureCollection with the EU information"
              + " system's properties (ProducerName, ProducerCountry, ProductionPlace, Area for"
              + " points)")
  ResponseEntity<JsonNode> exportGeoJson(
      CurrentUser user,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) UUID organisationId,
      @RequestParam(required = false) UUID memberId,
      @RequestParam(required = false) ProductionUnitKind kind,
      @RequestParam(required = false) Boolean active) {
    ProductionUnitFilter filter = filter(q, organisationId, memberId, kind, active);
    return ResponseEntity.ok()
        .contentType(GEO_JSON)
        .body(
            featureCollection(
                all(page -> units.search(user, filter, page)), ProductionUnitApi::eudrProperties));
  }

  @GetMapping("/production-units/{id}")
  @Operation(summary = "One production unit, as it is now")
  UnitJson get(CurrentUser user, @PathVariable UUID id) {
    return UnitJson.of(units.view(user, id));
  }

  @GetMapping("/production-units/{id}/versions")
  @Operation(summary = "Every version of the unit, newest first; the first is the unit as created")
  List<VersionJson> versions(CurrentUser user, @PathVariable UUID id) {
    return units.versions(user, id).stream().map(VersionJson::of).toList();
  }

  @GetMapping("/production-units/{id}/versions/{version}")
  @Operation(summary = "One version of the unit")
  VersionJson version(CurrentUser user, @PathVariable UUID id, @PathVariable int version) {
    return VersionJson.of(units.version(user, id, version));
  }

  @PostMapping("/production-units")
  @Operation(
      summary =
          "Record a production unit; geometry is a GeoJSON Point, Polygon or MultiPolygon (a"
              + " Feature or FeatureCollection is accepted too); a point needs declaredAreaHa")
  ResponseEntity<UnitJson> create(CurrentUser user, @RequestBody UnitRequest body) {
    ProductionUnit created = units.create(user, body.toForm());
    return ResponseEntity.created(URI.create("/api/v1/production-units/" + created.id()))
        .body(UnitJson.of(units.view(user, created.id())));
  }

  @PutMapping("/production-units/{id}")
  @Operation(
      summary =
          "Change a unit: send the whole unit (a field left out is emptied) with the version you"
              + " read. The change becomes the next version and the previous one is kept")
  UnitJson update(CurrentUser user, @PathVariable UUID id, @RequestBody UnitRequest body) {
    units.update(user, id, body.toForm());
    return UnitJson.of(units.view(user, id));
  }

  @PostMapping("/production-units/{id}/deactivate")
  @Operation(summary = "Deactivate a unit (send the version you read and, optionally, a note)")
  UnitJson deactivate(CurrentUser user, @PathVariable UUID id, @RequestBody ActiveChange body) {
    units.setActive(user, id, false, body.version(), body.changeNote());
    return UnitJson.of(units.view(user, id));
  }

  @PostMapping("/production-units/{id}/reactivate")
  @Operation(summary = "Reactivate a deactivated unit")
  UnitJson reactivate(CurrentUser user, @PathVariable UUID id, @RequestBody ActiveChange body) {
    units.setActive(user, id, true, body.version(), body.changeNote());
    return UnitJson.of(units.view(user, id));
  }

  static ProductionUnitFilter filter(
      String q, UUID organisationId, UUID memberId, ProductionUnitKind kind, Boolean active) {
    return new ProductionUnitFilter(
        q,
        organisationId == null ? null : new OrganisationId(organisationId),
        memberId,
        kind,
        active);
  }

  static void writeCsv(
      ProductionUnits units,
      CurrentUser user,
      ProductionUnitFilter filter,
      HttpServletResponse response)
      throws IOException {
    Csv.write(
        response,
        "production-units.csv",
        CSV_HEADER,
        page -> units.search(user, filter, page),
        v -> {
          ProductionUnit u = v.unit();
          return Arrays.asList(
              u.id(),
              u.organisationId(),
              v.organisationCode(),
              u.code(),
              u.name(),
              u.kind(),
              u.memberId(),
              v.memberCode(),
              v.memberName(),
              u.geometryKind(),
              plain(u.declaredAreaHa()),
              plain(u.computedAreaHa()),
              u.centroidLat(),
              u.centroidLon(),
              String.join(", ", u.mainProducts()),
              u.active(),
              u.version(),
              u.updatedAt());
        });
  }

  /** Every unit the pages return, up to {@link #MAX_FEATURES}. */
  static List<ProductionUnitView> all(Function<PageQuery, PageResult<ProductionUnitView>> pages) {
    List<ProductionUnitView> all = new java.util.ArrayList<>();
    PageQuery page = new PageQuery(0, PageQuery.MAX_SIZE);
    while (all.size() < MAX_FEATURES) {
      PageResult<ProductionUnitView> result = pages.apply(page);
      all.addAll(result.items());
      if (!result.hasNext()) {
        break;
      }
      page = page.next();
    }
    return all.size() > MAX_FEATURES ? all.subList(0, MAX_FEATURES) : all;
  }

  /** A FeatureCollection of the units, each Feature's properties made by {@code properties}. */
  static ObjectNode featureCollection(
      List<ProductionUnitView> views, Function<ProductionUnitView, ObjectNode> properties) {
    ObjectNode collection = JsonNodeFactory.instance.objectNode();
    collection.put("type", "FeatureCollection");
    ArrayNode features = collection.putArray("features");
    for (ProductionUnitView v : views) {
      ObjectNode feature = features.addObject();
      feature.put("type", "Feature");
      feature.put("id", v.unit().id().toString());
      feature.set("geometry", GeoJson.node(v.unit().geometry()));
      feature.set("properties", properties.apply(v));
    }
    return collection;
  }

  /**
   * The properties the EU information system reads (EUDR GeoJSON File Description v1.3: names are
   * case-sensitive; Area in hectares, as a number, for points only), then ours, which it ignores.
   */
  static ObjectNode eudrProperties(ProductionUnitView v) {
    ProductionUnit u = v.unit();
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("ProducerName", v.producerName());
    p.put("ProducerCountry", v.organisationCountry());
    p.put("ProductionPlace", u.name());
    if (u.geometryKind() == GeometryKind.POINT && u.declaredAreaHa() != null) {
      p.put("Area", u.declaredAreaHa());
    }
    p.put("productionUnitId", u.id().toString());
    p.put("productionUnitCode", u.code());
    p.put("kind", u.kind().name());
    p.put("organisationId", u.organisationId().toString());
    p.put("organisationCode", v.organisationCode());
    p.put("memberId", u.memberId() == null ? null : u.memberId().toString());
    p.put("memberCode", v.memberCode());
    p.put("computedAreaHa", u.computedAreaHa());
    p.put("declaredAreaHa", u.declaredAreaHa());
    p.put("active", u.active());
    p.put("version", u.version());
    return p;
  }

  private static String plain(BigDecimal value) {
    return value == null ? null : value.toPlainString();
  }

  /** A production unit as the API writes it; {@code geometry} is a GeoJSON object. */
  record UnitJson(
      UUID id,
      UUID organisationId,
      String organisationCode,
      String organisationName,
      UUID memberId,
      String memberCode,
      String memberName,
      String code,
      String name,
      ProductionUnitKind kind,
      GeometryKind geometryKind,
      JsonNode geometry,
      BigDecimal declaredAreaHa,
      BigDecimal computedAreaHa,
      BigDecimal areaHa,
      double centroidLat,
      double centroidLon,
      List<String> mainProducts,
      boolean active,
      int version,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt) {

    static UnitJson of(ProductionUnitView v) {
      ProductionUnit u = v.unit();
      return new UnitJson(
          u.id(),
          u.organisationId().value(),
          v.organisationCode(),
          v.organisationName(),
          u.memberId(),
          v.memberCode(),
          v.memberName(),
          u.code(),
          u.name(),
          u.kind(),
          u.geometryKind(),
          GeoJson.node(u.geometry()),
          u.declaredAreaHa(),
          u.computedAreaHa(),
          u.areaHa(),
          u.centroidLat(),
          u.centroidLon(),
          u.mainProducts(),
          u.active(),
          u.version(),
          u.createdAt(),
          u.updatedAt());
    }
  }

  /** One version as the API writes it. */
  record VersionJson(
      UUID productionUnitId,
      int version,
      UUID organisationId,
      UUID memberId,
      String code,
      String name,
      ProductionUnitKind kind,
      GeometryKind geometryKind,
      JsonNode geometry,
      BigDecimal declaredAreaHa,
      BigDecimal computedAreaHa,
      List<String> mainProducts,
      boolean active,
      String changeNote,
      OffsetDateTime recordedAt,
      String recordedBy) {

    static VersionJson of(ProductionUnitVersion v) {
      return new VersionJson(
          v.productionUnitId(),
          v.version(),
          v.organisationId().value(),
          v.memberId(),
          v.code(),
          v.name(),
          v.kind(),
          v.geometryKind(),
          GeoJson.node(v.geometry()),
          v.declaredAreaHa(),
          v.computedAreaHa(),
          v.mainProducts(),
          v.active(),
          v.changeNote(),
          v.recordedAt(),
          v.recordedBy());
    }
  }

  /**
   * What a client sends to record or change a unit. {@code geometry} is a GeoJSON object (a string
   * holding GeoJSON is accepted too); {@code version} is required when changing.
   */
  record UnitRequest(
      UUID organisationId,
      UUID memberId,
      String code,
      String name,
      ProductionUnitKind kind,
      JsonNode geometry,
      BigDecimal declaredAreaHa,
      List<String> mainProducts,
      String changeNote,
      Integer version) {

    ProductionUnitForm toForm() {
      ProductionUnitForm f = new ProductionUnitForm();
      f.setOrganisationId(organisationId);
      f.setMemberId(memberId);
      f.setCode(code);
      f.setName(name);
      f.setKind(kind);
      f.setGeometry(
          geometry == null || geometry.isNull() || geometry.isMissingNode()
              ? null
              : geometry.isString() ? geometry.asString() : geometry.toString());
      f.setDeclaredAreaHa(declaredAreaHa);
      f.setMainProducts(mainProducts == null ? null : String.join(", ", mainProducts));
      f.setChangeNote(changeNote);
      f.setVersion(version);
      return f;
    }
  }

  /** Deactivation or reactivation: the version read and an optional note. */
  record ActiveChange(Integer version, String changeNote) {}
}
