package org.ayni.registry.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ayni.access.AuditTrail;
import org.ayni.access.CurrentUser;
import org.ayni.registry.EudrGeolocation;
import org.ayni.registry.Member;
import org.ayni.registry.MemberFilter;
import org.ayni.registry.Members;
import org.ayni.registry.Organisation;
import org.ayni.registry.Organisations;
import org.ayni.registry.ProductionUnit;
import org.ayni.registry.ProductionUnitFilter;
import org.ayni.registry.ProductionUnitForm;
import org.ayni.registry.ProductionUnitKind;
import org.ayni.registry.ProductionUnitVersion;
import org.ayni.registry.ProductionUnitView;
import org.ayni.registry.ProductionUnits;
import org.ayni.shared.InvalidInputException;
import org.ayni.shared.NotFoundException;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.OrganisationScope;
import org.ayni.shared.PageQuery;
import org.ayni.shared.PageResult;
import org.ayni.shared.web.FormErrors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Production unit pages: list and search (with a map of the page), view with the map and every
 * version, record (drawing on the map or pasting GeoJSON), edit, deactivate and reactivate. Every
 * page shows areas, centroid and kind as text too, so it stays usable when no map tiles load.
 */
@Controller
@RequestMapping("/production-units")
class ProductionUnitPages {

  /** OpenStreetMap's tiles, the default background; the layout's CSP allows its subdomains. */
  static final String OSM_TILES = "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png";

  static final String OSM_ATTRIBUTION =
      "&copy; <a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a>";

  /** Most units drawn as context beside the one being mapped. */
  static final int MAX_CONTEXT = 500;

  /** Most members offered in the form's chooser. */
  static final int MAX_MEMBERS = PageQuery.MAX_SIZE;

  private final ProductionUnits units;
  private final Organisations organisations;
  private final Members members;
  private final AuditTrail audit;
  private final EudrGeolocation eudr;
  private final String tiles;
  private final String tilesAttribution;

  ProductionUnitPages(
      ProductionUnits units,
      Organisations organisations,
      Members members,
      AuditTrail audit,
      EudrGeolocation eudr,
      @Value("${ayni.map.tiles:#{null}}") String tiles,
      @Value("${ayni.map.tiles-attribution:#{null}}") String tilesAttribution) {
    this.units = units;
    this.organisations = organisations;
    this.members = members;
    this.audit = audit;
    this.eudr = eudr;
    this.tiles = tiles == null ? OSM_TILES : tiles.strip();
    this.tilesAttribution =
        tilesAttribution != null ? tilesAttribution : tiles == null ? OSM_ATTRIBUTION : "";
  }

  @ModelAttribute
  void map(Model model) {
    model.addAttribute("tiles", tiles.isEmpty() ? null : tiles);
    model.addAttribute("tilesAttribution", tilesAttribution);
  }

  @GetMapping
  String list(
      CurrentUser user,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) UUID organisationId,
      @RequestParam(required = false) UUID memberId,
      @RequestParam(required = false) ProductionUnitKind kind,
      @RequestParam(required = false) Boolean active,
      @RequestParam(required = false) Integer page,
      Model model) {
    PageResult<ProductionUnitView> result =
        units.search(
            user,
            ProductionUnitApi.filter(q, organisationId, memberId, kind, active),
            PageQuery.of(page, null));
    model.addAttribute("result", result);
    model.addAttribute("pageMap", labelled(result.items()).toString());
    model.addAttribute("q", q);
    model.addAttribute("organisationId", organisationId);
    model.addAttribute("memberId", memberId);
    model.addAttribute("member", memberId == null ? null : readableMember(user, memberId));
    model.addAttribute("kind", kind);
    model.addAttribute("active", active);
    model.addAttribute("kinds", ProductionUnitKind.values());
    model.addAttribute("organisations", organisations.readable(user));
    model.addAttribute("canRecord", !user.recordScope().isEmpty());
    return "registry/production-units";
  }

  @GetMapping("/export.csv")
  void exportCsv(
      CurrentUser user,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) UUID organisationId,
      @RequestParam(required = false) UUID memberId,
      @RequestParam(required = false) ProductionUnitKind kind,
      @RequestParam(required = false) Boolean active,
      HttpServletResponse response)
      throws IOException {
    ProductionUnitApi.writeCsv(
        units, user, ProductionUnitApi.filter(q, organisationId, memberId, kind, active), response);
  }

  @GetMapping("/export.geojson")
  ResponseEntity<JsonNode> exportGeoJson(
      CurrentUser user,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) UUID organisationId,
      @RequestParam(required = false) UUID memberId,
      @RequestParam(required = false) ProductionUnitKind kind,
      @RequestParam(required = false) Boolean active) {
    ProductionUnitFilter filter =
        ProductionUnitApi.filter(q, organisationId, memberId, kind, active);
    return ResponseEntity.ok()
        .contentType(ProductionUnitApi.GEO_JSON)
        .header("Content-Disposition", "attachment; filename=\"production-units.geojson\"")
        .body(
            ProductionUnitApi.featureCollection(
                ProductionUnitApi.all(p -> units.search(user, filter, p)),
                ProductionUnitApi::eudrProperties));
  }

  /** The map's context layer: the other active units of an organisation, labelled. */
  @GetMapping("/context.geojson")
  ResponseEntity<JsonNode> context(
      CurrentUser user,
      @RequestParam UUID organisationId,
      @RequestParam(required = false) UUID except) {
    List<ProductionUnitView> neighbours =
        units
            .neighbours(
                user, new OrganisationId(organisationId), except, new PageQuery(0, MAX_CONTEXT))
            .items();
    return ResponseEntity.ok().contentType(ProductionUnitApi.GEO_JSON).body(labelled(neighbours));
  }

  @GetMapping("/{id}")
  String view(
      CurrentUser user,
      @PathVariable UUID id,
      @RequestParam(required = false) Integer version,
      Model model) {
    ProductionUnitView view = units.view(user, id);
    ProductionUnit unit = view.unit();
    List<ProductionUnitVersion> versions = units.versions(user, id);
    ProductionUnitVersion shown =
        version == null || version == unit.version()
            ? null
            : versions.stream()
                .filter(v -> v.version() == version)
                .findFirst()
                .orElseThrow(() -> new NotFoundException("production-unit.version.not-found"));
    model.addAttribute("view", view);
    model.addAttribute("unit", unit);
    model.addAttribute("versions", versions);
    model.addAttribute("shown", shown);
    model.addAttribute("shownGeometry", shown == null ? unit.geometry() : shown.geometry());
    model.addAttribute("contextUrl", contextUrl(unit.organisationId().value(), id));
    model.addAttribute("audit", audit.history(user, "production-unit", id));
    model.addAttribute("canRecord", user.canRecord(unit.organisationId()));
    model.addAttribute("eudrFinding", eudr.check(unit).orElse(null));
    return "registry/production-unit";
  }

  @GetMapping("/new")
  String createForm(
      CurrentUser user,
      @RequestParam(required = false) UUID organisationId,
      @RequestParam(required = false) UUID memberId,
      Model model) {
    ProductionUnitForm form = new ProductionUnitForm();
    UUID organisation = organisationId;
    if (memberId != null) {
      Member member = members.get(user, memberId);
      user.requireRecord(member.organisationId());
      form.setMemberId(memberId);
      organisation = member.organisationId().value();
    }
    form.setOrganisationId(organisation);
    if (organisation != null) {
      organisations
          .find(user.recordScope(), new OrganisationId(organisation))
          .ifPresent(o -> form.setKind(ProductionUnitKind.usualFor(o.kind())));
    }
    return form(user, form, null, model);
  }

  @PostMapping("/new")
  String create(
      CurrentUser user,
      @ModelAttribute("form") ProductionUnitForm form,
      BindingResult binding,
      Model model,
      RedirectAttributes redirect) {
    if (binding.hasErrors()) {
      return form(user, form, null, model);
    }
    try {
      ProductionUnit created = units.create(user, form);
      redirect.addFlashAttribute("saved", true);
      return "redirect:/production-units/" + created.id();
    } catch (InvalidInputException e) {
      FormErrors.bind(e, binding);
      return form(user, form, null, model);
    }
  }

  @GetMapping("/{id}/edit")
  String editForm(CurrentUser user, @PathVariable UUID id, Model model) {
    ProductionUnit unit = units.get(user, id);
    user.requireRecord(unit.organisationId());
    return form(user, ProductionUnitForm.of(unit), unit, model);
  }

  @PostMapping("/{id}/edit")
  String update(
      CurrentUser user,
      @PathVariable UUID id,
      @ModelAttribute("form") ProductionUnitForm form,
      BindingResult binding,
      Model model,
      RedirectAttributes redirect) {
    ProductionUnit unit = units.get(user, id);
    if (binding.hasErrors()) {
      return form(user, form, unit, model);
    }
    try {
      units.update(user, id, form);
      redirect.addFlashAttribute("saved", true);
      return "redirect:/production-units/" + id;
    } catch (InvalidInputException e) {
      FormErrors.bind(e, binding);
      return form(user, form, unit, model);
    }
  }

  @PostMapping("/{id}/deactivate")
  String deactivate(
      CurrentUser user,
      @PathVariable UUID id,
      @RequestParam(required = false) Integer version,
      @RequestParam(required = false) String changeNote,
      RedirectAttributes redirect) {
    return setActive(user, id, false, version, changeNote, redirect);
  }

  @PostMapping("/{id}/reactivate")
  String reactivate(
      CurrentUser user,
      @PathVariable UUID id,
      @RequestParam(required = false) Integer version,
      @RequestParam(required = false) String changeNote,
      RedirectAttributes redirect) {
    return setActive(user, id, true, version, changeNote, redirect);
  }

  private String setActive(
      CurrentUser user,
      UUID id,
      boolean active,
      Integer version,
      String changeNote,
      RedirectAttributes redirect) {
    try {
      units.setActive(user, id, active, version, changeNote);
      redirect.addFlashAttribute("saved", true);
    } catch (InvalidInputException e) {
      redirect.addFlashAttribute("activeProblems", e.problems());
    }
    return "redirect:/production-units/" + id;
  }

  private String form(
      CurrentUser user, ProductionUnitForm form, ProductionUnit existing, Model model) {
    List<Organisation> recordable = organisations.recordable(user);
    model.addAttribute("form", form);
    model.addAttribute("existing", existing);
    model.addAttribute("organisations", recordable);
    model.addAttribute("memberGroups", memberGroups(user, form, recordable));
    model.addAttribute("kinds", ProductionUnitKind.values());
    model.addAttribute(
        "contextUrl",
        form.getOrganisationId() == null
            ? null
            : contextUrl(form.getOrganisationId(), existing == null ? null : existing.id()));
    return "registry/production-unit-form";
  }

  /** The members a unit may be given, by organisation: the form's organisation's, or all. */
  private List<MemberGroup> memberGroups(
      CurrentUser user, ProductionUnitForm form, List<Organisation> recordable) {
    OrganisationScope scope = user.recordScope();
    OrganisationId only =
        form.getOrganisationId() == null ? null : new OrganisationId(form.getOrganisationId());
    List<Member> found =
        members
            .search(user, new MemberFilter(null, only, null, null), new PageQuery(0, MAX_MEMBERS))
            .items();
    Map<OrganisationId, List<Member>> byOrganisation = new LinkedHashMap<>();
    for (Organisation o : recordable) {
      byOrganisation.put(o.id(), new ArrayList<>());
    }
    for (Member m : found) {
      if (scope.includes(m.organisationId()) && byOrganisation.containsKey(m.organisationId())) {
        byOrganisation.get(m.organisationId()).add(m);
      }
    }
    List<MemberGroup> groups = new ArrayList<>();
    for (Organisation o : recordable) {
      List<Member> list = byOrganisation.get(o.id());
      if (!list.isEmpty()) {
        groups.add(new MemberGroup(o.name(), list));
      }
    }
    return groups;
  }

  private Member readableMember(CurrentUser user, UUID memberId) {
    try {
      return members.get(user, memberId);
    } catch (NotFoundException e) {
      return null;
    }
  }

  private static String contextUrl(UUID organisationId, UUID except) {
    return "/production-units/context.geojson?organisationId="
        + organisationId
        + (except == null ? "" : "&except=" + except);
  }

  /**
   * Units as a FeatureCollection whose features carry a label (HTML-escaped, since map tooltips
   * render HTML) and a link, for maps.
   */
  static ObjectNode labelled(List<ProductionUnitView> views) {
    return ProductionUnitApi.featureCollection(
        views,
        v -> {
          ObjectNode p = JsonNodeFactory.instance.objectNode();
          String who = v.memberName() == null ? "" : " (" + v.memberName() + ")";
          String label = v.unit().code() + " · " + v.unit().name() + who;
          p.put("label", HtmlUtils.htmlEscape(label, "UTF-8"));
          p.put("href", "/production-units/" + v.unit().id());
          return p;
        });
  }

  /** Members of one organisation, for the chooser's option groups. */
  record MemberGroup(String organisationName, List<Member> members) {}
}
