/**
 * Occam's built-in regularizer catalog. Sub-packages mirror the hook order of
 * {@link org.occam.core.spi}: {@code layer} (hook 2: dropout family and normalization layers),
 * {@code penalty} (hook 3/6), and {@code tribuo} adapts penalties to Tribuo's own SGD trainers.
 * Every plugin is named in a config by class; the trainers never import this module.
 */
package org.occam.regularizers;
