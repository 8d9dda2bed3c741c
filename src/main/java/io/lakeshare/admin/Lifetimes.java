package io.lakeshare.admin;

import io.lakeshare.errors.LakeshareException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Token lifetimes and grace periods as owners write them: {@code 90d}, {@code 24h}, {@code 30m}, {@code 2w}, {@code 45s}. */
final class Lifetimes {

    private static final Pattern FORM = Pattern.compile("(\\d{1,9})([smhdw])");
    private static final Duration LONGEST = Duration.ofDays(3660);

    private Lifetimes() {}

    /** How long a rotated token's old secret keeps working when the owner does not say. */
    static final Duration DEFAULT_GRACE = Duration.ofHours(24);

    /** Empty for no lifetime (a non-expiring token). */
    static Optional<Duration> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Duration lifetime = duration("expiry", text);
        if (lifetime.isZero() || lifetime.compareTo(LONGEST) > 0) {
            throw LakeshareException.invalidParameter("Invalid expiry '" + text
                    + "': it must be more than zero and at most 3660d (for example 90d, 24h or 30m)");
        }
        return Optional.of(lifetime);
    }

    /** A rotation's grace period: {@link #DEFAULT_GRACE} when absent; {@code 0s} ends the old secret at once. */
    static Duration grace(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_GRACE;
        }
        Duration grace = duration("grace period", text);
        if (grace.compareTo(LONGEST) > 0) {
            throw LakeshareException.invalidParameter(
                    "Invalid grace period '" + text + "': it must be at most 3660d (for example 24h, 30m or 0s)");
        }
        return grace;
    }

    private static Duration duration(String what, String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw LakeshareException.invalidParameter("Invalid " + what + " '" + text
                    + "': give a number and a unit, s, m, h, d or w (for example 90d, 24h or 30m)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }
}
