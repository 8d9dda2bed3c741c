package io.lakeshare.errors;

import java.util.Optional;

/**
 * Recognises failures of a layer below the resources that are not the server's fault to hide
 * behind a 500: a layer that knows what its failures mean (the catalog knows a full disk from a
 * refused value) says so here, and the error mapper answers with it. A port, so that the mapper
 * depends on no layer it maps for.
 */
public interface FailureTranslator {

    /** What {@code failure} should be answered with, if this layer recognises it. */
    Optional<LakeshareException> translate(Throwable failure);
}
