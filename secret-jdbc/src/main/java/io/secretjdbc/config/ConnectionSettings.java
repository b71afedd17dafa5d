package io.secretjdbc.config;

import java.util.Properties;

/**
 * The outcome of reading a connection's configuration: our settings, and the properties that go on
 * to the delegate driver with every {@code secret.*} key (and its aliases) taken out.
 */
public record ConnectionSettings(SecretSettings settings, Properties delegateProperties) {

    /** The delegate's properties may hold its password: only their names are shown. */
    @Override
    public String toString() {
        return "ConnectionSettings[" + settings + ", delegate properties " + delegateProperties.stringPropertyNames() + "]";
    }
}
