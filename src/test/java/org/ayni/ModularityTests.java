package org.ayni;

import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** The module boundaries hold, and the module diagram in docs/modules is current. */
class ModularityTests {

  private final ApplicationModules modules =
      ApplicationModules.of(AyniApplication.class, productionCode());

  /** Only production classes, wherever the build directory is (see ayni.build.dir). */
  private static ImportOption productionCode() {
    return location -> !location.contains("/test-classes/");
  }

  @Test
  void modulesRespectTheirBoundaries() {
    modules.verify();
  }

  @Test
  void writesTheModuleDiagram() {
    new Documenter(modules, Documenter.Options.defaults().withOutputFolder("docs/modules"))
        .writeModulesAsPlantUml()
        .writeIndividualModulesAsPlantUml()
        .writeModuleCanvases();
  }
}
