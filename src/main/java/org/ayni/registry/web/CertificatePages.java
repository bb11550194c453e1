package org.ayni.registry.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ayni.access.AuditTrail;
import org.ayni.access.CurrentUser;
import org.ayni.registry.Certificate;
import org.ayni.registry.CertificateForm;
import org.ayni.registry.CertificateScheme;
import org.ayni.registry.CertificateStatus;
import org.ayni.registry.CertificateStatusForm;
import org.ayni.registry.Certificates;
import org.ayni.registry.Members;
import org.ayni.registry.Organisation;
import org.ayni.registry.Organisations;
import org.ayni.shared.FieldProblem;
import org.ayni.shared.ForbiddenException;
import org.ayni.shared.InvalidInputException;
import org.ayni.shared.OrganisationId;
import org.ayni.shared.PageQuery;
import org.ayni.shared.web.FormErrors;
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

/**
 * Certificate pages: list, search and export, view with scope and validity, record, edit, and
 * suspend, withdraw or reactivate.
 */
@Controller
@RequestMapping("/certificates")
class CertificatePages {

  private final Certificates certificates;
  private final Organisations organisations;
  private final Members members;
  private final AuditTrail audit;

  CertificatePages(
      Certificates certificates, Organisations organisations, Members members, AuditTrail audit) {
    this.certificates = certificates;
    this.organisations = organisations;
    this.members = members;
    this.audit = audit;
  }

  @GetMapping
  String list(
      CurrentUser user,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) UUID organisationId,
      @RequestParam(required = false) UUID memberId,
      @RequestParam(required = false) CertificateScheme scheme,
      @RequestParam(required = false) CertificateStatus status,
      @RequestParam(required = false) Boolean expiringSoon,
      @RequestParam(required = false) Integer page,
      Model model) {
    model.addAttribute(
        "result",
        certificates.search(
            user,
            CertificateApi.filter(q, organisationId, memberId, scheme, status, expiringSoon),
            PageQuery.of(page, null)));
    model.addAttribute("q", q);
    model.addAttribute("organisationId", organisationId);
    model.addAttribute("member", memberId == null ? null : members.get(user, memberId));
    model.addAttribute("scheme", scheme);
    model.addAttribute("status", status);
    model.addAttribute("expiringSoon", Boolean.TRUE.equals(expiringSoon));
    model.addAttribute("schemes", CertificateScheme.values());
    model.addAttribute("statuses", CertificateStatus.values());
    List<Organisation> readable = organisations.readable(user);
    model.addAttribute("organisations", readable);
    model.addAttribute("organisationNames", names(readable));
    model.addAttribute("canAdmin", !user.adminScope().isEmpty());
    return "registry/certificates";
  }

  @GetMapping("/export.csv")
  void export(
      CurrentUser user,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) UUID organisationId,
      @RequestParam(required = false) UUID memberId,
      @RequestParam(required = false) CertificateScheme scheme,
      @RequestParam(required = false) CertificateStatus status,
      @RequestParam(required = false) Boolean expiringSoon,
      HttpServletResponse response)
      throws IOException {
    CertificateApi.writeCsv(
        certificates,
        user,
        CertificateApi.filter(q, organisationId, memberId, scheme, status, expiringSoon),
        response);
  }

  @GetMapping("/{id}")
  String view(CurrentUser user, @PathVariable UUID id, Model model) {
    CertificateStatusForm statusForm = new CertificateStatusForm();
    statusForm.setEffectiveOn(certificates.today());
    return view(user, certificates.get(user, id), statusForm, model);
  }

  @GetMapping("/new")
  String createForm(
      CurrentUser user, @RequestParam(required = false) UUID organisationId, Model model) {
    if (user.adminScope().isEmpty()) {
      throw new ForbiddenException("error.forbidden.admin");
    }
    CertificateForm form = new CertificateForm();
    if (organisationId != null) {
      Organisation organisation = organisations.get(user, new OrganisationId(organisationId));
      user.requireAdmin(organisation.id());
      form.setOrganisationId(organisationId);
    }
    return form(user, form, null, model);
  }

  @PostMapping("/new")
  String create(
      CurrentUser user,
      @ModelAttribute("form") CertificateForm form,
      BindingResult binding,
      Model model,
      RedirectAttributes redirect) {
    if (binding.hasErrors()) {
      return form(user, form, null, model);
    }
    try {
      Certificate created = certificates.create(user, form);
      redirect.addFlashAttribute("saved", true);
      return "redirect:/certificates/" + created.id();
    } catch (InvalidInputException e) {
      FormErrors.bind(besideFields(e), binding);
      return form(user, form, null, model);
    }
  }

  @GetMapping("/{id}/edit")
  String editForm(CurrentUser user, @PathVariable UUID id, Model model) {
    Certificate certificate = certificates.get(user, id);
    user.requireAdmin(certificate.organisationId());
    return form(user, CertificateForm.of(certificate), certificate, model);
  }

  @PostMapping("/{id}/edit")
  String update(
      CurrentUser user,
      @PathVariable UUID id,
      @ModelAttribute("form") CertificateForm form,
      BindingResult binding,
      Model model,
      RedirectAttributes redirect) {
    Certificate certificate = certificates.get(user, id);
    user.requireAdmin(certificate.organisationId());
    if (binding.hasErrors()) {
      return form(user, form, certificate, model);
    }
    try {
      certificates.update(user, id, form);
      redirect.addFlashAttribute("saved", true);
      return "redirect:/certificates/" + id;
    } catch (InvalidInputException e) {
      FormErrors.bind(besideFields(e), binding);
      return form(user, form, certificate, model);
    }
  }

  @PostMapping("/{id}/status")
  String changeStatus(
      CurrentUser user,
      @PathVariable UUID id,
      @ModelAttribute("statusForm") CertificateStatusForm form,
      BindingResult binding,
      Model model,
      RedirectAttributes redirect) {
    if (!binding.hasErrors()) {
      try {
        certificates.changeStatus(user, id, form);
        redirect.addFlashAttribute("saved", true);
        return "redirect:/certificates/" + id;
      } catch (InvalidInputException e) {
        FormErrors.bind(e, binding);
      }
    }
    return view(user, certificates.get(user, id), form, model);
  }

  private String view(
      CurrentUser user, Certificate certificate, CertificateStatusForm statusForm, Model model) {
    model.addAttribute("certificate", certificate);
    model.addAttribute(
        "organisation",
        organisations.find(user.readScope(), certificate.organisationId()).orElse(null));
    model.addAttribute(
        "daysLeft", ChronoUnit.DAYS.between(certificates.today(), certificate.validTo()));
    model.addAttribute("audit", audit.history(user, "certificate", certificate.id()));
    model.addAttribute("canAdmin", user.canAdminister(certificate.organisationId()));
    model.addAttribute("statusForm", statusForm);
    model.addAttribute("statuses", CertificateStatus.RECORDED);
    return "registry/certificate";
  }

  private String form(CurrentUser user, CertificateForm form, Certificate existing, Model model) {
    model.addAttribute("form", form);
    model.addAttribute("existing", existing);
    model.addAttribute(
        "organisations",
        organisations.readable(user).stream()
            .filter(o -> o.active() && user.canAdminister(o.id()))
            .toList());
    model.addAttribute("schemes", CertificateScheme.values());
    return "registry/certificate-form";
  }

  /** The form edits the member and product lists as text: their problems go beside the text. */
  private static InvalidInputException besideFields(InvalidInputException e) {
    return new InvalidInputException(
        e.problems().stream()
            .map(
                p ->
                    p.field().startsWith("memberCodes")
                        ? new FieldProblem("memberCodesText", p.messageKey(), p.arguments())
                        : p.field().equals("scopeProducts")
                            ? new FieldProblem("scopeProductsText", p.messageKey(), p.arguments())
                            : p)
            .toList());
  }

  private static Map<OrganisationId, String> names(List<Organisation> organisations) {
    Map<OrganisationId, String> names = new LinkedHashMap<>();
    organisations.forEach(o -> names.put(o.id(), o.name()));
    return names;
  }
}
