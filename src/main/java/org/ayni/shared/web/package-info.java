/** Small web helpers every module's pages and API use: form errors, CSV export, API pages. */
package org.ayni.shared.web;
