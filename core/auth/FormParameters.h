#pragma once

#include "Expected.h"
#include "http/HttpRequest.h"

#include <QHash>
#include <QString>

namespace paw::auth {

/// The parameters of a POST to the token side: an application/x-www-form-urlencoded body
/// (RFC 6749 §3.2), by name.
class FormParameters
{
public:
    /// Refuses another Content-Type and a parameter given twice ("Request and response
    /// parameters MUST NOT be included more than once", RFC 6749 §3.1); the error is the
    /// description for invalid_request. A parameter without a value counts as absent.
    static Expected<FormParameters, QString> parse(const http::HttpRequest &request);

    /// The value, or a null string when absent.
    QString value(const QString &name) const { return m_values.value(name); }
    bool has(const QString &name) const { return m_values.contains(name); }

private:
    QHash<QString, QString> m_values;
};

} // namespace paw::auth
