#include "fhir/store/BulkLoad.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcBulkLoad, "paw.fhir.store.bulk")

namespace paw::fhir {

BulkLoad::BulkLoad(ResourceStore &store)
    : m_store(store)
    , m_startError(store.beginBulkLoad())
{
}

BulkLoad::~BulkLoad()
{
    if (const QString error = finish(); !error.isEmpty())
        qCWarning(lcBulkLoad) << error;
}

QString BulkLoad::finish()
{
    if (m_finished)
        return {};
    m_finished = true;
    return m_store.endBulkLoad();
}

} // namespace paw::fhir
