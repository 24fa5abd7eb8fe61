#include "fhir/validation/ValidationReport.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace paw::fhir {

QString ValidationIssue::severityName(Severity severity)
{
    switch (severity) {
    case Severity::Error:
        return u"error"_s;
    case Severity::Warning:
        return u"warning"_s;
    case Severity::Information:
        return u"information"_s;
    }
    return u"error"_s;
}

int ValidationReport::count(ValidationIssue::Severity severity) const
{
    int n = 0;
    for (const ValidationIssue &issue : issues)
        n += issue.severity == severity ? 1 : 0;
    return n;
}

QJsonObject ValidationReport::toOperationOutcome() const
{
    QJsonArray array;
    for (const ValidationIssue &issue : issues) {
        QJsonObject entry{{u"severity"_s, ValidationIssue::severityName(issue.severity)},
                          {u"code"_s, issue.code.isEmpty() ? u"processing"_s : issue.code},
                          {u"details"_s, QJsonObject{{u"text"_s, issue.message}}}};
        if (!issue.path.isEmpty())
            entry.insert(u"expression"_s, QJsonArray{issue.path});
        if (!issue.profile.isEmpty())
            entry.insert(u"diagnostics"_s, issue.elementId.isEmpty() ? issue.profile
                                                                     : issue.profile + u'#' + issue.elementId);
        array.append(entry);
    }
    if (array.isEmpty())
        array.append(QJsonObject{{u"severity"_s, u"information"_s},
                                 {u"code"_s, u"informational"_s},
                                 {u"details"_s, QJsonObject{{u"text"_s, u"No issues found"_s}}}});
    return QJsonObject{{u"resourceType"_s, u"OperationOutcome"_s}, {u"issue"_s, array}};
}

} // namespace paw::fhir
