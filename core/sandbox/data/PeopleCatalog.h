#pragma once

#include "sandbox/data/MemberStory.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace paw::sandbox {

class SandboxRandom;

/// Name, place and demographic tables for synthetic people and organizations, as C++ data.
/// Names are common US given and family names; places are real cities with a ZIP code of theirs
/// and their area code; street numbers and phone numbers are invented (phone numbers use the
/// fictional 555-01xx range).
class PeopleCatalog
{
public:
    struct City
    {
        QString name;
        QString state;
        QString zip;
        QString areaCode;
    };

    static const QStringList &femaleGiven();
    static const QStringList &maleGiven();
    static const QStringList &family();
    static const QStringList &streets();
    static const QList<City> &cities();

    static Address address(SandboxRandom &random);
    static Address addressIn(SandboxRandom &random, const City &city);
    static QString phone(SandboxRandom &random, const QString &state);

    /// OMB race category (weighted roughly like the US population) and ethnicity.
    static Code race(SandboxRandom &random);
    static Code ethnicity(SandboxRandom &random);
    /// BCP-47 language: mostly en-US, some es, zh, vi.
    static QString language(SandboxRandom &random, const Code &ethnicity);
};

} // namespace paw::sandbox
