#include "storage/BulkWriter.h"

#include "storage/QtBulkWriter.h"
#include "storage/SqlDialect.h"
#include "storage/SqliteBulkWriter.h"

#include <QSqlDatabase>

namespace paw::storage {

std::unique_ptr<BulkWriter> BulkWriter::create(QSqlDatabase db, const SqlDialect &dialect)
{
    if (dialect.kind() == SqlDialect::Kind::SQLite) {
        if (auto writer = SqliteBulkWriter::create(db))
            return writer;
    }
    return std::make_unique<QtBulkWriter>(std::move(db));
}

QString BulkWriter::describe(std::initializer_list<BulkValue> row)
{
    QStringList values;
    for (const BulkValue &value : row) {
        values << (value.isText() ? QLatin1Char('\'') + QString::fromUtf8(value.text()) + QLatin1Char('\'')
                                  : QString::number(value.integer()));
    }
    return QLatin1Char('(') + values.join(QStringLiteral(", ")) + QLatin1Char(')');
}

QString BulkWriter::insertSql(const QString &table, const QStringList &columns, int rows)
{
    const QString one = QLatin1Char('(') + QStringList(columns.size(), QStringLiteral("?")).join(u',') + QLatin1Char(')');
    return QStringLiteral("INSERT INTO ") + table + QStringLiteral(" (") + columns.join(u',')
           + QStringLiteral(") VALUES ") + QStringList(rows, one).join(u',')
           // Callers remove duplicates; this only guards the primary key.
           + QStringLiteral(" ON CONFLICT DO NOTHING");
}

} // namespace paw::storage
