package org.ayni.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shown status and expiry flag of certificates, and how forms read lists; no Spring. */
class CertificateStatusTests {

  private static final LocalDate TODAY = LocalDate.of(2026, 12, 1);

  @Test
  void anActiveCertificateIsExpiredFromTheDayAfterItsLastValidDay() {
    assertThat(Certificate.shownStatus(CertificateStatus.ACTIVE, TODAY, TODAY))
        .isEqualTo(CertificateStatus.ACTIVE);
    assertThat(Certificate.shownStatus(CertificateStatus.ACTIVE, TODAY.minusDays(1), TODAY))
        .isEqualTo(CertificateStatus.EXPIRED);
    assertThat(Certificate.shownStatus(CertificateStatus.SUSPENDED, TODAY.minusDays(1), TODAY))
        .isEqualTo(CertificateStatus.SUSPENDED);
    assertThat(Certificate.shownStatus(CertificateStatus.WITHDRAWN, TODAY.minusYears(1), TODAY))
        .isEqualTo(CertificateStatus.WITHDRAWN);
  }

  @Test
  void onlyAValidActiveCertificateEndingWithinSixtyDaysIsFlagged() {
    assertThat(Certificate.expiresSoon(CertificateStatus.ACTIVE, TODAY, TODAY)).isTrue();
    assertThat(Certificate.expiresSoon(CertificateStatus.ACTIVE, TODAY.plusDays(60), TODAY))
        .isTrue();
    assertThat(Certificate.expiresSoon(CertificateStatus.ACTIVE, TODAY.plusDays(61), TODAY))
        .isFalse();
    assertThat(Certificate.expiresSoon(CertificateStatus.ACTIVE, TODAY.minusDays(1), TODAY))
        .isFalse();
    assertThat(Certificate.expiresSoon(CertificateStatus.SUSPENDED, TODAY.plusDays(10), TODAY))
        .isFalse();
  }

  @Test
  void fscNumbersInAnUnusualFormatAreOnlyPointedOut() {
    assertThat(CertificateScheme.FSC_FOREST_MANAGEMENT.usualNumber("CU-FM/COC-123456")).isTrue();
    assertThat(CertificateScheme.FSC_FOREST_MANAGEMENT.usualNumber("CU-COC-123456")).isFalse();
    assertThat(CertificateScheme.FSC_CHAIN_OF_CUSTODY.usualNumber("SCS-COC-004321")).isTrue();
    assertThat(CertificateScheme.FSC_CHAIN_OF_CUSTODY.usualNumber("FSC-C012345")).isFalse();
    assertThat(CertificateScheme.FAIRTRADE.usualNumber("FLO ID 1234")).isTrue();
  }

  @Test
  void theFormReadsMemberCodesAndProductsFromText() {
    CertificateForm form = new CertificateForm();
    form.setMemberCodesText(" CH-001\nCH-002, cepicafe-montero:MO-7 ;\n\n");
    form.setScopeProductsText("cacao blanco, café;Cacao blanco\npanela");

    assertThat(form.getMemberCodes()).containsExactly("CH-001", "CH-002", "cepicafe-montero:MO-7");
    assertThat(form.products()).containsExactly("cacao blanco", "café", "panela");
    assertThat(form.getScopeProductsText()).isEqualTo("cacao blanco, café, panela");

    form.setScopeProducts(List.of("oro, plata"));
    assertThat(form.products()).containsExactly("oro", "plata");
  }
}
