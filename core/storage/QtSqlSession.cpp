#include "storage/QtSqlSession.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace paw::storage {

namespace {

QVariant toVariant(const SqlValue &value)
{
    if (!value.isText())
        return QVariant(value.integer());
    // Qt binds a null QString as SQL NULL; SqlValue text is never NULL.
    const QString text = QString::fromUtf8(value.text());
    return text.isNull() ? QVariant(QStringLiteral("")) : QVariant(text);
}

} // namespace

class QtSqlSession::QtStatement final : public SqlSession::Statement
{
public:
    explicit QtStatement(QSqlQuery query) : m_query(std::move(query)) {}

    Expected<bool, QString> exec(std::initializer_list<SqlValue> values) override
    {
        m_query.finish();
        int index = 0;
        for (const SqlValue &value : values)
            m_query.bindValue(index++, toVariant(value));
        if (!m_query.exec())
            return m_query.lastError().text();
        return m_query.isSelect() && m_query.next();
    }
    qint64 intValue(int column) const override { return m_query.value(column).toLongLong(); }
    QByteArray textValue(int column) const override
    {
        const QVariant value = m_query.value(column);
        return value.typeId() == QMetaType::QByteArray ? value.toByteArray() : value.toString().toUtf8();
    }
    void finish() override { m_query.finish(); }

private:
    QSqlQuery m_query;
};

class QtSqlSession::QtInserter final : public SqlSession::Inserter
{
public:
    QtInserter(QSqlDatabase db, QString table, QStringList columns)
        : m_db(std::move(db)), m_table(std::move(table)), m_columns(std::move(columns)), m_full(m_db)
    {
        if (!m_full.prepare(insertSql(m_table, m_columns, kRowsPerInsert)))
            m_fullError = m_full.lastError().text();
    }

    QString add(std::initializer_list<SqlValue> row) override
    {
        for (const SqlValue &value : row)
            m_values << toVariant(value);
        ++m_pending;
        if (m_pending == 1)
            m_firstPending = m_rows + 1;
        ++m_rows;
        return m_pending < kRowsPerInsert ? QString() : flush();
    }

    QString flush() override
    {
        if (m_pending == 0)
            return {};
        QSqlQuery partial(m_db);
        QSqlQuery &q = m_pending == kRowsPerInsert ? m_full : partial;
        QString prepareError = m_fullError;
        if (&q == &partial && !partial.prepare(insertSql(m_table, m_columns, m_pending)))
            prepareError = partial.lastError().text();
        if (!prepareError.isEmpty()) {
            const QString error = QStringLiteral("rows %1 to %2: %3").arg(m_firstPending).arg(m_rows).arg(prepareError);
            discard();
            return error;
        }
        for (qsizetype i = 0; i < m_values.size(); ++i)
            q.bindValue(int(i), m_values.at(i));
        const qint64 first = m_firstPending;
        m_values.clear();
        m_pending = 0;
        if (!q.exec())
            return QStringLiteral("rows %1 to %2: %3").arg(first).arg(m_rows).arg(q.lastError().text());
        return {};
    }

    void discard()
    {
        m_values.clear();
        m_pending = 0;
    }

private:
    QSqlDatabase m_db;
    QString m_table;
    QStringList m_columns;
    QSqlQuery m_full;
    QString m_fullError;
    QVariantList m_values;
    int m_pending = 0;
    qint64 m_firstPending = 0;
    qint64 m_rows = 0;
};

QtSqlSession::QtSqlSession(QSqlDatabase db)
    : m_db(std::move(db))
{
}

QtSqlSession::~QtSqlSession()
{
    if (m_inTransaction)
        rollback();
}

QString QtSqlSession::begin()
{
    if (!m_db.transaction())
        return m_db.lastError().text();
    m_inTransaction = true;
    return {};
}

QString QtSqlSession::commit()
{
    for (const auto &inserter : m_inserters) {
        if (QString error = inserter->flush(); !error.isEmpty())
            return error;
    }
    for (const auto &statement : m_statements)
        statement->finish();
    if (!m_db.commit())
        return m_db.lastError().text();
    m_inTransaction = false;
    return {};
}

void QtSqlSession::rollback()
{
    for (const auto &inserter : m_inserters)
        inserter->discard();
    for (const auto &statement : m_statements)
        statement->finish();
    if (m_inTransaction)
        m_db.rollback();
    m_inTransaction = false;
}

Expected<SqlSession::Statement *, QString> QtSqlSession::prepare(const QString &sql)
{
    QSqlQuery query(m_db);
    if (!query.prepare(sql))
        return query.lastError().text();
    m_statements.push_back(std::make_unique<QtStatement>(std::move(query)));
    return static_cast<Statement *>(m_statements.back().get());
}

Expected<SqlSession::Statement *, QString> QtSqlSession::prepareInsert(const QString &sql, const QString &keyColumn)
{
    return prepare(sql + QStringLiteral(" RETURNING ") + keyColumn);
}

SqlSession::Inserter *QtSqlSession::inserter(const QString &table, const QStringList &columns)
{
    m_inserters.push_back(std::make_unique<QtInserter>(m_db, table, columns));
    return m_inserters.back().get();
}

} // namespace paw::storage
