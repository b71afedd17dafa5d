package io.secretjdbc.sql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The identifier-word scan finds the words its Javadoc promises, and the USING check counts through it. */
class WordsTest {

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (int i = Words.identifierStart(text, 0), end; i < text.length(); i = Words.identifierStart(text, end)) {
            end = Words.identifierEnd(text, i);
            words.add(text.substring(i, end));
        }
        return words;
    }

    @Test
    void wordsAreRunsOfIdentifierCharactersWhateverSurroundsThem() {
        assertThat(words("SELECT a.email, \"Email\", `e`, [x] FROM t WHERE x='email' -- note"))
                .containsExactly("SELECT", "a", "email", "Email", "e", "x", "FROM", "t", "WHERE", "x", "email", "note");
        assertThat(words("1x $y z_9 é日本 a+b,c")).containsExactly("1x", "$y", "z_9", "é日本", "a", "b", "c");
        assertThat(words("")).isEmpty();
        assertThat(words(" .,;()'\"")).isEmpty();
    }

    @Test
    void aLetterOutsideTheBasicPlaneIsABoundary() {
        // Documented limit of the char-by-char scan (U+1D400 MATHEMATICAL BOLD CAPITAL A is a letter).
        assertThat(words("a\uD835\uDC00b")).containsExactly("a", "b");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SELECT a.email FROM a JOIN b USING (email)|email|1",
        "SELECT a.\"email\", b.`Email`, c.[email] FROM a JOIN b USING (email)|EMAIL|1",
        "SELECT email FROM a JOIN b USING (email) WHERE x = 'email'|email|3",
        "SELECT emails, my_email, email2 FROM a JOIN b USING (email)|email|1",
        "SELECT \"Email\" FROM a JOIN b USING (\"email\")|\"Email\"|2",
        "SELECT 1|email|0",
    })
    void unqualifiedUsesCountsWordsNotAfterADot(String sql, String name, int expected) {
        assertThat(IndexGrouping.unqualifiedUses(sql, name)).isEqualTo(expected);
    }
}
