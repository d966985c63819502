/**
 * Occam's built-in regularizer catalog. Sub-packages mirror the hook order of
 * {@link org.occam.core.spi}: {@code batch} (hook 1: input noise, mixup, label smoothing, image
 * augmentations), {@code layer} and {@code weight} (hook 2: dropout family, normalization,
 * activity regularization, variational layers, stochastic depth; DropConnect and weight noise),
 * {@code penalty} (hook 3/6), {@code gradient} (hook 5: clipping), {@code constraint} (hook 7:
 * max-norm, unit-norm, non-negativity) and {@code control} (hook 8: early stopping);
 * {@code tribuo} adapts penalties to Tribuo's own SGD trainers; {@link org.occam.regularizers.ScopeSettings}
 * checks the scope properties that penalties, weight perturbations and constraints share. Every
 * plugin is named in a config by class; the trainers never import this module.
 */
package org.occam.regularizers;
