package io.lakeshare.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import jakarta.annotation.Priority;
import java.nio.file.Path;

/**
 * {@code lakeshare.data-dir} as an absolute path, resolved against the working directory the
 * server was started in. Everything placed under it sees the same directory, and the embedded
 * database's JDBC URL ({@code jdbc:h2:file:${lakeshare.data-dir}/catalog}) is one H2 accepts: it
 * refuses a path implicitly relative to the working directory, such as the default {@code data}.
 *
 * <p>Its priority puts it inside expression expansion, so that the data directory named in other
 * settings' values is resolved too, and outside the profiles, so that a profile's value is.
 */
@Priority(3210) // between ProfileConfigSourceInterceptor (3200) and ExpressionConfigSourceInterceptor (3300)
public class AbsoluteDataDir implements ConfigSourceInterceptor {

    static final String NAME = "lakeshare.data-dir";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!NAME.equals(name)
                || value == null
                || value.getValue() == null
                || value.getValue().isBlank()
                || value.getValue().contains("${")) {
            return value; // an expression is resolved by the expansion around this, and comes back here when it names
            // the data dir
        }
        return value.withValue(
                Path.of(value.getValue()).toAbsolutePath().normalize().toString());
    }
}
