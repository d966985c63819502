/**
 * The shared base of Occam's Tribuo models: batched INFER-mode prediction over a trained network
 * and protobuf serialization through Tribuo's {@code Model.serialize()}.
 */
package org.occam.core.model;
