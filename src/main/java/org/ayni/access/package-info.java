/**
 * Who may do what: users, their roles per organisation, tenancy (a central co-operative's staff
 * also see its base organisations), API tokens, and the audit trail of every write.
 */
@ApplicationModule(allowedDependencies = {"shared"})
package org.ayni.access;

import org.springframework.modulith.ApplicationModule;
