#pragma once

#include "storage/SqlSession.h"

#include <QSqlDatabase>

#include <vector>

namespace paw::storage {

/// SqlSession through QSqlQuery, for any Qt SQL driver: inserters send kRowsPerInsert rows per
/// multi-row INSERT, so a database across the network sees few round trips.
class QtSqlSession final : public SqlSession
{
public:
    static constexpr int kRowsPerInsert = 64;

    explicit QtSqlSession(QSqlDatabase db);
    ~QtSqlSession() override;

    QString begin() override;
    QString commit() override;
    void rollback() override;
    Expected<Statement *, QString> prepare(const QString &sql) override;
    Expected<Statement *, QString> prepareInsert(const QString &sql, const QString &keyColumn) override;
    Inserter *inserter(const QString &table, const QStringList &columns) override;

private:
    class QtStatement;
    class QtInserter;

    QSqlDatabase m_db;
    std::vector<std::unique_ptr<QtStatement>> m_statements;
    std::vector<std::unique_ptr<QtInserter>> m_inserters;
    bool m_inTransaction = false;
};

} // namespace paw::storage
