package io.lakeshare.sharing.http;

import io.lakeshare.catalog.Recipient;
import jakarta.enterprise.context.RequestScoped;

/** The recipient of the current request, set by {@link RecipientAuthFilter}. */
@RequestScoped
public class RecipientContext {

    private Recipient recipient;

    void set(Recipient recipient) {
        this.recipient = recipient;
    }

    public Recipient recipient() {
        if (recipient == null) {
            throw new IllegalStateException("No authenticated recipient on this request");
        }
        return recipient;
    }
}
