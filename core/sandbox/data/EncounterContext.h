#pragma once

#include "sandbox/data/MemberStory.h"

#include <QString>
#include <QStringList>

namespace paw::sandbox {

/// What every record made at one encounter shares: whose it is, the Encounter it points to, the
/// care event behind it, and the sensitivity labels it inherits (a record made at a visit for a
/// sensitive condition reveals that condition, so it carries the visit's labels).
struct EncounterContext
{
    QString patientId;
    QString encounterId;
    const CareEvent *event = nullptr;
    QStringList sensitivities; // sorted, unique
    int ageYears = 0;          // the member's age on the event's start date
    // The references every record of the visit repeats, spelled once ("<type>/<id>").
    QString subject;           // Patient/<patientId>
    QString encounter;         // Encounter/<encounterId>
    QString practitioner;      // Practitioner/<event.practitionerId>
    QString provider;          // Organization/<event.providerId>
    QString start;             // the visit's start as a FHIR dateTime (first thing in the morning)
};

} // namespace paw::sandbox
