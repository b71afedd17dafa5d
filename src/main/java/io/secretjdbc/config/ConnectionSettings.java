package io.secretjdbc.config;

import java.util.Properties;

/**
 * The outcome of reading a connection's configuration: our settings, and the properties that go on
 * to the delegate driver with every {@code secret.*} key (and its aliases) taken out.
 */
public record ConnectionSettings(SecretSettings settings, Properties delegateProperties) {
}
