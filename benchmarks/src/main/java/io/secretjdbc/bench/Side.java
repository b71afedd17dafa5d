package io.secretjdbc.bench;

/** Which driver a benchmark runs through: every case runs once per side in the same JMH run. */
public enum Side {
    /** The raw sqlite-jdbc driver; secret values are encrypted and decrypted with plain javax.crypto. */
    RAW,
    /** secret-jdbc wrapping sqlite-jdbc; the driver does the crypto. */
    SECRET
}
