/**
 * The MLP trainer and model for Tribuo's {@link org.tribuo.classification.Label} outputs.
 */
package org.occam.classification;
