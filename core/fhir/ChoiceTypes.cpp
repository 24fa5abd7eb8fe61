#include "fhir/ChoiceTypes.h"

#include <QStringList>

namespace paw::fhir {

const QHash<QString, QString> &ChoiceTypes::bySuffix()
{
    static const QHash<QString, QString> types = [] {
        QHash<QString, QString> map;
        // Primitive type names start in lower case; as a suffix their first letter is upper case.
        const QStringList primitives{
            QStringLiteral("base64Binary"), QStringLiteral("boolean"), QStringLiteral("canonical"), QStringLiteral("code"),
            QStringLiteral("date"), QStringLiteral("dateTime"), QStringLiteral("decimal"), QStringLiteral("id"),
            QStringLiteral("instant"), QStringLiteral("integer"), QStringLiteral("markdown"), QStringLiteral("oid"),
            QStringLiteral("positiveInt"), QStringLiteral("string"), QStringLiteral("time"), QStringLiteral("unsignedInt"),
            QStringLiteral("uri"), QStringLiteral("url"), QStringLiteral("uuid")};
        for (const QString &type : primitives)
            map.insert(suffixForType(type), type);
        const QStringList complex{
            QStringLiteral("Address"), QStringLiteral("Age"), QStringLiteral("Annotation"), QStringLiteral("Attachment"),
            QStringLiteral("CodeableConcept"), QStringLiteral("Coding"), QStringLiteral("ContactPoint"), QStringLiteral("Count"),
            QStringLiteral("Distance"), QStringLiteral("Duration"), QStringLiteral("HumanName"), QStringLiteral("Identifier"),
            QStringLiteral("Money"), QStringLiteral("Period"), QStringLiteral("Quantity"), QStringLiteral("Range"),
            QStringLiteral("Ratio"), QStringLiteral("Reference"), QStringLiteral("SampledData"), QStringLiteral("Signature"),
            QStringLiteral("Timing"), QStringLiteral("ContactDetail"), QStringLiteral("Contributor"),
            QStringLiteral("DataRequirement"), QStringLiteral("Expression"), QStringLiteral("ParameterDefinition"),
            QStringLiteral("RelatedArtifact"), QStringLiteral("TriggerDefinition"), QStringLiteral("UsageContext"),
            QStringLiteral("Dosage"), QStringLiteral("Meta")};
        for (const QString &type : complex)
            map.insert(type, type);
        return map;
    }();
    return types;
}

QString ChoiceTypes::suffixForType(const QString &type)
{
    QString suffix = type;
    if (!suffix.isEmpty())
        suffix[0] = suffix.at(0).toUpper();
    return suffix;
}

} // namespace paw::fhir
