/**
 * Plugins that exist only in the test sources, to prove that a plugin unknown to every Occam
 * module can be configured from XML, applied in training and recorded in provenance.
 */
package org.occam.classification.testplugins;
