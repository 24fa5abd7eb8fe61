#include "storage/SqlSession.h"

#include "storage/QtSqlSession.h"
#include "storage/SqlDialect.h"
#include "storage/SqliteSqlSession.h"

#include <QSqlDatabase>

namespace paw::storage {

std::unique_ptr<SqlSession> SqlSession::create(QSqlDatabase db, const SqlDialect &dialect)
{
    if (dialect.kind() == SqlDialect::Kind::SQLite) {
        if (auto writer = SqliteSqlSession::create(db))
            return writer;
    }
    return std::make_unique<QtSqlSession>(std::move(db));
}

QString SqlSession::describe(std::initializer_list<SqlValue> row)
{
    QStringList values;
    for (const SqlValue &value : row) {
        values << (value.isText() ? QLatin1Char('\'') + QString::fromUtf8(value.text()) + QLatin1Char('\'')
                                  : QString::number(value.integer()));
    }
    return QLatin1Char('(') + values.join(QStringLiteral(", ")) + QLatin1Char(')');
}

QString SqlSession::insertSql(const QString &table, const QStringList &columns, int rows)
{
    const QString one = QLatin1Char('(') + QStringList(columns.size(), QStringLiteral("?")).join(u',') + QLatin1Char(')');
    return QStringLiteral("INSERT INTO ") + table + QStringLiteral(" (") + columns.join(u',')
           + QStringLiteral(") VALUES ") + QStringList(rows, one).join(u',')
           // Callers remove duplicates; this only guards the primary key.
           + QStringLiteral(" ON CONFLICT DO NOTHING");
}

} // namespace paw::storage
