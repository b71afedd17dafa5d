package io.secretjdbc.sql;

import io.secretjdbc.cache.BoundedCache;
import net.sf.jsqlparser.parser.ASTNodeAccess;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.CCJSqlParserTokenManager;
import net.sf.jsqlparser.parser.Node;
import net.sf.jsqlparser.parser.SimpleCharStream;
import net.sf.jsqlparser.parser.StringProvider;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.parser.TokenMgrException;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The tokens of a text for {@link SimpleStatementReader}: plain names, integers, marker literals,
 * {@code ?} and a few symbols, each as JSqlParser's tokenizer would cut it. A text holding anything else,
 * or two tokens JSqlParser could read as one ({@code 7e3}, {@code N'..'}, {@code ?1}, {@code <=>}), has
 * none ({@link #of} is null). Also the reader's cursor over them, and the parse nodes made from their
 * offsets. One instance per text.
 */
final class PlainTokens {

    static final int WORD = 1;
    static final int NUMBER = 2;
    static final int STRING = 3;
    static final int PARAMETER = 4;
    static final int SYMBOL = 5;
    /** More tokens than this: a statement too long to be plain, left to JSqlParser. */
    private static final int MAX_TOKENS = 256;
    /**
     * JSqlParser's keywords that are common column names and that it reads as names in every place of the
     * plain forms: SimpleStatementReaderTest puts each in every place, in generated statements and in
     * mutated ones. Any other keyword leaves the text to the parser.
     */
    static final Set<String> NAME_KEYWORDS = Set.of("NAME", "PASSWORD", "TYPE", "DATA", "USER", "COMMENT",
            "CREATED", "LAST", "ACTION", "VERSION", "PATH", "SIZE", "MODE", "EVENT");
    /** Whether a word is read as a name, by word as written. */
    private static final BoundedCache<String, Boolean> NAMES = new BoundedCache<>(4096);

    /** Taken while in use (getAndSet), so no two threads share it; lost to a race, a new one is built. */
    private static final AtomicReference<CCJSqlParserTokenManager> SPARE_TOKENIZER = new AtomicReference<>();

    private final String sql;
    private final int[] kinds;
    private final int[] starts;
    private final int[] ends;
    private int count;
    private int at;

    private PlainTokens(String sql) {
        this.sql = sql;
        int room = Math.min(MAX_TOKENS, sql.length()); // a token has at least one character
        kinds = new int[room];
        starts = new int[room];
        ends = new int[room];
    }

    /** The tokens of {@code sql}, or null when it holds anything the plain forms do not. */
    static PlainTokens of(String sql) {
        PlainTokens tokens = new PlainTokens(sql);
        return tokens.tokenize() ? tokens : null;
    }

    /** Where the reader stands: the index of the next token. */
    int position() {
        return at;
    }

    boolean atEnd() {
        return at == count;
    }

    /** The kind of the token {@code ahead} places past the next one, 0 past the end. */
    int kind(int ahead) {
        return at + ahead < count ? kinds[at + ahead] : 0;
    }

    void skip() {
        at++;
    }

    /** The next token's text, then steps past it. */
    String take() {
        return sql.substring(starts[at], ends[at++]);
    }

    boolean isSymbol(String symbol) {
        return isSymbol(0, symbol);
    }

    boolean isSymbol(int ahead, String symbol) {
        int i = at + ahead;
        return kind(ahead) == SYMBOL && ends[i] - starts[i] == symbol.length() && sql.startsWith(symbol, starts[i]);
    }

    /** True when the next token is the word {@code keyword}, in any case. */
    boolean isKeyword(String keyword) {
        return kind(0) == WORD && ends[at] - starts[at] == keyword.length()
                && sql.regionMatches(true, starts[at], keyword, 0, keyword.length());
    }

    boolean acceptSymbol(String symbol) {
        if (isSymbol(symbol)) {
            at++;
            return true;
        }
        return false;
    }

    boolean acceptKeyword(String keyword) {
        if (isKeyword(keyword)) {
            at++;
            return true;
        }
        return false;
    }

    void expectSymbol(String symbol) {
        if (!acceptSymbol(symbol)) {
            throw NotSimple.INSTANCE;
        }
    }

    void expectKeyword(String keyword) {
        if (!acceptKeyword(keyword)) {
            throw NotSimple.INSTANCE;
        }
    }

    /** True when the next token is a word that JSqlParser reads as a name ({@link #readAsName}). */
    boolean isName() {
        return kind(0) == WORD && readAsName(sql.substring(starts[at], ends[at]));
    }

    /** The next token as a name, then steps past it. */
    String name() {
        String word = kind(0) == WORD ? sql.substring(starts[at], ends[at]) : null;
        if (word == null || !readAsName(word)) {
            throw NotSimple.INSTANCE;
        }
        at++;
        return word;
    }

    /**
     * Gives {@code target} a parse node from token {@code first} to the last one taken, with the 1-based
     * offsets JSqlParser's tokens carry (all the planner reads of a node).
     */
    void node(ASTNodeAccess target, int first) {
        int last = at - 1;
        Node node = new Node(0);
        Token begin = new Token();
        begin.absoluteBegin = starts[first] + 1;
        begin.absoluteEnd = ends[first] + 1;
        Token end = first == last ? begin : new Token();
        end.absoluteBegin = starts[last] + 1;
        end.absoluteEnd = ends[last] + 1;
        node.jjtSetFirstToken(begin);
        node.jjtSetLastToken(end);
        target.setASTNode(node);
    }

    /** Thrown by the cursor and the reader when the text leaves the plain forms: cheap, no stack trace. */
    static final class NotSimple extends RuntimeException {
        static final NotSimple INSTANCE = new NotSimple();

        private NotSimple() {
            super(null, null, false, false);
        }
    }

    /**
     * True when JSqlParser reads the word as a name wherever the plain forms put one: its tokenizer makes it
     * a plain identifier, or it is one of {@link #NAME_KEYWORDS}. JSqlParser's other non-reserved keywords
     * are names in most places but not all ({@code key secret} is a KEY expression, {@code WHERE case <> ?}
     * does not parse), so they are left to the parser.
     */
    static boolean readAsName(String word) {
        Boolean known = NAMES.get(word);
        if (known == null) {
            known = classify(word);
            NAMES.putIfAbsent(word, known);
        }
        return known;
    }

    /** Asks JSqlParser's tokenizer; one tokenizer is kept for the next word, as building one allocates 50 KB. */
    static boolean classify(String word) {
        SimpleCharStream stream = new SimpleCharStream(new StringProvider(word), 1, 1, word.length() + 1);
        CCJSqlParserTokenManager tokens = SPARE_TOKENIZER.getAndSet(null);
        if (tokens == null) {
            tokens = new CCJSqlParserTokenManager(stream);
        } else {
            tokens.ReInit(stream);
        }
        try {
            Token first = tokens.getNextToken();
            boolean whole = first.image.equals(word) && tokens.getNextToken().kind == CCJSqlParserConstants.EOF;
            return whole && (first.kind == CCJSqlParserConstants.S_IDENTIFIER
                    || NAME_KEYWORDS.contains(word.toUpperCase(Locale.ROOT)));
        } catch (TokenMgrException e) {
            return false; // not a word JSqlParser reads, so not a plain name
        } finally {
            SPARE_TOKENIZER.set(tokens);
        }
    }

    private boolean tokenize() {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (blank(c)) {
                i++;
                continue;
            }
            if (count == kinds.length) {
                return false;
            }
            int start = i;
            int kind;
            if (asciiLetter(c) || c == '_') {
                while (i < n && (asciiLetter(sql.charAt(i)) || digit(sql.charAt(i)) || sql.charAt(i) == '_')) {
                    i++;
                }
                kind = WORD;
            } else if (digit(c)) {
                while (i < n && digit(sql.charAt(i))) {
                    i++;
                }
                if (i - start > 18) {
                    return false;
                }
                kind = NUMBER;
            } else if (c == '\'') {
                i = markerEnd(i);
                if (i < 0) {
                    return false;
                }
                kind = STRING;
            } else if (c == '?') {
                i++;
                kind = PARAMETER;
            } else if (c == '<') {
                i += i + 1 < n && (sql.charAt(i + 1) == '=' || sql.charAt(i + 1) == '>') ? 2 : 1;
                kind = SYMBOL;
            } else if (c == '>' || c == '!') {
                i += i + 1 < n && sql.charAt(i + 1) == '=' ? 2 : 1;
                kind = SYMBOL;
            } else if (c == '(' || c == ')' || c == ',' || c == '.' || c == '*' || c == '=') {
                i++;
                kind = SYMBOL;
            } else {
                return false;
            }
            // Whatever follows a token without a blank must not make it another token for JSqlParser:
            // 7e3, x'..', N'..', ?1, a$b, a#b, <=>, !=< and the like all leave the plain forms.
            if (i < n && !separates(kind, sql.charAt(i - 1), sql.charAt(i))) {
                return false;
            }
            kinds[count] = kind;
            starts[count] = start;
            ends[count] = i;
            count++;
        }
        return true;
    }

    /** Whether {@code next} may follow a token of {@code kind} without JSqlParser reading one longer token. */
    private static boolean separates(int kind, char last, char next) {
        if (blank(next)) {
            return true;
        }
        return switch (kind) {
            case WORD -> "(),.=<>!*".indexOf(next) >= 0;
            case NUMBER, STRING, PARAMETER -> "(),=<>!".indexOf(next) >= 0;
            default -> last == '.' ? asciiLetter(next) || next == '_' || next == '*'
                    : "<>=!".indexOf(last) < 0 || "<>=!".indexOf(next) < 0;
        };
    }

    /** One past a marker literal {@code '§sjlitN'} starting at {@code i}, or -1 for any other string. */
    private int markerEnd(int i) {
        int j = i + 1;
        if (!sql.startsWith(SqlText.MARKER, j)) {
            return -1;
        }
        j += SqlText.MARKER.length();
        int digits = j;
        while (j < sql.length() && digit(sql.charAt(j))) {
            j++;
        }
        return j > digits && j < sql.length() && sql.charAt(j) == '\'' ? j + 1 : -1;
    }

    /** The blanks the plain forms allow (JSqlParser skips others too, such as form feed, left to it). */
    private static boolean blank(char c) {
        return c == ' ' || c == '\n' || c == '\t' || c == '\r';
    }

    private static boolean asciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }
}
