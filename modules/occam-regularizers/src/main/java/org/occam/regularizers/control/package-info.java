/**
 * Training control (hook 8): {@link org.occam.regularizers.control.EarlyStopping}.
 */
package org.occam.regularizers.control;
