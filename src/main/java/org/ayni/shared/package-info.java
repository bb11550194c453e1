/** Value types shared by every module: identifiers, scopes, paging, input problems and geometry. */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package org.ayni.shared;

import org.springframework.modulith.ApplicationModule;
