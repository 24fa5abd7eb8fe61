#pragma once

#include <QString>
#include <optional>

namespace paw::fhir {

/// A Reference.reference string split into what search needs.
///
/// "Patient/1" and "Patient/1/_history/2" give type and id; an absolute http(s) URL whose path
/// ends in a known resource type and id gives type, id and url (the store decides whether the
/// URL is its own); any other absolute URL and "urn:uuid:..." give url only; a bare "1" gives the
/// id alone. Contained references ("#x") and malformed values give nullopt.
struct FhirReference
{
    QString type;
    QString id;
    QString url;

    static std::optional<FhirReference> parse(const QString &reference);
    /// True for a FHIR logical id: [A-Za-z0-9\-\.]{1,64}.
    static bool isValidId(QStringView id);
};

} // namespace paw::fhir
