package io.secretjdbc.crypto;

/**
 * A plaintext that UTF-8 cannot encode (a lone UTF-16 surrogate). Unchecked, because encryption is
 * called where no checked exception fits (literal rewriting); callers that face an application turn
 * it into an SQLException naming the column. The message gives the position, never the text.
 */
public final class MalformedTextException extends IllegalArgumentException {

    private final int index;

    public MalformedTextException(int index) {
        super("the text holds a lone UTF-16 surrogate at index " + index
                + ", which UTF-8 cannot encode; it would be stored changed (as '?')");
        this.index = index;
    }

    /** The char index of the lone surrogate. */
    public int index() {
        return index;
    }
}
