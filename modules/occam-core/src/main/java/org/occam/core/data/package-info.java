/**
 * Data provenance that trained models carry and that must load with the model modules alone.
 */
package org.occam.core.data;
