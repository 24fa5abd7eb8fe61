#include "auth/FormParameters.h"

#include <QCoreApplication>

namespace paw::auth {

Expected<FormParameters, QString> FormParameters::parse(const http::HttpRequest &request)
{
    const QByteArray type = request.header("Content-Type").split(';').constFirst().trimmed().toLower();
    if (type != "application/x-www-form-urlencoded")
        return QCoreApplication::translate("FormParameters", "the body must be application/x-www-form-urlencoded");
    FormParameters form;
    for (const auto &[name, value] : http::decodeFormUrlEncoded(request.body)) {
        // RFC 6749 §3.1: "Parameters sent without a value MUST be treated as if they were omitted".
        if (value.isEmpty())
            continue;
        if (form.m_values.contains(name))
            return QCoreApplication::translate("FormParameters", "the parameter %1 is given more than once").arg(name);
        form.m_values.insert(name, value);
    }
    return form;
}

} // namespace paw::auth
