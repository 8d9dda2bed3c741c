package io.lakeshare.catalog;

/** A token just created: the only moment the secret exists outside the recipient's hands. */
public record IssuedToken(Token info, String secret) {

    @Override
    public String toString() {
        return "IssuedToken[" + info + ", secret=<redacted>]";
    }
}
