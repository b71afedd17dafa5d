package io.secretjdbc.jdbc;

import io.secretjdbc.sql.SearchLayout;

import java.sql.ParameterMetaData;
import java.sql.SQLException;

/**
 * Parameter metadata in the application's numbering when a blind index rewrite added parameters
 * (reference §6 "Search"): the count is the application's, and parameter i describes the first
 * delegate parameter it is bound to. Without it a framework that reads the count or a parameter's type
 * (Spring's {@code StatementCreatorUtils.setNull} asks {@code getParameterType(i)}) would see the rewritten
 * statement's extra index parameters: a count that is not the one it bound, and types one position off.
 * Wraps the already {@link Sealed} delegate metadata, so nothing of the delegate escapes. One line per
 * method of ParameterMetaData, each mapping the number: the interface has no common form to fold them into.
 */
final class MappedParameterMetaData implements ParameterMetaData {

    private final ParameterMetaData sealed;
    private final SearchLayout search;

    MappedParameterMetaData(ParameterMetaData sealed, SearchLayout search) {
        this.sealed = sealed;
        this.search = search;
    }

    private int delegate(int param) throws SQLException {
        return PreparedBinding.delegatesOf(search, param)[0];
    }

    @Override
    public int getParameterCount() {
        return search.applicationParameterCount();
    }

    @Override
    public int isNullable(int param) throws SQLException {
        return sealed.isNullable(delegate(param));
    }

    @Override
    public boolean isSigned(int param) throws SQLException {
        return sealed.isSigned(delegate(param));
    }

    @Override
    public int getPrecision(int param) throws SQLException {
        return sealed.getPrecision(delegate(param));
    }

    @Override
    public int getScale(int param) throws SQLException {
        return sealed.getScale(delegate(param));
    }

    @Override
    public int getParameterType(int param) throws SQLException {
        return sealed.getParameterType(delegate(param));
    }

    @Override
    public String getParameterTypeName(int param) throws SQLException {
        return sealed.getParameterTypeName(delegate(param));
    }

    @Override
    public String getParameterClassName(int param) throws SQLException {
        return sealed.getParameterClassName(delegate(param));
    }

    @Override
    public int getParameterMode(int param) throws SQLException {
        return sealed.getParameterMode(delegate(param));
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return sealed.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return sealed.isWrapperFor(iface);
    }
}
