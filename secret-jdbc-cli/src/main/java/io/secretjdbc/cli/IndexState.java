package io.secretjdbc.cli;

/** What a stored blind index value (reference §3.1) is, beside the value of its secret column. */
enum IndexState {
    /** The index of the plaintext under the primary key: what the driver writes. */
    CURRENT,
    /** The index of the plaintext under a previous key: lookups still find the row; {@code rotate} rewrites it. */
    STALE,
    /** NULL beside a value that is not NULL: lookups miss the row; {@code migrate} fills it. */
    MISSING,
    /**
     * The index of no plaintext this row holds under any configured key (an index copied from another
     * row, a normalization or domain changed since it was written, a non-NULL index beside NULL):
     * lookups give wrong answers; {@code migrate} rewrites it and {@code scan} exits non-zero.
     */
    WRONG,
    /** The value is unreadable (no key opens it), so its index cannot be checked. */
    UNCHECKED,
    /** NULL value and NULL index: nothing to count. */
    NONE
}
