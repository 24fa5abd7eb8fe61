#include "fhir/search/FhirReference.h"

#include "fhir/search/FhirResourceTypes.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace paw::fhir {

bool FhirReference::isValidId(QStringView id)
{
    if (id.isEmpty() || id.size() > 64)
        return false;
    for (QChar c : id) {
        const char16_t u = c.unicode();
        const bool ok = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9')
                        || u == u'-' || u == u'.';
        if (!ok)
            return false;
    }
    return true;
}

namespace {

// "Type/id" or "Type/id/_history/vid" at the end of `segments`; false when it is neither.
bool typeAndIdFromTail(const QList<QStringView> &segments, QString &type, QString &id)
{
    qsizetype n = segments.size();
    if (n >= 4 && segments.at(n - 2) == u"_history")
        n -= 2;
    if (n < 2)
        return false;
    const QStringView t = segments.at(n - 2);
    const QStringView i = segments.at(n - 1);
    if (!FhirResourceTypes::isKnown(t) || !FhirReference::isValidId(i))
        return false;
    type = t.toString();
    id = i.toString();
    return true;
}

} // namespace

std::optional<FhirReference> FhirReference::parse(const QString &reference)
{
    const QString ref = reference.trimmed();
    if (ref.isEmpty() || ref.startsWith(u'#'))
        return std::nullopt;
    FhirReference result;
    if (ref.startsWith(u"urn:uuid:"_s) || ref.startsWith(u"urn:oid:"_s)) {
        result.url = ref;
        return result;
    }
    const qsizetype scheme = ref.indexOf(u"://"_s);
    if (scheme > 0) {
        result.url = ref;
        if (ref.startsWith(u"http://"_s) || ref.startsWith(u"https://"_s)) {
            QStringView path = QStringView(ref).mid(scheme + 3);
            const qsizetype cut = path.indexOf(u'?');
            if (cut >= 0)
                path = path.left(cut);
            const QList<QStringView> segments = path.split(u'/');
            // The first segment is the host; a type/id needs at least two more.
            if (segments.size() >= 3)
                typeAndIdFromTail(segments.mid(1), result.type, result.id);
        }
        return result;
    }
    if (!ref.contains(u'/')) {
        if (!isValidId(ref))
            return std::nullopt;
        result.id = ref;
        return result;
    }
    const QList<QStringView> segments = QStringView(ref).split(u'/');
    if (segments.size() != 2 && !(segments.size() == 4 && segments.at(2) == u"_history"))
        return std::nullopt;
    if (!typeAndIdFromTail(segments, result.type, result.id))
        return std::nullopt;
    return result;
}

} // namespace paw::fhir
