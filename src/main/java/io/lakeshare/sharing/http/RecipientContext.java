package io.lakeshare.sharing.http;

import io.lakeshare.catalog.Bearer;
import jakarta.enterprise.context.RequestScoped;

/** The recipient of the current request, set by {@link RecipientAuthFilter}. */
@RequestScoped
public class RecipientContext {

    private Bearer recipient;

    void set(Bearer recipient) {
        this.recipient = recipient;
    }

    public Bearer recipient() {
        if (recipient == null) {
            throw new IllegalStateException("No authenticated recipient on this request");
        }
        return recipient;
    }
}
