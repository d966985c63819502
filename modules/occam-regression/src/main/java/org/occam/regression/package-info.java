/**
 * The MLP trainer and model for Tribuo's {@link org.tribuo.regression.Regressor} outputs
 * (multi-output, with target standardization).
 */
package org.occam.regression;
