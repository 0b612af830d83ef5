package io.wally.maps.query;

/**
 * A query that cannot be parsed, planned or finished: the {@link Code} says why (callers branch on it,
 * never on the message); the message names the values involved and, for syntax errors, shows the
 * offending line with a caret under the token.
 *
 * <p>Immutable; thrown by {@link QueryEngine} on the calling thread.
 */
public final class QueryException extends RuntimeException {

    /** Why a query failed. */
    public enum Code {
        /** The text is not valid query syntax. */
        SYNTAX,
        /** A function that does not exist, or called with the wrong number of arguments. */
        UNKNOWN_FUNCTION,
        /** A node label that is not a place kind, or an unknown relationship type. */
        UNKNOWN_LABEL,
        /** A variable used but never bound by the pattern, or a parameter not given. */
        UNBOUND,
        /** A value of the wrong type for an operator or function (e.g. {@code 'a' - 1}). */
        TYPE,
        /** Integer overflow or integer division by zero. */
        ARITHMETIC,
        /** More result rows than {@link QuerySettings#maxRows()}. */
        ROW_LIMIT,
        /** Ran longer than {@link QuerySettings#timeLimitMillis()}. */
        TIME_LIMIT,
        /** Followed more edges than {@link QuerySettings#maxExpansions()}. */
        EXPANSION_LIMIT,
        /** A construct of openCypher this subset does not support. */
        UNSUPPORTED
    }

    private final Code code;

    /** A failure with {@code code} and a message naming the values involved. */
    public QueryException(Code code, String message) {
        super(message);
        this.code = code;
    }

    /** Why the query failed. */
    public Code code() {
        return code;
    }
}
