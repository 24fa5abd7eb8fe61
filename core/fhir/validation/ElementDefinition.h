#pragma once

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace paw::fhir {

/// The parts of one snapshot ElementDefinition that validation reads, parsed once.
struct ElementDefinition
{
    struct Type
    {
        QString code;             // "CodeableConcept", "Reference", "http://hl7.org/fhirpath/System.String"
        QStringList profiles;     // type.profile
        QStringList targetProfiles;
    };
    struct Discriminator
    {
        enum class Kind { Value, Pattern, Type, Profile, Exists };
        Kind kind = Kind::Value;
        QString path;
    };
    enum class SlicingRules { Open, Closed, OpenAtEnd };
    struct Constraint
    {
        QString key;
        QString severity; // "error" or "warning"
        QString human;
        QString expression;
    };

    QString id;
    QString path;
    QString name;      // last path segment: "value[x]", "extension"
    QString sliceName; // of the last id segment, when this element is a slice
    int min = 0;
    int max = -1;           // -1: unbounded
    bool repeats = false;   // base.max is more than 1: JSON holds an array
    QList<Type> types;
    QString contentReference;
    QString fixedName;   // "fixedUri"; empty when none
    QJsonValue fixed;
    QString patternName; // "patternCodeableConcept"; empty when none
    QJsonValue pattern;
    bool sliced = false;
    QList<Discriminator> discriminators;
    SlicingRules rules = SlicingRules::Open;
    bool ordered = false;
    QString bindingStrength; // required, extensible, preferred, example
    QString bindingValueSet;
    QList<Constraint> constraints;
    bool mustSupport = false;

    bool isChoice() const { return name.endsWith(QLatin1String("[x]")); }
    /// "value" for "value[x]", else the name.
    QString jsonBaseName() const { return isChoice() ? name.chopped(3) : name; }
    bool allowsType(const QString &code) const
    {
        for (const Type &type : types)
            if (type.code == code)
                return true;
        return false;
    }
};

} // namespace paw::fhir
