package io.secretjdbc.jdbc;

import io.secretjdbc.crypto.MalformedTextException;
import io.secretjdbc.registry.SecretColumn;
import io.secretjdbc.registry.SecretTable;
import io.secretjdbc.sql.Plan;
import io.secretjdbc.sql.ResultShape;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;

/** The two steps every execution path shares: the text to send, and wrapping what comes back. */
final class StatementExecution {

    private StatementExecution() {
    }

    /**
     * Refuses what reference §6 refuses, fails with Kestra's message when the statement writes a secret column
     * and no key is configured, and returns the SQL with secret literals replaced by ciphertext.
     */
    static String textToSend(SecretContext context, Plan plan) throws SQLException {
        plan.checkAllowed();
        if (plan.isPassThrough()) {
            return plan.sql();
        }
        SecretColumn written = plan.firstSecretWrite();
        if (written != null) {
            context.crypto().requireKeyForWrite(written);
        }
        if (plan.search() != null) {
            return searchText(context, plan, written);
        }
        if (!plan.hasSecretLiterals()) {
            return plan.sql();
        }
        try {
            return plan.render(context.crypto().literalEncryptor());
        } catch (MalformedTextException e) {
            throw ColumnCrypto.malformed(written == null ? "of this statement" : written.qualifiedName()
                    + " (or another secret column of this statement)", e);
        }
    }

    /** The blind index rewrite's text, its literals rendered as ciphertext or index values. */
    private static String searchText(SecretContext context, Plan plan, SecretColumn written) throws SQLException {
        ColumnCrypto crypto = context.crypto();
        if (plan.indexedColumn() != null) {
            crypto.requireKeyForIndex(plan.indexedColumn());
        }
        try {
            return plan.renderSearch((column, key, value) -> key == io.secretjdbc.sql.SearchLayout.CIPHERTEXT
                    ? crypto.encrypt(column, value) : crypto.index(column, value, key));
        } catch (MalformedTextException e) {
            throw ColumnCrypto.malformed(written == null ? "of this statement" : written.qualifiedName()
                    + " (or another secret column of this statement)", e);
        }
    }

    /** Wraps a result set so that the plan's secret result columns are decrypted. */
    static ResultSet wrapResults(SecretContext context, Statement owner, ResultSet rs, Plan plan)
            throws SQLException {
        if (rs == null) {
            return null;
        }
        ResultShape shape = plan == null ? ResultShape.NONE : plan.results();
        SecretColumn[] secrets = shape == ResultShape.NONE ? null
                : shape.resolve(shape.readsMetaData() ? rs.getMetaData() : null);
        return new SecretResultSet(context, owner, rs, secrets);
    }

    /**
     * Generated keys come from the written table: columns named like its secret columns (a key list that
     * names them, or a driver that returns whole rows) are decrypted.
     */
    static ResultSet wrapGeneratedKeys(SecretContext context, Statement owner, ResultSet rs, Plan plan)
            throws SQLException {
        if (rs == null) {
            return null;
        }
        SecretTable table = plan == null ? null : plan.writeTarget();
        SecretColumn[] secrets = null;
        if (table != null) {
            ResultSetMetaData md = rs.getMetaData();
            int count = md.getColumnCount();
            for (int i = 1; i <= count; i++) {
                SecretColumn column = table.secretColumn(md.getColumnName(i));
                if (column != null) {
                    if (secrets == null) {
                        secrets = new SecretColumn[count + 1];
                    }
                    secrets[i] = column;
                }
            }
        }
        return new SecretResultSet(context, owner, rs, secrets);
    }
}
