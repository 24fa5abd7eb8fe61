#include "storage/PreparedStatements.h"

#include <QThread>

namespace paw::storage {

PreparedStatements::Run::Run(QSqlQuery *cached, const Database &database, const QString &sql,
                             const QVariantList &values)
    : m_query(cached)
{
    if (!m_query) {
        m_query = &m_own.emplace(database.connection());
        if (!m_query->prepare(sql))
            return; // ok() false, lastError() says why
    }
    int position = 0;
    for (const QVariant &value : values)
        m_query->bindValue(position++, value);
    m_ok = m_query->exec();
}

PreparedStatements::Run::~Run()
{
    m_query->finish();
}

PreparedStatements::PreparedStatements(std::shared_ptr<Database> database)
    : m_database(std::move(database))
{
}

QSqlQuery *PreparedStatements::cached(const QString &sql) const
{
    Qt::HANDLE expected = nullptr;
    const Qt::HANDLE self = QThread::currentThreadId();
    if (!m_owner.compare_exchange_strong(expected, self) && expected != self)
        return nullptr;
    auto it = m_queries.find(sql);
    if (it == m_queries.end()) {
        QSqlQuery query(m_database->connection());
        if (!query.prepare(sql))
            return nullptr; // not kept: the next call prepares it again and reports the error
        it = m_queries.insert(sql, std::move(query));
    }
    return &it.value();
}

PreparedStatements::Run PreparedStatements::exec(const QString &sql, const QVariantList &values) const
{
    return Run(cached(sql), *m_database, sql, values);
}

} // namespace paw::storage
