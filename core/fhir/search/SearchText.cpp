#include "fhir/search/SearchText.h"

namespace paw::fhir {

QString SearchText::normalize(QStringView text)
{
    bool plainAscii = true;
    for (QChar c : text) {
        if (c.unicode() >= 0x80) {
            plainAscii = false;
            break;
        }
    }
    // Most values are ASCII: skip the decomposition for them (the indexer runs this per value).
    const QString decomposed = plainAscii ? text.toString() : text.toString().normalized(QString::NormalizationForm_D);
    QString out;
    out.reserve(decomposed.size());
    bool pendingSpace = false;
    for (QChar c : decomposed) {
        if (c.isSpace()) {
            pendingSpace = !out.isEmpty();
            continue;
        }
        const QChar::Category category = c.category();
        if (category == QChar::Mark_NonSpacing || category == QChar::Mark_SpacingCombining
            || category == QChar::Mark_Enclosing)
            continue;
        if (pendingSpace) {
            out.append(u' ');
            pendingSpace = false;
        }
        out.append(c.toLower());
    }
    return out;
}

} // namespace paw::fhir
