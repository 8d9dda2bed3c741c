package io.lakeshare.admin;

import io.lakeshare.errors.LakeshareException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Token lifetimes as owners write them: {@code 90d}, {@code 24h}, {@code 30m}, {@code 2w}, {@code 45s}. */
final class Lifetimes {

    private static final Pattern FORM = Pattern.compile("(\\d{1,9})([smhdw])");
    private static final Duration LONGEST = Duration.ofDays(3660);

    private Lifetimes() {}

    /** Empty for no lifetime (a non-expiring token). */
    static Optional<Duration> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw LakeshareException.invalidParameter("Invalid expiry '" + text
                    + "': give a number and a unit, s, m, h, d or w (for example 90d, 24h or 30m)");
        }
        long n = Long.parseLong(m.group(1));
        Duration lifetime = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
        if (lifetime.isZero() || lifetime.compareTo(LONGEST) > 0) {
            throw LakeshareException.invalidParameter("Invalid expiry '" + text
                    + "': it must be more than zero and at most 3660d (for example 90d, 24h or 30m)");
        }
        return Optional.of(lifetime);
    }
}
